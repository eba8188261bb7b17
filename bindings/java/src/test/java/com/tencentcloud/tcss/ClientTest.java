package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/** Successful calls against the emulator: every input arrives, every output comes back. */
public class ClientTest {
    @BeforeClass
    public static void freshEmulator() throws Exception {
        TestSupport.freshEmulatorForClass();
    }


    @Test
    public void addsRegistryWithAllSeventeenInputs() throws Exception {
        String name = TestSupport.uniqueName("all-inputs");
        try (TcssClient client = new TcssClient(TestSupport.options().region("ap-guangzhou").language("en-US"));
             RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V2").registryRegion("default")
                     .speedLimit(100L).insecure(false).addConnDetect("q-1", "u-1").addConnDetect(null, "u-2")
                     .needScan(true).syncMode(1).webhookUrl("https://hooks.example.com/tcss")
                     .webhookToken("hook-token-ABC".toCharArray()).instanceId("tcr-abc123").build()) {
            AddRegistryResult r = client.addRegistry(spec);
            assertTrue("registry id", r.getRegistryId() > 0);
            assertFalse(r.getRequestId().isEmpty());
            assertFalse(r.isAlreadyExisted());
            assertEquals("", r.getNameRepeatErr());
            assertEquals("mock registry is healthy", "", r.getHealthCheckErr());
            assertTrue(r.isHealthy());
            assertEquals(1, r.getAttempts());

            Map<String, Object> stored = TestSupport.registryNamed(name);
            assertNotNull("the emulator stored it", stored);
            assertEquals(r.getRegistryId(), ((Long) stored.get("RegistryId")).longValue());
            assertEquals(TestSupport.env("TCSS_MOCK_REGISTRY_USER"), stored.get("Username"));
            assertEquals(TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD"), stored.get("Password"));
            assertEquals(TestSupport.env("TCSS_MOCK_REGISTRY"), stored.get("Url"));
            assertEquals("harbor", stored.get("RegistryType"));
            assertEquals("public", stored.get("NetType"));
            assertEquals("V2", stored.get("RegistryVersion"));
            assertEquals("default", stored.get("RegistryRegion"));
            assertEquals(100L, stored.get("SpeedLimit"));
            assertEquals(0L, stored.get("Insecure"));
            assertEquals(Boolean.TRUE, stored.get("NeedScan"));
            assertEquals(1L, stored.get("SyncMode"));
            assertEquals("https://hooks.example.com/tcss", stored.get("WebhookUrl"));
            assertEquals("hook-token-ABC", stored.get("WebhookToken"));
            assertEquals("tcr-abc123", stored.get("InstanceId"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cd = (List<Map<String, Object>>) stored.get("ConnDetectConfig");
            assertEquals(2, cd.size());
            assertEquals("q-1", cd.get(0).get("Quuid"));
            assertEquals("u-1", cd.get(0).get("Uuid"));
            assertFalse("an unset Quuid is left out", cd.get(1).containsKey("Quuid"));
            assertEquals("u-2", cd.get(1).get("Uuid"));
        }
    }

    @Test
    public void unsetOptionalInputsAreNotSent() throws Exception {
        String name = TestSupport.uniqueName("minimal");
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec(name).build()) {
            client.addRegistry(spec);
            Map<String, Object> stored = TestSupport.registryNamed(name);
            assertNotNull(stored);
            for (String k : new String[] {"RegistryVersion", "RegistryRegion", "SpeedLimit", "Insecure",
                "ConnDetectConfig", "NeedScan", "SyncMode", "WebhookUrl", "WebhookToken", "InstanceId"}) {
                assertFalse(k + " was not set, so not sent", stored.containsKey(k));
            }
        }
    }

    @Test
    public void addingTheSameNameAgainReportsAlreadyExistedWithTheSameId() throws Exception {
        String name = TestSupport.uniqueName("twice");
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec(name).build()) {
            AddRegistryResult first = client.addRegistry(spec);
            AddRegistryResult second = client.addRegistry(spec);
            assertFalse(first.isAlreadyExisted());
            assertTrue(second.isAlreadyExisted());
            assertFalse(second.getNameRepeatErr().isEmpty());
            assertEquals(first.getRegistryId(), second.getRegistryId());
            int count = 0;
            for (Map<String, Object> r : TestSupport.registries()) {
                if (name.equals(r.get("Name"))) {
                    count++;
                }
            }
            assertEquals("one registry, not two", 1, count);
        }
    }

    @Test
    public void unreachableRegistryIsAddedWithAHealthCheckError() throws Exception {
        String name = TestSupport.uniqueName("unhealthy");
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec(name).url("http://127.0.0.1:1").build()) {
            AddRegistryResult r = client.addRegistry(spec);
            assertTrue(r.getRegistryId() > 0);
            assertFalse("health check failed", r.getHealthCheckErr().isEmpty());
            assertFalse(r.isHealthy());
            assertNotNull(TestSupport.registryNamed(name));
        }
    }

