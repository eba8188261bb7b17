package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.tencentcloud.tcss.RegistrySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The plugin's Jenkins-free logic that needs no emulator. */
public class CoreUnitTest {

    static StepInputs valid() {
        StepInputs in = new StepInputs();
        in.credentialsId = "tcss-api";
        in.registryCredentialsId = "harbor-robot";
        in.name = "harbor-prod";
        in.url = "https://harbor.example.com";
        in.registryType = "harbor";
        return in;
    }

    // ---- input mapping and validation ----

    @Test
    public void validInputsHaveNoProblems() {
        assertEquals(Arrays.asList(), InputMapping.validate(valid()));
    }

    @Test
    public void eachBadInputIsNamed() {
        StepInputs in = new StepInputs();
        in.netType = "private";
        in.url = "ftp://x";
        in.registryType = "dockerhub";
        in.speedLimit = -1;
        in.syncMode = 2;
        in.connDetect = "a:b:c";
        in.connectTimeoutSeconds = -1;
        in.timeoutSeconds = -1;
        in.maxAttempts = -1;
        in.requestsPerSecond = -2;
        in.endpoint = "tcss.example.com";
        in.credentialsId = "tcss-api";
        in.idTokenCredentialsId = "jenkins-oidc";   // both: refused; and no roleArn
        in.stsEndpoint = "sts.example.com";
        String all = String.join("\n", InputMapping.validate(in));
        for (String field : new String[] {"credentialsId", "registryCredentialsId", "name:", "url:", "registryType:",
            "netType:", "speedLimit:", "syncMode:", "connDetect:", "connectTimeoutSeconds:", "timeoutSeconds:",
            "maxAttempts:", "requestsPerSecond:", "endpoint:", "idTokenCredentialsId: set one", "roleArn:",
            "stsEndpoint:"}) {
            assertTrue(field + " in\n" + all, all.contains(field));
        }
        assertEquals(16, InputMapping.validate(in).size());
    }

    @Test
    public void roleSessionNameIsDerivedFromTheBuildLikeTheLibraryDoes() {
        assertEquals("tcss-jenkins-folder-app-42", InputMapping.roleSessionName("jenkins-folder/app#42"));
        String longName = InputMapping.roleSessionName("jenkins-" + "x".repeat(100) + " y");
        assertEquals(64, longName.length());
        assertTrue(longName.matches("[A-Za-z0-9_+=,.@-]+"));
        assertEquals("tcss-a-b.c@d", InputMapping.roleSessionName("a b.c@d"));
    }

