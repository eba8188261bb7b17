package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * libtcss 1.1's registry calls through the binding, against the emulator:
 * ensure (added, unchanged in two requests, updated in place, never,
 * always), list, show (never the password), remove, sync with a wait, and
 * NotFoundException for an unknown name.
 */
public class JobsTest {
    @BeforeClass
    public static void freshEmulator() throws Exception {
        TestSupport.freshEmulatorForClass();
        TestSupport.control("POST", "/__emulator/config", "{\"sync_seconds\": 0.2}");
    }

    @SuppressWarnings("unchecked")
    private static long registriesNamed(String name) throws Exception {
        return TestSupport.registries().stream().filter(r -> name.equals(r.get("Name"))).count();
    }

    @Test
    public void ensureAddsThenLeavesAloneThenUpdatesInPlace() throws Exception {
        String name = TestSupport.uniqueName("ensure");
        try (TcssClient c = new TcssClient(TestSupport.options())) {
            EnsureResult added;
            try (RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V2").build()) {
                added = c.ensureRegistry(spec, UpdatePolicy.AUTO);
            }
            assertEquals(added.toString(), EnsureResult.Action.ADDED, added.getAction());
            assertTrue(added.getRegistryId() > 0);
            assertEquals(name, added.getName());
            assertEquals("", added.getHealthCheckErr());
            assertFalse(added.getJson().contains(TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD")));

            EnsureResult same;
            try (RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V2").build()) {
                same = c.ensureRegistry(spec, null); // null: AUTO
            }
            assertEquals(same.toString(), EnsureResult.Action.UNCHANGED, same.getAction());
            assertEquals(added.getRegistryId(), same.getRegistryId());
            assertEquals("nothing changed costs two requests", 2, same.getRequests());
            assertEquals(List.of(), same.getChanged());

            // NEVER: the difference is reported, nothing is sent to change it.
            EnsureResult never;
            try (RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V1").build()) {
                never = c.ensureRegistry(spec, UpdatePolicy.NEVER);
            }
            assertEquals(EnsureResult.Action.UNCHANGED, never.getAction());
            assertTrue(never.toString(), never.getChanged().contains("RegistryVersion"));
            assertFalse(never.getReason().isEmpty());
            assertEquals("V2", TestSupport.registryNamed(name).get("RegistryVersion"));

            EnsureResult updated;
            try (RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V1").build()) {
                updated = c.ensureRegistry(spec, UpdatePolicy.AUTO);
            }
            assertEquals(updated.toString(), EnsureResult.Action.UPDATED, updated.getAction());
            assertEquals("updated in place", added.getRegistryId(), updated.getRegistryId());
            assertTrue(updated.getChanged().contains("RegistryVersion"));
            assertEquals("V1", TestSupport.registryNamed(name).get("RegistryVersion"));
            assertEquals("never a second Add", 1, registriesNamed(name));

            // ALWAYS: updated although nothing differs (a rotated password TCSS has not noticed).
            char[] rotated = "rotated-password-XYZ".toCharArray();
            EnsureResult always;
            try (RegistrySpec spec = TestSupport.minimalSpec(name).registryVersion("V1").password(rotated).build()) {
                always = c.ensureRegistry(spec, UpdatePolicy.ALWAYS);
            }
            assertEquals(EnsureResult.Action.UPDATED, always.getAction());
            assertEquals("rotated-password-XYZ", TestSupport.registryNamed(name).get("Password"));
            assertFalse("the new password is in no result", always.getJson().contains("rotated-password-XYZ"));
        }
    }

    @Test
    public void ensureValidatesTheSpecBeforeSending() throws Exception {
        int before = TestSupport.requestCount();
        try (TcssClient c = new TcssClient(TestSupport.options());
             RegistrySpec spec = TestSupport.minimalSpec("bad-type").registryType("dockerhub").build()) {
            c.ensureRegistry(spec, UpdatePolicy.AUTO);
            fail("accepted an unknown registryType");
        } catch (TcssException e) {
            assertEquals(TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
            assertTrue(e.getMessage(), e.getMessage().contains("RegistryType")
                    || e.getMessage().toLowerCase().contains("registry_type")
                    || e.getMessage().contains("registryType"));
        }
        assertEquals("nothing was sent", before, TestSupport.requestCount());
    }

    @Test
    public void listShowRemoveAndNotFound() throws Exception {
        String a = TestSupport.uniqueName("list-a");
        String b = TestSupport.uniqueName("list-b");
        try (TcssClient c = new TcssClient(TestSupport.options())) {
            long idA;
            try (RegistrySpec s = TestSupport.minimalSpec(a).needScan(true).build()) {
                idA = c.addRegistry(s).getRegistryId();
            }
            try (RegistrySpec s = TestSupport.minimalSpec(b).build()) {
                c.addRegistry(s);
            }
            RegistryList list = c.listRegistries();
            assertTrue(list.getTotalCount() >= 2);
            assertEquals(list.getTotalCount(), list.getRegistries().size());
            RegistryInfo row = list.find(a);
            assertNotNull(list.toString(), row);
            assertEquals(idA, row.getRegistryId());
            assertEquals("harbor", row.getRegistryType());
            assertEquals(TestSupport.env("TCSS_MOCK_REGISTRY"), row.getUrl());
            assertNotNull(list.find(b));
            assertNull(list.find("no-such-registry"));

            RegistryInfo shown = c.showRegistry(a);
            assertEquals(idA, shown.getRegistryId());
            assertEquals(TestSupport.env("TCSS_MOCK_REGISTRY_USER"), shown.getUsername());
            assertEquals(Boolean.TRUE, shown.getNeedScan());
            assertFalse("no password in show", shown.getJson().contains(TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD")));
            assertFalse(shown.asMap().containsKey("Password"));

            RemoveResult removed = c.removeRegistry(a);
            assertEquals(idA, removed.getRegistryId());
            assertEquals(a, removed.getName());
            assertNull(TestSupport.registryNamed(a));

            for (String call : new String[] {"show", "remove", "sync"}) {
                try {
                    switch (call) {
                        case "show": c.showRegistry(a); break;
                        case "remove": c.removeRegistry(a); break;
                        default: c.sync(a, null); break;
                    }
                    fail(call + " of a removed registry succeeded");
                } catch (NotFoundException e) {
                    assertEquals(TcssErrorClass.NOT_FOUND, e.getErrorClass());
                    assertEquals(-12, e.getNativeCode());
                    assertTrue(e.getMessage(), e.getMessage().contains(a));
                }
            }
        }
    }

    @Test
    public void syncWaitsForThisSync() throws Exception {
        String name = TestSupport.uniqueName("sync");
        try (TcssClient c = new TcssClient(TestSupport.options())) {
            try (RegistrySpec s = TestSupport.minimalSpec(name).build()) {
                c.addRegistry(s);
            }
            SyncResult started = c.sync(name, null);
            assertEquals(name, started.getName());
            assertFalse("no wait, so not waited for", started.isFinished() && started.getWaitedMillis() > 0);
            SyncResult done = c.sync(name, Duration.ofSeconds(30));
            assertTrue(done.toString(), done.isFinished());
            assertEquals(done.toString(), "success", done.getSyncStatus());
            assertFalse(done.getLatestSyncTime().isEmpty());
            assertEquals("", done.getSyncFailReason());
        }
    }

    @Test
    public void badArgumentsAreRefusedBeforeSending() throws Exception {
        int before = TestSupport.requestCount();
        try (TcssClient c = new TcssClient(TestSupport.options())) {
            for (String call : new String[] {"show-null", "remove-empty", "sync-negative", "sync-too-long"}) {
                try {
                    switch (call) {
                        case "show-null": c.showRegistry(null); break;
                        case "remove-empty": c.removeRegistry(""); break;
                        case "sync-negative": c.sync("x", Duration.ofSeconds(-1)); break;
                        default: c.sync("x", Duration.ofDays(2)); break;
                    }
                    fail(call + " accepted");
                } catch (TcssException e) {
                    assertEquals(call, TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
                }
            }
        }
        assertEquals(before, TestSupport.requestCount());
    }

    @Test
    public void aClosedClientRefusesTheNewCalls() throws Exception {
        TcssClient c = new TcssClient(TestSupport.options());
        c.close();
        try {
            c.listRegistries();
            fail("a closed client listed");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("closed"));
        }
    }

    @Test
    public void resultsParseTheLibrarysJson() throws Exception {
        TcssResult r = new TcssResult("{\"A\":\"x\\u00e9\\n\",\"N\":-12,\"B\":true,\"L\":[1,{\"k\":null}],\"D\":1.5}");
        assertEquals("x\u00e9\n", r.getString("A"));
        assertEquals(-12, r.getLong("N", 0));
        assertEquals("-12", r.getString("N"));
        assertEquals("true", r.getString("B"));
        assertEquals("", r.getString("L"));
        assertEquals(7, r.getLong("D", 7));
        assertEquals(7, r.getLong("missing", 7));
        assertEquals(2, ((List<?>) r.asMap().get("L")).size());
        assertNull(((Map<?, ?>) ((List<?>) r.asMap().get("L")).get(1)).get("k"));
        for (String bad : new String[] {"{", "{\"a\":}", "[1]x", "{\"a\":tru}"}) {
            try {
                new TcssResult(bad);
                fail("parsed " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("libtcss result JSON"));
            }
        }
        assertEquals("{\"a\":\"q\\\"\\\\\\u0001\",\"b\":[1,true,null]}",
                Json.write(Json.parse("{\"a\":\"q\\\"\\\\\\u0001\",\"b\":[1,true,null]}")));
    }
}
