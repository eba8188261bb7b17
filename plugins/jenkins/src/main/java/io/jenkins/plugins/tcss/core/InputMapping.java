package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.ClientOptions;
import com.tencentcloud.tcss.RegistrySpec;
import com.tencentcloud.tcss.TcssLogListener;
import com.tencentcloud.tcss.TcssValues;
import com.tencentcloud.tcss.UpdatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates the step's inputs on the controller (fast feedback, before an
 * agent is involved) and maps them to the Java binding's ClientOptions and
 * RegistrySpec on the agent. libtcss validates again before sending.
 */
public final class InputMapping {
    /** libtcss's default endpoint (from the header, through {@link TcssValues}). */
    public static final String DEFAULT_ENDPOINT = TcssValues.DEFAULT_ENDPOINT;
    /** RegistryType values the API accepts (from the header, through {@link TcssValues}). */
    public static final List<String> REGISTRY_TYPES = TcssValues.REGISTRY_TYPES_LIST;
    /** NetType values the API accepts (from the header, through {@link TcssValues}). */
    public static final List<String> NET_TYPES = TcssValues.NET_TYPES_LIST;

    private InputMapping() {
    }

    /** The update policies of ensure, in the CLI's spelling ({@code --update}). */
    public static final List<String> UPDATE_POLICIES = updatePolicies();

    private static List<String> updatePolicies() {
        List<String> out = new ArrayList<>();
        for (UpdatePolicy u : UpdatePolicy.values()) {
            out.add(u.label());
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** The update policy of an ensure step (blank: auto). */
    public static UpdatePolicy updatePolicy(StepInputs in) {
        return blank(in.update) ? UpdatePolicy.AUTO : UpdatePolicy.of(in.update);
    }

    /** Every problem with the inputs, each naming the input; empty when they are fine. */
    public static List<String> validate(StepInputs in) {
        List<String> p = new ArrayList<>();
        validateClient(in, p);
        if (!blank(in.update)) {
            if (!in.ensure) {
                p.add("update: applies only with ensure: true (ensure-registry semantics)");
            } else if (!UPDATE_POLICIES.contains(in.update.trim().toLowerCase(Locale.ROOT))) {
                p.add("update: must be one of " + String.join(", ", UPDATE_POLICIES) + ", not '" + in.update + "'");
            }
        }
        if (blank(in.registryCredentialsId)) {
            p.add("registryCredentialsId: required (the image registry's username and password)");
        }
        if (blank(in.name)) {
            p.add("name: required");
        }
        if (blank(in.url)) {
            p.add("url: required");
        } else {
            String u = in.url.trim().toLowerCase(Locale.ROOT);
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                p.add("url: must start with http:// or https://");
            }
        }
        if (blank(in.registryType)) {
            p.add("registryType: required, one of " + String.join(", ", REGISTRY_TYPES));
        } else if (!REGISTRY_TYPES.contains(in.registryType.trim())) {
            p.add("registryType: must be one of " + String.join(", ", REGISTRY_TYPES) + ", not '"
                    + in.registryType + "'");
        }
        if (blank(in.netType)) {
            p.add("netType: required, one of " + String.join(", ", NET_TYPES));
        } else if (!NET_TYPES.contains(in.netType.trim())) {
            p.add("netType: must be one of " + String.join(", ", NET_TYPES));
        }
        if (in.speedLimit != null && in.speedLimit < 0) {
            p.add("speedLimit: must be >= 0");
        }
        if (in.syncMode != null && in.syncMode != 0 && in.syncMode != 1) {
            p.add("syncMode: must be 0 (full) or 1 (incremental)");
        }
        try {
            parseConnDetect(in.connDetect);
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage());
        }
        return p;
    }

    /**
     * The problems with the inputs every step shares: the credentials (an API key, keyless, or the agent's
     * own) and the client (endpoint, timeouts, attempts, pacing). Appended to p, each naming the input.
     */
    public static void validateClient(StepInputs in, List<String> p) {
        validateCredentials(in, p);
        if (in.connectTimeoutSeconds < 0) {
            p.add("connectTimeoutSeconds: must be >= 0 (0: "
                    + FormHelp.seconds(TcssValues.DEFAULT_CONNECT_TIMEOUT_MS) + ")");
        }
        if (in.timeoutSeconds < 0) {
            p.add("timeoutSeconds: must be >= 0 (the whole call; 0: "
                    + FormHelp.seconds(TcssValues.DEFAULT_TIMEOUT_MS) + ")");
        }
        if (in.maxAttempts < 0 || in.maxAttempts > TcssValues.MAX_ATTEMPTS_LIMIT) {
            p.add("maxAttempts: must be 0.." + TcssValues.MAX_ATTEMPTS_LIMIT + " (0: "
                    + TcssValues.DEFAULT_MAX_ATTEMPTS + ")");
        }
        if (in.requestsPerSecond < -1) {
            p.add("requestsPerSecond: must be >= 0 (0: " + TcssValues.DEFAULT_REQUESTS_PER_SECOND
                    + "), or -1 for no client-side limit");
        }
        if (!blank(in.endpoint)) {
            String e = in.endpoint.trim().toLowerCase(Locale.ROOT);
            if (!e.startsWith("https://") && !e.startsWith("http://")) {
                p.add("endpoint: must be an https:// URL");
            }
        }
    }