    @Test
    public void connDetectLinesBecomeItems() {
        List<RegistrySpec.ConnDetect> cd = InputMapping.parseConnDetect("q1:u1\n\n :u2\r\nq3: \n");
        assertEquals(3, cd.size());
        assertEquals("q1", cd.get(0).getQuuid());
        assertEquals("u1", cd.get(0).getUuid());
        assertNull(cd.get(1).getQuuid());
        assertEquals("u2", cd.get(1).getUuid());
        assertEquals("q3", cd.get(2).getQuuid());
        assertNull(cd.get(2).getUuid());
        assertTrue(InputMapping.parseConnDetect(null).isEmpty());
        try {
            InputMapping.parseConnDetect("ok:ok\nnocolon");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("line 2"));
        }
        try {
            InputMapping.parseConnDetect(":");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("neither"));
        }
    }

    @Test
    public void everyInputReachesTheSpec() {
        StepInputs in = valid();
        in.url = " https://harbor.example.com ";
        in.registryVersion = "V2";
        in.registryRegion = "ap-guangzhou";
        in.speedLimit = 5;
        in.insecure = Boolean.TRUE;
        in.connDetect = "q:u";
        in.needScan = Boolean.FALSE;
        in.syncMode = 1;
        in.webhookUrl = "https://hook";
        in.instanceId = "tcr-1";
        StepSecrets s = new StepSecrets("AKID", "key".toCharArray(), null, "robot", "pw".toCharArray(),
                "hooktok".toCharArray());
        try (RegistrySpec spec = InputMapping.toSpec(in, s)) {
            assertEquals("harbor-prod", spec.getName());
            assertEquals("robot", spec.getUsername());
            assertEquals("https://harbor.example.com", spec.getUrl());
            assertEquals("harbor", spec.getRegistryType());
            assertEquals("public", spec.getNetType());
            assertEquals("V2", spec.getRegistryVersion());
            assertEquals("ap-guangzhou", spec.getRegistryRegion());
            assertEquals(Long.valueOf(5), spec.getSpeedLimit());
            assertEquals(Boolean.TRUE, spec.getInsecure());
            assertEquals(1, spec.getConnDetect().size());
            assertEquals(Boolean.FALSE, spec.getNeedScan());
            assertEquals(Integer.valueOf(1), spec.getSyncMode());
            assertEquals("https://hook", spec.getWebhookUrl());
            assertEquals("tcr-1", spec.getInstanceId());
            assertFalse("secrets are not printed", spec.toString().contains("pw"));
        }
        StepInputs blanks = valid();
        blanks.registryVersion = "  ";
        blanks.webhookUrl = "";
        try (RegistrySpec spec = InputMapping.toSpec(blanks, s)) {
            assertNull("blank optional inputs are unset", spec.getRegistryVersion());
            assertNull(spec.getWebhookUrl());
            assertNull(spec.getConnDetect());
            assertNull(spec.getSpeedLimit());
        }
    }

    @Test
    public void stepSecretsWipeAndNeverPrint() {
        char[] key = "the-secret-key".toCharArray();
        StepSecrets s = new StepSecrets("AKID", key, "tok".toCharArray(), "u", "p".toCharArray(), null);
        assertFalse(s.toString().contains("the-secret-key"));
        s.wipe();
        for (char c : s.secretKey) {
            assertEquals('\0', c);
        }
        assertEquals("the caller's array is its own", "the-secret-key", new String(key));
    }

    // ---- masking ----

    @Test
    public void maskerHidesEverySecretAndItsUrlEncodedForm() {
        SecretMasker m = new StepSecrets("AKID", "sk/with+chars".toCharArray(), "session-tok".toCharArray(), "user",
                "reg pass@1".toCharArray(), "hook-tok".toCharArray()).masker("proxy:pw".toCharArray());
        String text = "key sk/with+chars enc sk%2Fwith%2Bchars tok session-tok pw reg pass@1 "
                + "enc reg+pass%401 enc2 reg%20pass%401 hook hook-tok proxy http://u:proxy%3Apw@h:1 raw proxy:pw";
        String masked = m.mask(text);
        for (String secret : new String[] {"sk/with+chars", "sk%2Fwith%2Bchars", "session-tok", "reg pass@1",
            "reg+pass%401", "reg%20pass%401", "hook-tok", "proxy%3Apw", "proxy:pw"}) {
            assertFalse(secret + " in " + masked, masked.contains(secret));
        }
        assertTrue(masked, masked.contains("AKID") || !text.contains("AKID"));
        assertTrue(masked.contains("http://u:****@h:1"));
        assertNull(m.mask(null));
    }

    @Test
    public void maskerMasksTheLongerSecretWhole() {
        SecretMasker m = new SecretMasker().add("abc").add("xxabcxx");
        assertEquals("[****] [****]", m.mask("[xxabcxx] [abc]"));
        assertEquals("empty and null secrets are ignored", 0, new SecretMasker().add("").add((String) null)
                .add((char[]) null).size());
    }

    @Test
    public void consoleLinesAreMaskedAndPrefixed() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        ConsoleLog log = new ConsoleLog(new java.io.PrintStream(buf, true), new SecretMasker().add("hunter2"));
        log.println("password=hunter2");
        assertEquals("[tcss] password=****" + System.lineSeparator(), buf.toString());
    }

    // ---- health-check policy, result map, summary ----

    @Test
    public void healthPolicyIsSeparateFromErrors() {
        assertEquals(HealthCheckPolicy.OK, HealthCheckPolicy.decide("", true));
        assertEquals(HealthCheckPolicy.OK, HealthCheckPolicy.decide(null, false));
        assertEquals(HealthCheckPolicy.WARN, HealthCheckPolicy.decide("connect refused", false));
        assertEquals(HealthCheckPolicy.FAIL, HealthCheckPolicy.decide("connect refused", true));
    }

    @Test
    public void resultMapHasTheFourKeys() {
        Map<String, Object> m = new StepOutcome("r", 42, "req-1", true, "", 1, false).toMap();
        assertEquals(Arrays.asList("registryId", "requestId", "alreadyExisted", "healthCheckErr"),
                Arrays.asList(m.keySet().toArray()));
        assertEquals(42L, m.get("registryId"));
        assertEquals("req-1", m.get("requestId"));
        assertEquals(Boolean.TRUE, m.get("alreadyExisted"));
        assertEquals("", m.get("healthCheckErr"));
    }

    @Test
    public void summaryTextForEachCase() {
        assertEquals("TCSS: registry \"r\" added (RegistryId 7, RequestId q).",
                new StepOutcome("r", 7, "q", false, "", 1, false).summary());
        assertEquals("TCSS: registry \"r\" already existed (RegistryId 7, RequestId q).",
                new StepOutcome("r", 7, "q", true, null, 1, true).summary());
        assertEquals("TCSS: registry \"r\" added (RegistryId 7, RequestId q). Warning: TCSS could not reach the"
                + " registry: timeout.", new StepOutcome("r", 7, "q", false, "timeout", 1, false).summary());
        assertEquals("TCSS: registry \"r\" added (RegistryId 7). Health check failed: timeout (failOnHealthCheck"
                + " fails the build).", new StepOutcome("r", 7, "", false, "timeout", 1, true).summary());
    }

    @Test
    public void onlyAFailingHealthPolicyFailsTheStep() {
        assertNull(new StepOutcome("r", 7, "q", false, "", 1, true).failure());
        assertNull(new StepOutcome("r", 7, "q", false, "down", 1, false).failure());
        StepFailure f = new StepOutcome("r", 7, "q", false, "down", 1, true).failure();
        assertNotNull(f);
        assertTrue("a policy failure, not a plugin failure", f.isPolicy());
        assertTrue(f.getMessage(), f.getMessage().contains("was added"));
    }

    // ---- proxy translation ----

    @Test
    public void noJenkinsProxyLeavesTheEnvironmentToLibcurl() {
        assertNull(ProxySettings.none().proxyFor("https://tcss.intl.tencentcloudapi.com"));
        assertNull(new ProxySettings("  ", 3128, null, null, null).proxyFor(null));
    }

    @Test
    public void jenkinsProxyBecomesAProxyUrl() {
        assertEquals("http://proxy.corp:3128", new ProxySettings("proxy.corp", 3128, null, null, null).proxyFor(null));
        assertEquals("http://bob%40corp:p%40ss%3Aw%20rd@proxy.corp:8080",
                new ProxySettings("proxy.corp", 8080, "bob@corp", "p@ss:w rd".toCharArray(), "")
                        .proxyFor("https://tcss.intl.tencentcloudapi.com"));
        assertEquals("user without password", "http://bob@proxy.corp:8080",
                new ProxySettings("proxy.corp", 8080, "bob", null, null).proxyFor(null));
        assertEquals("https://proxy.corp:443", new ProxySettings("https://proxy.corp", 443, null, null, null)
                .proxyFor(null));
        assertEquals("http://[fd00::1]:3128", new ProxySettings("fd00::1", 3128, null, null, null).proxyFor(null));
        assertEquals("http://proxy.corp", new ProxySettings("proxy.corp", 0, null, null, null).proxyFor(null));
    }

    @Test
    public void noProxyHostPatternsFollowJenkins() {
        ProxySettings p = new ProxySettings("proxy.corp", 3128, null, null,
                "localhost\n*.tencentcloudapi.com, 10.0.0.*|internal");
        assertEquals("", p.proxyFor("https://tcss.intl.tencentcloudapi.com"));
        assertEquals("", p.proxyFor("https://TCSS.INTL.TencentCloudAPI.com:443"));
        assertEquals("", p.proxyFor("http://localhost:8080"));
        assertEquals("", p.proxyFor("https://10.0.0.7"));
        assertEquals("", p.proxyFor("https://internal"));
        assertEquals("the default endpoint matches too", "", p.proxyFor(null));
        assertEquals("http://proxy.corp:3128", p.proxyFor("https://tcss.example.com"));
        assertEquals("a pattern matches the whole host", "http://proxy.corp:3128",
                p.proxyFor("https://internal.example.com"));
        assertEquals("dots are literal", "http://proxy.corp:3128", p.proxyFor("https://10a0b0c7"));
    }

    @Test
    public void theStepsOwnProxyInputWins() {
        ProxySettings jenkins = new ProxySettings("proxy.corp", 3128, null, null, null);
        StepInputs in = valid();
        assertEquals("http://proxy.corp:3128", InputMapping.proxyOption(in, jenkins));
        in.proxy = "none";
        assertEquals("", InputMapping.proxyOption(in, jenkins));
        in.proxy = "http://other:1";
        assertEquals("http://other:1", InputMapping.proxyOption(in, jenkins));
        in.proxy = null;
        assertNull(InputMapping.proxyOption(in, null));
    }

    // ---- issue 23: an empty number is not sent; the proxy password is wiped ----

    @Test
    public void anEmptySpeedLimitIsNotSentAsZero() {
        // What Stapler binds from the freestyle form or the Snippet Generator after dropUnset.
        Map<String, Object> form = new java.util.HashMap<>();
        form.put("speedLimit", "");
        form.put("syncMode", " ");
        form.put("insecure", "");
        form.put("name", "");
        FormFields.dropUnset(form);
        assertFalse("an empty speedLimit is dropped, so it binds to null", form.containsKey("speedLimit"));
        assertFalse(form.containsKey("syncMode"));
        assertFalse(form.containsKey("insecure"));
        assertEquals("other fields are left alone", "", form.get("name"));
        form.put("speedLimit", "0");
        form.put("syncMode", "1");
        FormFields.dropUnset(form);
        assertEquals("an explicit 0 is kept", "0", form.get("speedLimit"));
        assertEquals("1", form.get("syncMode"));
        FormFields.dropUnset(null);
        // Null reaches the spec as unset, which libtcss leaves out of the request.
        StepInputs in = valid();
        assertNull(in.speedLimit);
        StepSecrets s = new StepSecrets("AKID", "key".toCharArray(), null, "robot", "pw".toCharArray(), null);
        try (RegistrySpec spec = InputMapping.toSpec(in, s)) {
            assertNull(spec.getSpeedLimit());
        }
        in.speedLimit = 0;
        try (RegistrySpec spec = InputMapping.toSpec(in, s)) {
            assertEquals(Long.valueOf(0), spec.getSpeedLimit());
        }
    }

    @Test
    public void noOptionalNumberIsALong() {
        // Stapler's null-default converters cover Integer, Float and Double: a Long input binds "" to 0.
        for (java.lang.reflect.Field f : StepInputs.class.getFields()) {
            assertFalse("StepInputs." + f.getName() + " is a Long", f.getType() == Long.class || f.getType() == long.class);
        }
        for (java.lang.reflect.Field f : ScanInputs.class.getFields()) {
            assertFalse("ScanInputs." + f.getName() + " is a Long", f.getType() == Long.class || f.getType() == long.class);
        }
        for (String field : FormFields.OPTIONAL_NUMBERS) {
            java.lang.reflect.Field f;
            try {
                f = StepInputs.class.getField(field);
            } catch (NoSuchFieldException e) {
                try {
                    f = ScanInputs.class.getField(field);
                } catch (NoSuchFieldException e2) {
                    throw new AssertionError(field + " is an input of neither step", e2);
                }
            }
            assertEquals(field, Integer.class, f.getType());
        }
    }

    @Test
    public void theProxyPasswordIsWipedOnBothSides() {
        char[] given = "proxy-pass-9".toCharArray();
        ProxySettings p = new ProxySettings("proxy.example.com", 3128, "u", given, null);
        assertEquals("proxy-pass-9", new String(p.getPassword()));
        p.wipe();
        assertTrue(new String(p.getPassword()).chars().allMatch(c -> c == 0));
        p.wipe(); // idempotent
        ProxySettings.none().wipe();
        // The runner wipes the agent's copy whatever happens (here: bad input, before any load or call).
        ProxySettings agent = new ProxySettings("proxy.example.com", 3128, "u", "proxy-pass-9".toCharArray(), null);
        StepInputs bad = valid();
        bad.name = null;
        StepSecrets s = new StepSecrets("AKID", "key".toCharArray(), null, "robot", "pw".toCharArray(), null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            AddRegistryRunner.run(bad, s, agent, new ConsoleLog(new java.io.PrintStream(out, true,
                    java.nio.charset.StandardCharsets.UTF_8), s.masker(agent.getPassword())));
            fail("bad input ran");
        } catch (StepFailure e) {
            assertTrue(e.getMessage(), e.getMessage().contains("name: required"));
        }
        assertTrue("the runner wiped the proxy password", new String(agent.getPassword()).chars().allMatch(c -> c == 0));
    }

    // ---- issue 23: the native library on a reconnected agent ----

    @Test
    public void aLibraryOnJavaLibraryPathIsFound() throws Exception {
        java.nio.file.Path a = java.nio.file.Files.createTempDirectory("tcss-libpath-a");
        java.nio.file.Path b = java.nio.file.Files.createTempDirectory("tcss-libpath-b");
        try {
            String lib = System.mapLibraryName("tcss_jni");
            String path = String.join(java.io.File.pathSeparator, "", a.toString(), b.toString());
            assertNull(AgentNativeLoader.findOnPath(path, lib));
            java.nio.file.Files.write(b.resolve(lib), new byte[] {1});
            assertEquals(b.resolve(lib).toAbsolutePath(), AgentNativeLoader.findOnPath(path, lib));
            java.nio.file.Files.write(a.resolve(lib), new byte[] {1});
            assertEquals("the first folder wins, as for loadLibrary", a.resolve(lib).toAbsolutePath(),
                    AgentNativeLoader.findOnPath(path, lib));
            java.nio.file.Files.createDirectories(a.resolve("sub"));
            assertNull(AgentNativeLoader.findOnPath(a.toString(), "sub"));
            assertNull(AgentNativeLoader.findOnPath(null, lib));
        } finally {
            for (java.nio.file.Path d : new java.nio.file.Path[] {a, b}) {
                try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(d)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    // ---- agent-side native choice ----

    @Test
    public void nativeLibraryChosenByTheAgentsOsAndArch() {
        assertEquals("linux/x86_64", AgentPlatform.directory("Linux", "amd64"));
        assertEquals("linux/aarch64", AgentPlatform.directory("Linux", "aarch64"));
        assertEquals("darwin/aarch64", AgentPlatform.directory("Mac OS X", "aarch64"));
        assertEquals("win/x86_64", AgentPlatform.directory("Windows Server 2019", "amd64"));
        assertNull(AgentPlatform.problem("Linux", "amd64", null, true));
        assertNull("an explicit library path is trusted", AgentPlatform.problem("Linux", "aarch64", "/opt/x.so", false));
        String p = AgentPlatform.problem("Linux", "aarch64", null, false);
        assertTrue(p, p.contains("linux/aarch64") && p.contains("tcss.native.path"));
        assertTrue(AgentPlatform.problem("SunOS", "sparcv9", null, false).contains("SunOS/sparcv9"));
        assertNull("this test JVM (linux x86_64) is served by the bundled library", AgentPlatform.problemHere());
    }
}
