package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 10 item 1, the Java path: a service whose error message echoes the
 * registry password and the SecretKey (as a service that prints the URL with
 * its credentials would) must not put either in the exception, its accessors,
 * its stack trace text or the log listener's lines.
 */
public class SecretEchoTest {
    @Before
    public void reset() throws Exception {
        TestSupport.reset();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Test
    public void serviceMessageEchoingSecretsNeverReachesTheException() throws Exception {
        String password = TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD");
        String secretKey = TestSupport.secretKey();
        String user = TestSupport.env("TCSS_MOCK_REGISTRY_USER");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        // As given, and as a registry would echo it back in a Basic header (issue 10 items 1 and 2).
        String echo = "cannot log in to https://" + user + ":" + password + "@registry.example/v2/ (password "
                + password + ", key " + secretKey + ", Authorization: Basic " + basic + ")";
        TestSupport.faultJson("{\"mode\": \"error\", \"count\": 10, \"code\": \"InvalidParameterValue.Url\","
                + " \"message\": " + jsonString(echo) + "}");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ClientOptions o = TestSupport.options().maxAttempts(1)
                .logListener((level, line) -> lines.add(line), TcssLogListener.Level.DEBUG);
        try (TcssClient c = new TcssClient(o);
             RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("echo")).build()) {
            c.addRegistry(s);
            fail("the service refused the registry");
        } catch (TcssException e) {
            assertEquals(e.toString(), TcssErrorClass.SERVICE, e.getErrorClass());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String[] texts = {e.getMessage(), e.toString(), e.getServiceMessage(), e.getServiceCode(),
                e.getRequestId(), trace.toString()};
            // The failure messages name the text, never print it: it would hold the secret.
            String[] names = {"getMessage", "toString", "getServiceMessage", "getServiceCode", "getRequestId",
                "stack trace"};
            for (int i = 0; i < texts.length; i++) {
                assertFalse("no Basic credential in " + names[i], texts[i] != null && texts[i].contains(basic));
                assertFalse("no password in " + names[i], texts[i] != null && texts[i].contains(password));
                assertFalse("no SecretKey in " + names[i], texts[i] != null && texts[i].contains(secretKey));
            }
        }
        synchronized (lines) {
            for (int i = 0; i < lines.size(); i++) {
                assertFalse("no Basic credential in log line " + i, lines.get(i).contains(basic));
                assertFalse("no password in log line " + i, lines.get(i).contains(password));
                assertFalse("no SecretKey in log line " + i, lines.get(i).contains(secretKey));
            }
        }
    }
}
