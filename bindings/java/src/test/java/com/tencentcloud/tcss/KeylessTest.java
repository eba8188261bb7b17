package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/**
 * Keyless credentials through the binding: an OIDC token and a role exchanged
 * at the emulator's STS. CMake runs this class with the harness's permanent
 * keys taken out of the environment (the chain puts environment keys before
 * web identity), so only the token can work.
 */
public class KeylessTest {
    @Before
    public void setUp() throws IOException {
        TestSupport.assumeEmulator();
        assertNull("run with TENCENTCLOUD_SECRET_ID unset (CMakeLists.txt)", System.getenv("TENCENTCLOUD_SECRET_ID"));
        TestSupport.reset();
    }

    static String mint(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(TestSupport.env("TCSS_MINT_OIDC_TOKEN"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("mint-oidc-token", 0, p.waitFor());
        return out;
    }

    static ClientOptions keyless(String token) {
        return new ClientOptions().endpoint(TestSupport.endpoint()).stsEndpoint(TestSupport.env("TCSS_STS_ENDPOINT"))
                .roleArn(TestSupport.env("TCSS_TEST_OIDC_ROLE_ARN"))
                .providerId(TestSupport.env("TCSS_TEST_OIDC_PROVIDER_ID")).webIdentityToken(token.toCharArray())
                .roleSessionName("java-keyless").sessionDurationSeconds(900).noMetadata(true).maxAttempts(1);
    }

    @SuppressWarnings("unchecked")
    @Test
    public void tokenAndRoleOnlyRegisters() throws Exception {
        String token = mint();
        try (ClientOptions o = keyless(token); TcssClient c = new TcssClient(o)) {
            assertFalse(o.toString().contains(token));
            AddRegistryResult r = c.addRegistry(TestSupport.minimalSpec(TestSupport.uniqueName("java-keyless")).build());
            assertTrue(r.getRegistryId() > 0);
        }
        Map<String, Object> sts = (Map<String, Object>) TestSupport.control("GET", "/__emulator/sts", null);
        List<Map<String, Object>> issued = (List<Map<String, Object>>) sts.get("issued");
        assertEquals(1, issued.size());
        assertEquals("sts:" + TestSupport.env("TCSS_TEST_OIDC_ROLE_ARN"), issued.get(0).get("origin"));
        assertEquals(1, TestSupport.registries().size());
    }

    /**
     * The client is made without asking STS; the first call's exchange is
     * refused (issue 21 item 2: it runs within that call's timeout).
     */
    @Test
    public void wrongAudienceIsACredentialsErrorWithStsCode() throws Exception {
        String token = mint("--aud", "someone-else");
        try (ClientOptions o = keyless(token); TcssClient c = new TcssClient(o);
             RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("java-keyless-refused")).build()) {
            assertEquals("requests sent when the client was made", 0, TestSupport.requestCount());
            c.addRegistry(s);
            fail("a token for another audience was accepted");
        } catch (TcssException e) {
            assertEquals(TcssErrorClass.CREDENTIALS, e.getErrorClass());
            assertEquals("InvalidParameter.WebIdentityTokenError", e.getServiceCode());
            assertFalse(e.getRequestId().isEmpty());
            String all = e.toString() + e.getMessage() + e.getServiceMessage();
            for (String part : token.split("\\.")) {
                assertFalse("token in the exception", all.contains(part));
            }
        }
        assertEquals("one STS exchange, no API request", 1, TestSupport.requestCount());
        assertTrue(TestSupport.registries().isEmpty());
    }

    @Test
    public void tokenFileIsRead() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tcss-java-keyless", ".jwt");
        try {
            mint("--out", file.toString());
            ClientOptions o = new ClientOptions().endpoint(TestSupport.endpoint())
                    .stsEndpoint(TestSupport.env("TCSS_STS_ENDPOINT")).roleArn(TestSupport.env("TCSS_TEST_OIDC_ROLE_ARN"))
                    .webIdentityTokenFile(file.toString()).noMetadata(true).maxAttempts(1);
            try (TcssClient c = new TcssClient(o)) {
                assertTrue(c.addRegistry(TestSupport.minimalSpec(TestSupport.uniqueName("java-keyless-file")).build())
                        .getRegistryId() > 0);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * Issue 21 item 1 (see UrlUserinfoTest): fails until libtcss masks the user
     * information in the message that refuses the URL.
     */
    @Test
    public void stsEndpointIsRefusedWithoutQuotingThePassword() throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ClientOptions o = keyless("a.b.c").stsEndpoint(UrlUserinfoTest.WITH_USERINFO)
                .logListener((level, line) -> lines.add(line), TcssLogListener.Level.DEBUG);
             TcssClient c = new TcssClient(o);
             RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("java-keyless-userinfo")).build()) {
            c.addRegistry(s);
            fail("an STS endpoint with user information was accepted");
        } catch (TcssException e) {
            UrlUserinfoTest.assertNoSecret("stsEndpoint", e, lines);
            assertEquals(e.getMessage(), TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
        }
        assertTrue(TestSupport.registries().isEmpty());
    }

    @Test
    public void negativeSessionDurationIsRefusedBeforeNative() throws Exception {
        try (ClientOptions o = keyless("x").sessionDurationSeconds(-1)) {
            new TcssClient(o).close();
            fail("accepted");
        } catch (TcssException e) {
            assertEquals(TcssErrorClass.INVALID_ARGUMENT, e.getErrorClass());
        }
    }
}
