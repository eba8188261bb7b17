package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.Test;

/**
 * A URL carrying a password ({@code https://user:SECRET@host}) is refused, and
 * nothing the binding hands back quotes the password: not the exception (message,
 * toString, stack trace, accessors), not a log line, not {@code toString()} of
 * the options or the spec (issue 21, item 1).
 *
 * <p>The refusals come from libtcss itself: the three {@code *IsRefusedWithoutQuotingThePassword}
 * tests here (and KeylessTest's stsEndpoint one, which needs the environment's keys
 * away) fail until the core masks the user information in the message it builds
 * (src/libtcss, issue 21 item 1); the binding adds no URL to any message of its own.
 * Nothing here needs the emulator: every URL is refused before anything is sent.
 */
public class UrlUserinfoTest {
    static final String SECRET = "SECRET";
    static final String WITH_USERINFO = "https://user:" + SECRET + "@h.example";

    /** Options that never reach a network: a closed loopback port, one attempt. */
    private static ClientOptions offline(List<String> lines) {
        return new ClientOptions().endpoint("http://127.0.0.1:9").secretId("AKIDuserinfotest")
                .secretKey("userinfo-test-key".toCharArray()).maxAttempts(1).noMetadata(true)
                .logListener((level, line) -> lines.add(line), TcssLogListener.Level.DEBUG);
    }

    private static RegistrySpec.Builder spec() {
        return RegistrySpec.builder().name("userinfo").username("robot").password("pw".toCharArray())
                .url("https://registry.example").registryType("harbor").netType("public");
    }

    static void assertNoSecret(String what, TcssException e, List<String> lines) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String[] texts = {e.getMessage(), e.toString(), e.getServiceMessage(), e.getServiceCode(), trace.toString()};
        String[] names = {"getMessage", "toString", "getServiceMessage", "getServiceCode", "stack trace"};
        for (int i = 0; i < texts.length; i++) {
            assertFalse(what + ": the password is quoted in " + names[i] + ": " + texts[i],
                    texts[i] != null && texts[i].contains(SECRET));
        }
        synchronized (lines) {
            for (String line : lines) {
                assertFalse(what + ": the password is in a log line: " + line, line.contains(SECRET));
            }
        }
    }

    /** Both calls (send and preview) refuse a spec whose URL field has user information. */
    private static void refusedInSpec(String field, UnaryOperator<RegistrySpec.Builder> set) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (TcssClient c = new TcssClient(offline(lines)); RegistrySpec s = set.apply(spec()).build()) {
            for (int call = 0; call < 2; call++) {
                try {
                    if (call == 0) {
                        c.previewAddRegistry(s);
                    } else {
                        c.addRegistry(s);
                    }
                    fail(field + " with user information was accepted");
                } catch (TcssException e) {
                    assertEquals(e.getMessage(), TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
                    assertEquals("refused before sending", 0, e.getAttempts());
                    assertNoSecret(field, e, lines);
                }
            }
        }
    }

    /** Options whose URL field has user information are refused, at creation or at the first call. */
    private static void refusedInOptions(String field, UnaryOperator<ClientOptions> set) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (ClientOptions o = set.apply(offline(lines)); TcssClient c = new TcssClient(o);
             RegistrySpec s = spec().build()) {
            c.previewAddRegistry(s);
            fail(field + " with user information was accepted");
        } catch (TcssException e) {
            assertEquals(e.getMessage(), TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
            assertNoSecret(field, e, lines);
        }
    }

    @Test
    public void registryUrlIsRefusedWithoutQuotingThePassword() throws Exception {
        refusedInSpec("url", b -> b.url(WITH_USERINFO));
    }

    @Test
    public void webhookUrlIsRefusedWithoutQuotingThePassword() throws Exception {
        refusedInSpec("webhookUrl", b -> b.webhookUrl(WITH_USERINFO + "/hook").webhookToken("t".toCharArray()));
    }

    @Test
    public void endpointIsRefusedWithoutQuotingThePassword() throws Exception {
        refusedInOptions("endpoint", o -> o.endpoint(WITH_USERINFO));
    }

    // What the binding quotes itself.

    @Test
    public void specToStringMasksThePassword() {
        try (RegistrySpec s = spec().url(WITH_USERINFO + "/v2/").build()) {
            String text = s.toString();
            assertFalse(text, text.contains(SECRET));
            assertTrue(text, text.contains("url=https://user:********@h.example/v2/"));
        }
    }

    @Test
    public void optionsToStringMasksThePassword() {
        try (ClientOptions o = new ClientOptions().endpoint(WITH_USERINFO)) {
            String text = o.toString();
            assertFalse(text, text.contains(SECRET));
            assertTrue(text, text.contains("endpoint=https://user:********@h.example"));
        }
    }

    @Test
    public void maskingKeepsEverythingButThePassword() {
        assertEquals("https://user:********@h.example:8443/a@b?q=1#f",
                Urls.maskUserinfo("https://user:" + SECRET + "@h.example:8443/a@b?q=1#f"));
        // The last '@' of the authority ends the user information; the password may hold '@'.
        assertEquals("https://user:********@h.example", Urls.maskUserinfo("https://user:S@CRET@h.example"));
        // User information without a colon is often a token by itself: masked whole.
        assertEquals("https://********@h.example", Urls.maskUserinfo("https://" + SECRET + "@h.example"));
        assertEquals("https://h.example/a@b", Urls.maskUserinfo("https://h.example/a@b"));
        assertEquals("https://h.example", Urls.maskUserinfo("https://h.example"));
        assertEquals("user:********@h.example", Urls.maskUserinfo("user:" + SECRET + "@h.example"));
        assertEquals(null, Urls.maskUserinfo(null));
        assertEquals("", Urls.maskUserinfo(""));
    }
}
