package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

/** The agent-side work of the step, against the emulator (run under tests/harness/with-emulator). */
public class AddRegistryRunnerTest {
    private static final AtomicInteger N = new AtomicInteger();
    private ByteArrayOutputStream consoleBytes;
    private StepSecrets secrets;

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null) {
            throw new IllegalStateException(name + " unset: run under tests/harness/with-emulator");
        }
        return v;
    }

    @Before
    public void setUp() throws Exception {
        TestEnv.requireEmulator();
        consoleBytes = new ByteArrayOutputStream();
        secrets = new StepSecrets(env("TENCENTCLOUD_SECRET_ID"), env("TENCENTCLOUD_SECRET_KEY").toCharArray(), null,
                env("TCSS_MOCK_REGISTRY_USER"), env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray(),
                "jenkins-hook-token-77".toCharArray());
        control("POST", "/__emulator/reset");
    }

    private ConsoleLog console(StepSecrets s, char[]... extra) {
        return new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker(extra));
    }

    private String consoleText() {
        return new String(consoleBytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private StepInputs inputs() {
        StepInputs in = CoreUnitTest.valid();
        in.name = "jenkins-" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
        in.url = env("TCSS_MOCK_REGISTRY");
        in.endpoint = env("TCSS_ENDPOINT");
        in.webhookUrl = "https://hooks.example.com/x";
        in.verbose = true;
        return in;
    }

    private void assertConsoleHasNoSecrets() {
        String text = consoleText();
        for (String secret : new String[] {env("TENCENTCLOUD_SECRET_KEY"), env("TCSS_MOCK_REGISTRY_PASSWORD"),
            "jenkins-hook-token-77"}) {
            assertFalse("secret in console:\n" + text, text.contains(secret));
        }
    }

    static String control(String method, String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(env("TCSS_EMULATOR") + path).openConnection(Proxy.NO_PROXY);
        c.setRequestMethod(method);
        if ("POST".equals(method)) {
            c.setDoOutput(true);
            c.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        }
        try (java.io.InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void successReturnsTheMapAndASummary() throws Exception {
        StepInputs in = inputs();
        StepOutcome o = AddRegistryRunner.run(in, secrets, ProxySettings.none(), console(secrets));
        Map<String, Object> m = o.toMap();
        assertTrue((Long) m.get("registryId") > 0);
        assertFalse(((String) m.get("requestId")).isEmpty());
        assertEquals(Boolean.FALSE, m.get("alreadyExisted"));
        assertEquals("", m.get("healthCheckErr"));
        assertEquals(HealthCheckPolicy.OK, o.getDecision());
        assertNull(o.failure());
        assertTrue(consoleText(), consoleText().contains(o.summary()));
        assertTrue("verbose shows libtcss's trace", consoleText().split("\n").length > 3);
        assertConsoleHasNoSecrets();
        String state = control("GET", "/__emulator/state");
        assertTrue(state.contains(in.name));
        assertTrue("the webhook token reached the service", state.contains("jenkins-hook-token-77"));
        for (char c : secrets.secretKey) {
            assertEquals("secrets wiped after the run", '\0', c);
        }
    }

    /** ensure: true (issue 18): added, then unchanged, then updated in place; update: never only reports. */
    @Test
    public void ensureAddsLeavesAloneAndUpdatesInPlace() throws Exception {
        StepInputs in = inputs();
        in.ensure = true;
        in.registryVersion = "V2";
        StepOutcome added = AddRegistryRunner.run(in, copy(secrets), ProxySettings.none(), console(secrets));
        assertEquals("added", added.getAction());
        assertEquals("added", added.toMap().get("action"));
        assertEquals(Boolean.FALSE, added.toMap().get("alreadyExisted"));
        assertTrue(consoleText(), consoleText().contains("(update: auto)"));
        StepOutcome same = AddRegistryRunner.run(in, copy(secrets), ProxySettings.none(), console(secrets));
        assertEquals("unchanged", same.getAction());
        assertEquals(added.getRegistryId(), same.getRegistryId());
        assertEquals(Boolean.TRUE, same.toMap().get("alreadyExisted"));
        assertEquals(List.of(), same.toMap().get("changed"));
        in.registryVersion = "V1";
        in.update = "never";
        StepOutcome never = AddRegistryRunner.run(in, copy(secrets), ProxySettings.none(), console(secrets));
        assertEquals("unchanged", never.getAction());
        assertTrue(never.getChanged().contains("RegistryVersion"));
        assertTrue(never.summary(), never.summary().contains("not updated"));
        assertTrue(control("GET", "/__emulator/state").contains("\"RegistryVersion\": \"V2\"")
                || control("GET", "/__emulator/state").contains("\"RegistryVersion\":\"V2\""));
        in.update = null; // auto
        StepOutcome updated = AddRegistryRunner.run(in, copy(secrets), ProxySettings.none(), console(secrets));
        assertEquals("updated", updated.getAction());
        assertEquals("in place", added.getRegistryId(), updated.getRegistryId());
        assertTrue(updated.getChanged().contains("RegistryVersion"));
        assertTrue(updated.summary(), updated.summary().contains("updated in place"));
        assertConsoleHasNoSecrets();
    }

    @Test
    public void updateWithoutEnsureOrAnUnknownPolicyIsRefused() {
        StepInputs in = CoreUnitTest.valid();
        in.update = "always";
        assertTrue(InputMapping.validate(in).toString(), InputMapping.validate(in).toString()
                .contains("update: applies only with ensure: true"));
        in.ensure = true;
        assertEquals(List.of(), InputMapping.validate(in));
        in.update = "sometimes";
        assertTrue(InputMapping.validate(in).toString().contains("update: must be one of auto, always, never"));
    }

    private static StepSecrets copy(StepSecrets s) {
        return new StepSecrets(s.secretId, s.secretKey.clone(), null, s.registryUsername, s.registryPassword.clone(),
                null);
    }

    @Test
    public void secondRunReportsAlreadyExisted() throws Exception {
        StepInputs in = inputs();
        StepSecrets again = new StepSecrets(secrets.secretId, secrets.secretKey, null, secrets.registryUsername,
                secrets.registryPassword, null);
        long id = AddRegistryRunner.run(in, secrets, ProxySettings.none(), console(secrets)).getRegistryId();
        StepOutcome o = AddRegistryRunner.run(in, again, ProxySettings.none(), console(again));
        assertTrue(o.isAlreadyExisted());
        assertEquals(id, o.getRegistryId());
        assertTrue(o.summary().contains("already existed"));
    }

    @Test
    public void healthWarningIsAWarningUnlessFailOnHealthCheck() throws Exception {
        StepInputs in = inputs();
        in.url = "http://127.0.0.1:1";
        StepSecrets copy = new StepSecrets(secrets.secretId, secrets.secretKey, null, secrets.registryUsername,
                secrets.registryPassword, null);
        StepOutcome warn = AddRegistryRunner.run(in, secrets, ProxySettings.none(), console(secrets));
        assertEquals(HealthCheckPolicy.WARN, warn.getDecision());
        assertFalse(warn.getHealthCheckErr().isEmpty());
        assertNull("the build goes on", warn.failure());

        StepInputs strict = inputs();
        strict.url = "http://127.0.0.1:1";
        strict.failOnHealthCheck = true;
        StepOutcome fail = AddRegistryRunner.run(strict, copy, ProxySettings.none(), console(copy));
        assertEquals(HealthCheckPolicy.FAIL, fail.getDecision());
        assertTrue("added anyway", fail.getRegistryId() > 0);
        assertNotNull(fail.failure());
        assertTrue(fail.failure().isPolicy());
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

    static void controlJson(String path, String json) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(env("TCSS_EMULATOR") + path).openConnection(Proxy.NO_PROXY);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, c.getResponseCode());
    }

    /**
     * Issue 10 item 1, the Jenkins path: a service message that echoes the
     * registry password, the SecretKey, the webhook token and the Basic
     * credential reaches neither the step's exception nor the build log.
     */
    @Test
    public void aServiceMessageEchoingSecretsReachesNeitherTheLogNorTheFailure() throws Exception {
        String password = env("TCSS_MOCK_REGISTRY_PASSWORD");
        String secretKey = env("TENCENTCLOUD_SECRET_KEY");
        String user = env("TCSS_MOCK_REGISTRY_USER");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String echo = "login to https://" + user + ":" + password + "@registry.example failed (key " + secretKey
                + ", hook jenkins-hook-token-77, Authorization: Basic " + basic + ")";
        controlJson("/__emulator/faults", "{\"mode\": \"error\", \"count\": 10, "
                + "\"code\": \"InvalidParameterValue.Url\", \"message\": " + jsonString(echo) + "}");
        StepInputs in = inputs();
        in.maxAttempts = 1;
        try {
            AddRegistryRunner.run(in, secrets, ProxySettings.none(), console(secrets));
            fail("the service refused the registry");
        } catch (StepFailure e) {
            assertEquals("service", e.getErrorClass());
            String m = e.getMessage();
            assertTrue("the service's code is shown", m.contains("InvalidParameterValue.Url"));
            for (String secret : new String[] {password, secretKey, "jenkins-hook-token-77", basic}) {
                // Never print the text: it would hold the secret.
                assertFalse("a secret in the step's failure", m.contains(secret));
            }
        }
        String text = consoleText();
        for (String secret : new String[] {password, secretKey, "jenkins-hook-token-77", basic}) {
            assertFalse("a secret in the build log", text.contains(secret));
        }
    }

    @Test
    public void aWrongKeyFailsAsAnAuthErrorWithoutLeakingIt() throws Exception {
        StepSecrets wrong = new StepSecrets(secrets.secretId, "wrong-secret-key-123".toCharArray(), null,
                secrets.registryUsername, secrets.registryPassword, null);
        try {
            AddRegistryRunner.run(inputs(), wrong, ProxySettings.none(), console(wrong));
            fail("a wrong key succeeded");
        } catch (StepFailure e) {
            assertFalse(e.isPolicy());
            assertEquals("auth", e.getErrorClass());
            assertTrue(e.getMessage(), e.getMessage().contains("AuthFailure"));
            assertTrue(e.getMessage(), e.getMessage().contains("credentialsId"));
            assertFalse(e.getMessage().contains("wrong-secret-key-123"));
        }
        assertFalse(consoleText().contains("wrong-secret-key-123"));
    }

    @Test
    public void badInputFailsBeforeAnythingIsSent() throws Exception {
        StepInputs in = inputs();
        in.registryType = "dockerhub";
        try {
            AddRegistryRunner.run(in, secrets, ProxySettings.none(), console(secrets));
            fail();
        } catch (StepFailure e) {
            assertEquals("invalid_argument", e.getErrorClass());
            assertTrue(e.getMessage(), e.getMessage().contains("registryType"));
        }
        assertEquals("nothing sent", "[]", control("GET", "/__emulator/requests").trim());
    }

    /** A stand-in HTTP proxy: records what it was asked and answers like the service. */
    private static HttpServer fakeProxy(List<String> seen) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Proxy-Authorization");
            seen.add(ex.getRequestURI() + " auth=" + auth);
            byte[] body = "{\"Response\":{\"RegistryId\":9001,\"HealthCheckErr\":\"\",\"NameRepeatErr\":\"\",\"RequestId\":\"via-proxy\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    public void jenkinsProxySettingsAreUsedWithTheirCredentials() throws Exception {
        // For the real endpoint, Jenkins' proxy (with its credentials, percent-encoded) becomes the library's proxy.
        char[] proxyPw = "proxy-p@ss".toCharArray();
        ProxySettings jenkins = new ProxySettings("proxy.corp.example", 3128, "jenkins", proxyPw, "*.example.com");
        StepInputs in = inputs();
        in.endpoint = null;
        assertEquals("http://jenkins:proxy-p%40ss@proxy.corp.example:3128",
                InputMapping.proxyOption(in, jenkins));
    }

    @Test
    public void loopbackEndpointNeverGoesThroughJenkinsProxy() throws Exception {
        // The library never sends a loopback endpoint through a proxy (a plain-http request carries the password
        // in clear text): even with Jenkins' proxy set and not bypassed, the emulator answers and the proxy sees
        // nothing, and the proxy's password stays out of the log.
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = fakeProxy(seen);
        try {
            char[] proxyPw = "proxy-p@ss".toCharArray();
            ProxySettings jenkins = new ProxySettings("127.0.0.1", proxy.getAddress().getPort(), "jenkins",
                    proxyPw, "*.example.com");
            StepOutcome o = AddRegistryRunner.run(inputs(), secrets, jenkins, console(secrets, proxyPw));
            assertTrue(o.getRegistryId() > 0);
            assertFalse("the emulator answered, not the proxy", "via-proxy".equals(o.getRequestId()));
            assertEquals("the proxy saw nothing", 0, seen.size());
            assertFalse(consoleText().contains("proxy-p@ss"));
            assertFalse(consoleText().contains("proxy-p%40ss"));
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    public void noProxyHostSendsStraightToTheEndpoint() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = fakeProxy(seen);
        try {
            ProxySettings jenkins = new ProxySettings("127.0.0.1", proxy.getAddress().getPort(), null, null,
                    "localhost\n127.0.0.*");
            StepOutcome o = AddRegistryRunner.run(inputs(), secrets, jenkins, console(secrets));
            assertTrue(o.getRegistryId() > 0);
            assertFalse("the emulator answered, not the proxy", "via-proxy".equals(o.getRequestId()));
            assertEquals("the proxy saw nothing", 0, seen.size());
        } finally {
            proxy.stop(0);
        }
    }
}
