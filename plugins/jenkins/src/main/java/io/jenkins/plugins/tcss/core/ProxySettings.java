package io.jenkins.plugins.tcss.core;

import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Jenkins' proxy settings (hudson.ProxyConfiguration: name, port, userName,
 * password, noProxyHost), copied into a serializable value that travels to the
 * agent, and translated into libtcss's {@code proxy} option for an endpoint:
 * <ul>
 * <li>no proxy configured in Jenkins: {@code null}, so libcurl on the agent
 *     applies the environment (https_proxy, no_proxy) as usual;</li>
 * <li>the endpoint's host matches a noProxyHost pattern: {@code ""}, no proxy;</li>
 * <li>otherwise {@code http://[user[:password]@]host:port}, user and password
 *     URL-encoded (the password is a secret: add it to the masker).</li>
 * </ul>
 * noProxyHost follows Jenkins: patterns separated by whitespace, commas or
 * '|', where '*' matches any run of characters and the whole host must match,
 * case-insensitively.
 */
public final class ProxySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int port;
    private final String userName;
    private final char[] password;
    private final String noProxyHost;

    public ProxySettings(String name, int port, String userName, char[] password, String noProxyHost) {
        this.name = name == null ? "" : name.trim();
        this.port = port;
        this.userName = userName;
        this.password = password == null ? null : password.clone();
        this.noProxyHost = noProxyHost;
    }

    /** No proxy configured in Jenkins. */
    public static ProxySettings none() {
        return new ProxySettings(null, 0, null, null, null);
    }

    public boolean isConfigured() {
        return !name.isEmpty();
    }

    public char[] getPassword() {
        return password == null ? null : password.clone();
    }

    /**
     * Zeroes the password this value holds (the controller's copy once it has
     * been sent, the agent's once the call is over). Idempotent.
     */
    public void wipe() {
        if (password != null) {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The noProxyHost patterns as regular expressions. */
    static List<Pattern> noProxyPatterns(String noProxyHost) {
        List<Pattern> out = new ArrayList<>();
        if (noProxyHost == null) {
            return out;
        }
        for (String p : noProxyHost.trim().split("[ \t\n\r,|]+")) {
            if (p.isEmpty()) {
                continue;
            }
            StringBuilder re = new StringBuilder();
            for (String part : p.split("\\*", -1)) {
                re.append(Pattern.quote(part)).append(".*");
            }
            re.setLength(re.length() - 2); // drop the ".*" after the last part
            out.add(Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE));
        }
        return out;
    }

    /** Whether Jenkins' noProxyHost exempts this host. */
    public boolean bypasses(String host) {
        if (host == null) {
            return false;
        }
        for (Pattern p : noProxyPatterns(noProxyHost)) {
            if (p.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * libtcss's proxy option for this endpoint: null (use the environment),
     * "" (no proxy), or a proxy URL.
     *
     * @param endpoint the API endpoint; null or "" means the library's default host
     */
    public String proxyFor(String endpoint) {
        if (!isConfigured()) {
            return null;
        }
        String host = hostOf(endpoint == null || endpoint.isEmpty() ? InputMapping.DEFAULT_ENDPOINT : endpoint);
        if (bypasses(host)) {
            return "";
        }
        StringBuilder url = new StringBuilder();
        String h = name;
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            url.append(h, 0, scheme + 3);
            h = h.substring(scheme + 3);
        } else {
            url.append("http://");
        }
        if (userName != null && !userName.isEmpty()) {
            url.append(enc(userName));
            if (password != null && password.length > 0) {
                url.append(':').append(enc(new String(password)));
            }
            url.append('@');
        }
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            url.append('[').append(h).append(']'); // an IPv6 literal
        } else {
            url.append(h);
        }
        if (port > 0) {
            url.append(':').append(port);
        }
        return url.toString();
    }

    static String hostOf(String endpoint) {
        try {
            String host = URI.create(endpoint.trim()).getHost();
            if (host == null) {
                return "";
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
