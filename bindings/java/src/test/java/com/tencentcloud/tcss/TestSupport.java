package com.tencentcloud.tcss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Assume;

/** Shared test helpers: the harness's environment, the emulator's control API, a tiny JSON reader. */
final class TestSupport {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSupport() {
    }

    /** Set by CTest (and its java_maven run): a missing emulator fails the test instead of skipping it. */
    static final boolean REQUIRE_EMULATOR = Boolean.getBoolean("tcss.require.emulator");

    /**
     * A variable tests/harness/with-emulator sets. Without the harness (a plain
     * {@code mvn verify}) the test is skipped, saying why; under CTest it fails.
     */
    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            String why = name + " is not set: this test needs the TCSS emulator; run it under "
                    + "tests/harness/with-emulator, as `ctest -L java` does";
            if (REQUIRE_EMULATOR) {
                throw new IllegalStateException(why);
            }
            Assume.assumeTrue(why, false);
        }
        return v;
    }

    /** Skip (or, under CTest, fail) a test class or test that needs the emulator when it is absent. */
    static void assumeEmulator() {
        env("TCSS_ENDPOINT");
    }

    static String endpoint() {
        return env("TCSS_ENDPOINT");
    }

    static String secretKey() {
        return env("TENCENTCLOUD_SECRET_KEY");
    }

    /** Options for the emulator: its endpoint and permanent credential; default pacing (20/s, as the API). */
    static ClientOptions options() {
        return new ClientOptions().endpoint(endpoint()).secretId(env("TENCENTCLOUD_SECRET_ID"))
                .secretKey(secretKey().toCharArray());
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /** A spec for the mock registry (healthy) with only the required inputs. */
    static RegistrySpec.Builder minimalSpec(String name) {
        return RegistrySpec.builder().name(name).username(env("TCSS_MOCK_REGISTRY_USER"))
                .password(env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray()).url(env("TCSS_MOCK_REGISTRY"))
                .registryType("harbor").netType("public");
    }

    // ---- the emulator's control API ----

    static Object control(String method, String path, String jsonBody) throws IOException {
        return http(method, env("TCSS_EMULATOR") + path, jsonBody);
    }

    /** Push an image to the harness's mock registry (POST /__mock/push); returns HOST/REPO:TAG@DIGEST. */
    @SuppressWarnings("unchecked")
    static String pushImage(String repository, String tag, String seed) throws IOException {
        String base = env("TCSS_MOCK_REGISTRY");
        Map<String, Object> r = (Map<String, Object>) http("POST", base + "/__mock/push", "{\"repository\": \""
                + repository + "\", \"tag\": \"" + tag + "\", \"seed\": \"" + seed + "\"}");
        return base.replaceFirst("^https?://", "") + "/" + repository + ":" + tag + "@" + r.get("digest");
    }

    static Object http(String method, String address, String jsonBody) throws IOException {
        URL url = new URL(address);
        HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        c.setRequestMethod(method);
        c.setConnectTimeout(10000);
        c.setReadTimeout(60000);
        if (jsonBody != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream os = c.getOutputStream()) {
                os.write(jsonBody.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : readAll(in);
        if (status >= 300) {
            throw new IOException("emulator control " + address + ": HTTP " + status + " " + body);
        }
        return body.trim().isEmpty() ? null : Json.parse(body);
    }

    /**
     * Under the harness, start a test class on a fresh emulator, as CTest gives
     * each class its own: Maven runs every class against the one emulator the
     * harness started around it, and a class must not meet the faults, requests
     * or registries an earlier one left. Without the harness: nothing.
     */
    static void freshEmulatorForClass() throws IOException {
        if (System.getenv("TCSS_EMULATOR") != null) {
            reset();
        }
    }

    /** Forget registries, recorded requests and pending faults. */
    static void reset() throws IOException {
        control("POST", "/__emulator/reset", "{}");
    }

    static void fault(String mode, int count) throws IOException {
        control("POST", "/__emulator/faults", "{\"mode\": \"" + mode + "\", \"count\": " + count + "}");
    }

    static void faultJson(String json) throws IOException {
        control("POST", "/__emulator/faults", json);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> registries() throws IOException {
        Map<String, Object> state = (Map<String, Object>) control("GET", "/__emulator/state", null);
        return (List<Map<String, Object>>) state.get("registries");
    }

    static Map<String, Object> registryNamed(String name) throws IOException {
        for (Map<String, Object> r : registries()) {
            if (name.equals(r.get("Name"))) {
                return r;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static int requestCount() throws IOException {
        Object r = control("GET", "/__emulator/requests", null);
        if (r instanceof List) {
            return ((List<Object>) r).size();
        }
        Object list = ((Map<String, Object>) r).get("requests");
        return ((List<Object>) list).size();
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Just enough JSON for the emulator's answers: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing data at " + j.i);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String num = s.substring(start, i);
            if (num.contains(".") || num.contains("e") || num.contains("E")) {
                return Double.parseDouble(num);
            }
            return Long.parseLong(num);
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u':
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                            break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
