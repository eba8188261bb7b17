package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.Before;
import org.junit.Test;

/** Each libtcss error class reaches Java as a TcssException of that class, with the service's details. */
public class ErrorMappingTest {

    @Before
    public void freshEmulator() throws Exception {
        // Faults left pending by one test must not hit the next.
        TestSupport.reset();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static TcssException expect(TcssErrorClass cls, Call call) throws Exception {
        try {
            call.run();
        } catch (TcssException e) {
            assertEquals(e.toString(), cls, e.getErrorClass());
            assertEquals(cls.code(), e.getNativeCode());
            assertFalse("message is set", e.getMessage().isEmpty());
            assertFalse("no SecretKey in " + e, e.toString().contains(TestSupport.secretKey()));
            assertFalse("no password in " + e, e.toString().contains(TestSupport.env("TCSS_MOCK_REGISTRY_PASSWORD")));
            return e;
        }
        fail("expected a TcssException of class " + cls);
        return null;
    }

    private static AddRegistryResult add(ClientOptions o, String prefix) throws Exception {
        try (TcssClient c = new TcssClient(o); RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName(prefix)).build()) {
            return c.addRegistry(s);
        }
    }

    @Test
    public void invalidArgumentNamesTheFieldAndSendsNothing() throws Exception {
        int before = TestSupport.requestCount();
        TcssException e = expect(TcssErrorClass.INVALID_ARGUMENT, () -> {
            try (TcssClient c = new TcssClient(TestSupport.options());
                 RegistrySpec s = TestSupport.minimalSpec(null).build()) {
                c.addRegistry(s);
            }
        });
        assertTrue(e.getMessage(), e.getMessage().toLowerCase().contains("name"));
        assertEquals(0, e.getAttempts());
        assertEquals(0, e.getHttpStatus());
        assertEquals("", e.getRequestId());
        assertEquals("nothing was sent", before, TestSupport.requestCount());
    }

    @Test
    public void invalidArgumentForABadRegistryTypeAndANulCharacter() throws Exception {
        int before = TestSupport.requestCount();
        expect(TcssErrorClass.INVALID_ARGUMENT, () -> {
            try (TcssClient c = new TcssClient(TestSupport.options());
                 RegistrySpec s = TestSupport.minimalSpec("x").registryType("dockerhub").build()) {
                c.addRegistry(s);
            }
        });
        TcssException e = expect(TcssErrorClass.INVALID_ARGUMENT, () -> {
            try (TcssClient c = new TcssClient(TestSupport.options());
                 RegistrySpec s = TestSupport.minimalSpec("x").password("a\0b".toCharArray()).build()) {
                c.addRegistry(s);
            }
        });
        assertTrue(e.getMessage(), e.getMessage().contains("password"));
        expect(TcssErrorClass.INVALID_ARGUMENT, () -> {
            try (TcssClient c = new TcssClient(TestSupport.options());
                 RegistrySpec s = TestSupport.minimalSpec("x").syncMode(7).build()) {
                c.addRegistry(s);
            }
        });
        assertEquals("nothing was sent", before, TestSupport.requestCount());
    }

    @Test
    public void invalidArgumentForAPlainHttpRemoteEndpoint() throws Exception {
        expect(TcssErrorClass.INVALID_ARGUMENT,
                () -> new TcssClient(TestSupport.options().endpoint("http://tcss.example.com")).close());
    }

    @Test
    public void credentialsWhenOnlyHalfThePairIsGiven() throws Exception {
        expect(TcssErrorClass.CREDENTIALS,
                () -> new TcssClient(new ClientOptions().endpoint(TestSupport.endpoint()).secretId("AKIDonly")).close());
    }

    @Test
    public void authWhenTheKeyIsWrong() throws Exception {
        ClientOptions o = TestSupport.options().secretKey("not-the-right-secret-key".toCharArray());
        TcssException e = expect(TcssErrorClass.AUTH, () -> add(o, "auth"));
        assertTrue(e.getServiceCode(), e.getServiceCode().startsWith("AuthFailure"));
        assertFalse("RequestId carried", e.getRequestId().isEmpty());
        assertEquals(200, e.getHttpStatus());
        assertEquals("auth errors are not retried", 1, e.getAttempts());
        assertFalse(e.toString().contains("not-the-right-secret-key"));
    }