    @Test
    public void nonAsciiInputsRoundTripAsUtf8() throws Exception {
        // A CJK name and a password outside the BMP: JNI's modified UTF-8 would mangle the latter.
        String name = TestSupport.uniqueName("\u955c\u50cf\u4ed3\u5e93");
        char[] pw = "pw-\uD83D\uDD12-\u00e9".toCharArray();
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec(name).password(pw).url("http://127.0.0.1:1").build()) {
            client.addRegistry(spec);
            Map<String, Object> stored = TestSupport.registryNamed(name);
            assertNotNull("stored under the exact UTF-8 name", stored);
            assertEquals(new String(pw), stored.get("Password"));
        }
    }

    @Test
    public void previewMasksSecretsAndSendsNothing() throws Exception {
        int before = TestSupport.requestCount();
        try (TcssClient client = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("preview"))
                     .password("preview-password-XYZ".toCharArray())
                     .webhookToken("preview-hook-token-XYZ".toCharArray()).build()) {
            String preview = client.previewAddRegistry(spec);
            assertTrue(preview, preview.contains("AddAssetImageRegistryRegistryDetail"));
            assertFalse(preview.contains("preview-password-XYZ"));
            assertFalse(preview.contains("preview-hook-token-XYZ"));
            assertFalse(preview.contains(TestSupport.secretKey()));
        }
        assertEquals("nothing was sent", before, TestSupport.requestCount());
    }

    @Test
    public void logListenerReceivesRedactedLines() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<TcssLogListener.Level> levels = Collections.synchronizedList(new ArrayList<>());
        ClientOptions o = TestSupport.options().logListener((level, line) -> {
            levels.add(level);
            lines.add(line);
        }, TcssLogListener.Level.DEBUG);
        try (TcssClient client = new TcssClient(o);
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("logged"))
                     .password("logged-password-QQQ".toCharArray())
                     .webhookToken("logged-hook-token-QQQ".toCharArray()).build()) {
            client.addRegistry(spec);
        }
        assertFalse("debug logging produced lines", lines.isEmpty());
        assertTrue(levels.contains(TcssLogListener.Level.DEBUG));
        for (String line : lines) {
            assertFalse(line, line.contains("logged-password-QQQ"));
            assertFalse(line, line.contains("logged-hook-token-QQQ"));
            assertFalse(line, line.contains(TestSupport.secretKey()));
        }
    }

    @Test
    public void throwingLogListenerDoesNotBreakTheCall() throws Exception {
        ClientOptions o = TestSupport.options().logListener((level, line) -> {
            throw new RuntimeException("listener bug");
        }, TcssLogListener.Level.DEBUG);
        try (TcssClient client = new TcssClient(o);
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("bad-listener")).build()) {
            assertTrue(client.addRegistry(spec).getRegistryId() > 0);
        }
    }

    @Test
    public void temporaryCredentialWithSessionToken() throws Exception {
        ClientOptions o = new ClientOptions().endpoint(TestSupport.endpoint())
                .secretId(TestSupport.env("TCSS_EMULATOR_TEMP_SECRET_ID"))
                .secretKey(TestSupport.env("TCSS_EMULATOR_TEMP_SECRET_KEY").toCharArray())
                .sessionToken(TestSupport.env("TCSS_EMULATOR_TEMP_TOKEN").toCharArray());
        try (TcssClient client = new TcssClient(o);
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("temp-cred")).build()) {
            assertTrue(client.addRegistry(spec).getRegistryId() > 0);
        }
    }

    @Test
    public void httpsWithTheTestCa() throws Exception {
        ClientOptions o = TestSupport.options().endpoint(TestSupport.env("TCSS_TLS_ENDPOINT"))
                .caFile(TestSupport.env("TCSS_TEST_CA"));
        try (TcssClient client = new TcssClient(o);
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("tls")).build()) {
            assertTrue(client.addRegistry(spec).getRegistryId() > 0);
        }
    }

    @Test
    public void credentialsFromTheEnvironmentWhenNoneAreGiven() throws Exception {
        // The harness exports TENCENTCLOUD_SECRET_ID/KEY: the C credential chain finds them.
        try (TcssClient client = new TcssClient(new ClientOptions().endpoint(TestSupport.endpoint()));
             RegistrySpec spec = TestSupport.minimalSpec(TestSupport.uniqueName("env-cred")).build()) {
            assertTrue(client.addRegistry(spec).getRegistryId() > 0);
        }
    }

    @Test
    public void optionsAndSpecWipeTheirSecretCopies() throws Exception {
        char[] mine = "caller-owned".toCharArray();
        ClientOptions o = new ClientOptions().secretKey(mine).sessionToken(mine);
        RegistrySpec.Builder b = RegistrySpec.builder().password(mine).webhookToken(mine);
        RegistrySpec spec = b.build();
        char[] held = spec.password;
        char[] heldKey = o.secretKey;
        spec.close();
        o.close();
        b.wipe();
        assertEquals("the caller's array is untouched", "caller-owned", new String(mine));
        for (char c : held) {
            assertEquals('\0', c);
        }
        for (char c : heldKey) {
            assertEquals('\0', c);
        }
        assertFalse(spec.toString().contains("caller-owned"));
        assertFalse(o.toString().contains("caller-owned"));
    }

    @Test
    public void versionOfTheNativeLibrary() {
        assertTrue(TcssNative.libraryVersion().matches("\\d+\\.\\d+\\.\\d+"));
    }
}