    /**
     * An API key (credentialsId), or keyless: an id token (idTokenCredentialsId) with the role to assume,
     * or neither, and the library's chain on the agent finds credentials (the CVM instance role).
     */
    private static void validateCredentials(StepInputs in, List<String> p) {
        if (!blank(in.credentialsId) && !blank(in.idTokenCredentialsId)) {
            p.add("credentialsId and idTokenCredentialsId: set one (an API key, or keyless with an id token), not both");
        }
        if (!blank(in.idTokenCredentialsId) && blank(in.roleArn)) {
            p.add("roleArn: required with idTokenCredentialsId (the CAM role the id token assumes, "
                    + "qcs::cam::uin/<account>:roleName/<role>)");
        }
        if (!blank(in.stsEndpoint)) {
            String e = in.stsEndpoint.trim().toLowerCase(Locale.ROOT);
            if (!e.startsWith("https://") && !e.startsWith("http://")) {
                p.add("stsEndpoint: must be an https:// URL");
            }
        }
    }

    /**
     * The RoleSessionName for a build, as libtcss derives one from BUILD_TAG ("tcss-" + tag, at most
     * 64 characters, others than [A-Za-z0-9_+=,.@-] as '-'): the agent's process does not see the
     * build's BUILD_TAG, so the controller passes it.
     */
    public static String roleSessionName(String buildTag) {
        String s = "tcss-" + buildTag;
        if (s.length() > 64) {
            s = s.substring(0, 64);
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "_+=,.@-".indexOf(c) >= 0;
            b.append(ok ? c : '-');
        }
        return b.toString();
    }

    /** ConnDetectConfig from "QUUID:UUID" lines; blank lines are skipped. */
    public static List<RegistrySpec.ConnDetect> parseConnDetect(String text) {
        List<RegistrySpec.ConnDetect> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0 || line.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("connDetect: line " + (i + 1)
                        + " must be QUUID:UUID (either side may be empty)");
            }
            String quuid = line.substring(0, colon).trim();
            String uuid = line.substring(colon + 1).trim();
            if (quuid.isEmpty() && uuid.isEmpty()) {
                throw new IllegalArgumentException("connDetect: line " + (i + 1) + " has neither QUUID nor UUID");
            }
            out.add(new RegistrySpec.ConnDetect(quuid.isEmpty() ? null : quuid, uuid.isEmpty() ? null : uuid));
        }
        return out;
    }

    /** The spec for the binding; the caller closes it (which wipes its secret copies). */
    public static RegistrySpec toSpec(StepInputs in, StepSecrets s) {
        RegistrySpec.Builder b = RegistrySpec.builder()
                .name(trimOrNull(in.name))
                .username(s.registryUsername)
                .password(s.registryPassword)
                .url(trimOrNull(in.url))
                .registryType(trimOrNull(in.registryType))
                .netType(trimOrNull(in.netType))
                .registryVersion(emptyToNull(in.registryVersion))
                .registryRegion(emptyToNull(in.registryRegion))
                .speedLimit(in.speedLimit == null ? null : Long.valueOf(in.speedLimit.longValue()))
                .insecure(in.insecure)
                .needScan(in.needScan)
                .syncMode(in.syncMode)
                .webhookUrl(emptyToNull(in.webhookUrl))
                .webhookToken(s.webhookToken)
                .instanceId(emptyToNull(in.instanceId));
        List<RegistrySpec.ConnDetect> cd = parseConnDetect(in.connDetect);
        if (!cd.isEmpty()) {
            b.connDetect(cd);
        }
        try {
            return b.build();
        } finally {
            b.wipe();
        }
    }

    /**
     * The client options for the binding.
     *
     * @param proxy    Jenkins' proxy settings (the step's own proxy input wins)
     * @param listener receives libtcss's log lines (already redacted by libtcss)
     */
    public static ClientOptions toOptions(StepInputs in, StepSecrets s, ProxySettings proxy,
                                          TcssLogListener listener) {
        ClientOptions o = new ClientOptions()
                .secretId(s.secretId)
                .secretKey(s.secretKey)
                .sessionToken(s.sessionToken)
                .region(emptyToNull(in.region))
                .endpoint(emptyToNull(in.endpoint))
                .caFile(emptyToNull(in.caFile))
                .proxy(proxyOption(in, proxy))
                .language(emptyToNull(in.language))
                .connectTimeoutMillis(in.connectTimeoutSeconds * 1000L)
                .timeoutMillis(in.timeoutSeconds * 1000L)
                .maxAttempts(in.maxAttempts)
                .requestsPerSecond(in.requestsPerSecond)
                .webIdentityToken(s.webIdentityToken)
                .roleArn(emptyToNull(in.roleArn))
                .providerId(emptyToNull(in.providerId))
                .stsEndpoint(emptyToNull(in.stsEndpoint))
                .roleSessionName(emptyToNull(in.roleSessionName));
        if (listener != null) {
            o.logListener(listener, in.verbose ? TcssLogListener.Level.DEBUG : TcssLogListener.Level.INFO);
        }
        return o;
    }

    /** The step's proxy input ("none" = no proxy) wins; else Jenkins' settings for the endpoint. */
    public static String proxyOption(StepInputs in, ProxySettings proxy) {
        if (!blank(in.proxy)) {
            return "none".equalsIgnoreCase(in.proxy.trim()) ? "" : in.proxy.trim();
        }
        return proxy == null ? null : proxy.proxyFor(emptyToNull(in.endpoint));
    }

    static boolean blank(String s) {
        return s == null || s.trim().isEmpty();
    }

    static String emptyToNull(String s) {
        return blank(s) ? null : s.trim();
    }

    static String trimOrNull(String s) {
        return s == null ? null : s.trim();
    }
}
