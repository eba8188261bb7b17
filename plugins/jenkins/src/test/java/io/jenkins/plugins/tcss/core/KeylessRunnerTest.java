package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Test;

/**
 * The step in keyless mode, against the emulator's STS: an id token (what the
 * OIDC Provider plugin's credential yields on the controller, here a secret
 * string handed to the runner) plus a role ARN and provider id, and no API
 * key. CMake runs it with the harness's permanent keys out of the
 * environment, so the id token is the only way in.
 */
public class KeylessRunnerTest {
    private static final AtomicInteger N = new AtomicInteger();
    private ByteArrayOutputStream consoleBytes;

    static String env(String name) {
        return AddRegistryRunnerTest.env(name);
    }

    @Before
    public void setUp() throws Exception {
        TestEnv.requireEmulator();
        TestEnv.require("needs an environment without TENCENTCLOUD_SECRET_ID (the chain puts environment keys before"
                + " web identity): CTest runs this as jenkins_core_keyless", System.getenv("TENCENTCLOUD_SECRET_ID") == null);
        TestEnv.require("needs TCSS_MINT_OIDC_TOKEN from tests/harness/with-emulator",
                System.getenv("TCSS_MINT_OIDC_TOKEN") != null);
        consoleBytes = new ByteArrayOutputStream();
        AddRegistryRunnerTest.control("POST", "/__emulator/reset");
    }