    @Test
    public void serviceRejectionCarriesCodeMessageAndRequestId() throws Exception {
        // The core validates everything the emulator would reject, so a stand-in answers with a service error.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.DataValueNotCorrect\","
                    + "\"Message\":\"the data value is not correct\"},\"RequestId\":\"req-service-1\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String ep = "http://127.0.0.1:" + server.getAddress().getPort();
            TcssException e = expect(TcssErrorClass.SERVICE, () -> add(TestSupport.options().endpoint(ep), "svc"));
            assertEquals("FailedOperation.DataValueNotCorrect", e.getServiceCode());
            assertEquals("the data value is not correct", e.getServiceMessage());
            assertEquals("req-service-1", e.getRequestId());
            assertEquals(200, e.getHttpStatus());
            assertEquals("service rejections are not retried", 1, e.getAttempts());
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void rateLimitedUntilTheDeadline() throws Exception {
        // Rate limits are retried past maxAttempts until the deadline (waits of at most 1.5 s: two tries fit in 2 s).
        TestSupport.fault("ratelimit", 100);
        TcssException e = expect(TcssErrorClass.RATE_LIMITED,
                () -> add(TestSupport.options().maxAttempts(1).timeoutMillis(2000), "rl"));
        assertEquals("RequestLimitExceeded", e.getServiceCode());
        assertTrue("attempts: " + e.getAttempts(), e.getAttempts() >= 2);
        assertFalse(e.getRequestId().isEmpty());
    }

    @Test
    public void networkWhenNothingListens() throws Exception {
        TcssException e = expect(TcssErrorClass.NETWORK,
                () -> add(TestSupport.options().endpoint("http://127.0.0.1:1").maxAttempts(1), "net"));
        assertEquals(0, e.getHttpStatus());
        assertEquals("", e.getServiceCode());
    }

    @Test
    public void networkWhenTheConnectionIsReset() throws Exception {
        TestSupport.fault("reset", 10);
        expect(TcssErrorClass.NETWORK, () -> add(TestSupport.options().maxAttempts(1), "reset"));
    }

    @Test
    public void timeoutWhenTheServiceHangs() throws Exception {
        TestSupport.faultJson("{\"mode\": \"hang\", \"count\": 1, \"hang_seconds\": 5}");
        expect(TcssErrorClass.TIMEOUT, () -> add(TestSupport.options().timeoutMillis(300).maxAttempts(1), "hang"));
    }

    @Test
    public void tlsWhenTheIssuerIsNotTrusted() throws Exception {
        // The system store does not know the test CA.
        expect(TcssErrorClass.TLS,
                () -> add(TestSupport.options().endpoint(TestSupport.env("TCSS_TLS_ENDPOINT")).maxAttempts(1), "tls"));
    }

    @Test
    public void tlsWhenTheHostNameIsWrong() throws Exception {
        expect(TcssErrorClass.TLS, () -> add(TestSupport.options()
                .endpoint(TestSupport.env("TCSS_TLS_WRONG_HOST_ENDPOINT")).caFile(TestSupport.env("TCSS_TEST_CA"))
                .maxAttempts(1), "tls-host"));
    }

    @Test
    public void badResponseForGarbage() throws Exception {
        TestSupport.fault("garbage", 10);
        TcssException e = expect(TcssErrorClass.BAD_RESPONSE, () -> add(TestSupport.options().maxAttempts(1), "garbage"));
        assertEquals(200, e.getHttpStatus());
    }

    @Test
    public void badResponseForPersistent5xx() throws Exception {
        // Add only: the lookup of the name between attempts is answered.
        TestSupport.faultJson("{\"mode\": \"5xx\", \"count\": 10, \"status\": 502, "
                + "\"action\": \"AddAssetImageRegistryRegistryDetail\"}");
        TcssException e = expect(TcssErrorClass.BAD_RESPONSE, () -> add(TestSupport.options().maxAttempts(2), "5xx"));
        assertEquals(502, e.getHttpStatus());
        assertEquals(2, e.getAttempts());
    }

    @Test
    public void retriedAfterATransient5xxAndSucceeds() throws Exception {
        TestSupport.faultJson("{\"mode\": \"5xx\", \"count\": 1, \"status\": 503}");
        AddRegistryResult r = add(TestSupport.options().maxAttempts(3), "5xx-once");
        assertEquals(2, r.getAttempts());
    }

    @Test
    public void lostAnswerAfterCommitStillGivesTheRegistry() throws Exception {
        TestSupport.faultJson("{\"mode\": \"reset\", \"count\": 1, \"after_commit\": true}");
        String name = TestSupport.uniqueName("lost");
        try (TcssClient c = new TcssClient(TestSupport.options().maxAttempts(3));
             RegistrySpec s = TestSupport.minimalSpec(name).build()) {
            AddRegistryResult r = c.addRegistry(s);
            // Looked up, not sent again: the registry is this call's.
            assertFalse(r.isAlreadyExisted());
            assertEquals(1, r.getAttempts());
            assertEquals(((Long) TestSupport.registryNamed(name).get("RegistryId")).longValue(), r.getRegistryId());
        }
    }

    @Test
    public void unknownCodesMapToUnknown() {
        assertEquals(TcssErrorClass.UNKNOWN, TcssErrorClass.fromCode(-99));
        for (TcssErrorClass c : TcssErrorClass.values()) {
            if (c != TcssErrorClass.UNKNOWN) {
                assertEquals(c, TcssErrorClass.fromCode(c.code()));
            }
        }
    }
}