    static String mint(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(env("TCSS_MINT_OIDC_TOKEN"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("mint-oidc-token", 0, p.waitFor());
        return out;
    }

    private StepInputs keylessInputs() {
        StepInputs in = CoreUnitTest.valid();
        in.credentialsId = null;
        in.idTokenCredentialsId = "jenkins-oidc";
        in.roleArn = env("TCSS_TEST_OIDC_ROLE_ARN");
        in.providerId = env("TCSS_TEST_OIDC_PROVIDER_ID");
        in.stsEndpoint = env("TCSS_STS_ENDPOINT");
        in.roleSessionName = "jenkins-keyless-" + N.incrementAndGet();
        in.name = "jenkins-keyless-" + ProcessHandle.current().pid() + "-" + N.get();
        in.url = env("TCSS_MOCK_REGISTRY");
        in.endpoint = env("TCSS_ENDPOINT");
        in.verbose = true;
        return in;
    }

    private StepSecrets secrets(String token) {
        return new StepSecrets(null, null, null, env("TCSS_MOCK_REGISTRY_USER"),
                env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray(), null, token.toCharArray());
    }

    private String consoleText() {
        return new String(consoleBytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private void assertNoTokenIn(String text, String token) {
        assertFalse("token in:\n" + text, text.contains(token));
        for (String part : token.split("\\.")) {
            assertFalse("a token part in:\n" + text, text.contains(part));
        }
    }

    /**
     * tcssScan keyless: the same id token, role and provider (the scan step shares the add step's
     * credential inputs) ensure the registry and then scan an image pushed to it; the token never reaches
     * the console, and a scan's StepSecrets carry no registry password.
     */
    @Test
    public void idTokenAloneEnsuresAndScans() throws Exception {
        String token = mint();
        StepInputs add = keylessInputs();
        add.ensure = true;
        add.needScan = Boolean.TRUE;
        StepOutcome o = AddRegistryRunner.run(add, secrets(token), ProxySettings.none(), new ConsoleLog(
                new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), secrets(token).masker()));
        assertEquals("added", o.getAction());
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(env("TCSS_MOCK_REGISTRY")
                + "/__mock/push").openConnection(java.net.Proxy.NO_PROXY);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().write("{\"repository\": \"keyless/app\", \"tag\": \"1\", \"seed\": \"k\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, c.getResponseCode());
        AddRegistryRunnerTest.controlJson("/__emulator/config", "{\"sync_seconds\": 0.2, \"scan_seconds\": 0.4}");
        ScanInputs in = new ScanInputs();
        in.client = keylessInputs();
        in.client.name = null; // the registry fields are the add step's; a scan uses name below
        in.name = add.name;
        in.image = env("TCSS_MOCK_REGISTRY").replaceFirst("^https?://", "") + "/keyless/app:1";
        in.sync = true;
        in.waitSeconds = 30;
        assertEquals(List.of(), in.validate());
        StepSecrets s = new StepSecrets(null, null, null, null, null, null, token.toCharArray());
        java.nio.file.Path ws = java.nio.file.Files.createTempDirectory("tcss-keyless-ws");
        ScanStepOutcome scan = ScanRunner.run(in, s, ProxySettings.none(),
                new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker()), ws);
        assertEquals(consoleText(), "passed", scan.getOutcome());
        assertTrue(java.nio.file.Files.exists(ws.resolve(scan.getReports().get("junit"))));
        assertNoTokenIn(consoleText(), token);
        for (char ch : s.webIdentityToken) {
            assertEquals("the token is wiped after the scan", '\0', ch);
        }
    }

    @Test
    public void idTokenAloneRegistersAndIsMaskedInTheConsole() throws Exception {
        String token = mint();
        StepInputs in = keylessInputs();
        assertEquals(List.of(), InputMapping.validate(in));
        StepSecrets s = secrets(token);
        ConsoleLog console = new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker());
        StepOutcome o = AddRegistryRunner.run(in, s, ProxySettings.none(), console);
        assertTrue((Long) o.toMap().get("registryId") > 0);
        String sts = AddRegistryRunnerTest.control("GET", "/__emulator/sts");
        assertTrue("STS issued the credential the call used: " + sts,
                sts.contains("sts:" + env("TCSS_TEST_OIDC_ROLE_ARN")));
        // Anything printed with the token in it (a careless echo) is masked.
        console.println("debug: token=" + token);
        String text = consoleText();
        assertTrue(text, text.contains(o.summary()));
        assertTrue(text, text.contains("debug: token="));
        assertNoTokenIn(text, token);
        for (char c : s.webIdentityToken) {
            assertEquals("the id token is wiped after the run", '\0', c);
        }
    }

    @Test
    public void wrongAudienceFailsWithStsCodeAndNoToken() throws Exception {
        String token = mint("--aud", "someone-else");
        StepSecrets s = secrets(token);
        ConsoleLog console = new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker());
        try {
            AddRegistryRunner.run(keylessInputs(), s, ProxySettings.none(), console);
            fail("a token for another audience registered");
        } catch (StepFailure e) {
            assertTrue(e.getMessage(), e.getMessage().contains("InvalidParameter.WebIdentityTokenError"));
            assertTrue(e.getMessage(), e.getMessage().contains("idTokenCredentialsId"));
            assertNoTokenIn(e.getMessage(), token);
        }
        assertNoTokenIn(consoleText(), token);
        assertFalse(AddRegistryRunnerTest.control("GET", "/__emulator/state").contains("jenkins-keyless"));
    }

    @Test
    public void noKeyAndNoTokenIsLeftToTheLibrarysChain() throws Exception {
        // A CVM agent: nothing for the plugin to supply. Here no metadata role is bound
        // (TCSS_NO_METADATA=1 in CMake), so the library's "no credentials" message comes back.
        StepInputs in = keylessInputs();
        in.idTokenCredentialsId = null;
        in.roleArn = null;
        assertEquals(List.of(), InputMapping.validate(in));
        StepSecrets s = new StepSecrets(null, null, null, env("TCSS_MOCK_REGISTRY_USER"),
                env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray(), null, null);
        ConsoleLog console = new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker());
        try {
            AddRegistryRunner.run(in, s, ProxySettings.none(), console);
            fail("registered with no credentials at all");
        } catch (StepFailure e) {
            assertTrue(e.getMessage(), e.getMessage().contains("(credentials)"));
        }
    }

    @Test
    public void keylessInputsAreValidated() {
        StepInputs in = keylessInputs();
        in.roleArn = " ";
        assertTrue(String.join(";", InputMapping.validate(in)).contains("roleArn: required"));
        in = keylessInputs();
        in.credentialsId = "tcss-api";
        assertTrue(String.join(";", InputMapping.validate(in)).contains("not both"));
        in = keylessInputs();
        in.stsEndpoint = "sts.example.com";
        assertTrue(String.join(";", InputMapping.validate(in)).contains("stsEndpoint"));
    }
}
