package io.jenkins.plugins.tcss.core;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks secrets in any text the plugin writes to the console, the build page
 * or an exception: the SecretKey, session token, registry password, webhook
 * token and proxy password, each also in its URL-encoded form (a proxy URL
 * carries its password encoded), and a username/password pair in the base64
 * form of HTTP Basic authentication (a registry or service that echoes the
 * Authorization header shows it so). Longer secrets are replaced first, so a
 * secret that contains another is masked whole.
 */
public final class SecretMasker implements Serializable {
    private static final long serialVersionUID = 1L;
    /** What a secret becomes. */
    public static final String MASK = "****";

    private final List<String> needles = new ArrayList<>();

    /** Add a secret; null or empty is ignored. */
    public SecretMasker add(char[] secret) {
        if (secret != null && secret.length > 0) {
            add(new String(secret));
        }
        return this;
    }

    /** Add a secret; null or empty is ignored. */
    public SecretMasker add(String secret) {
        if (secret == null || secret.isEmpty()) {
            return this;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        for (String f : forms) {
            if (!needles.contains(f)) {
                needles.add(f);
            }
        }
        needles.sort(Comparator.comparingInt(String::length).reversed());
        return this;
    }

    /** Add the HTTP Basic form (base64 of "username:password"); a null or empty password is ignored. */
    public SecretMasker addBasic(String username, char[] password) {
        if (password == null || password.length == 0) {
            return this;
        }
        byte[] pair = ((username == null ? "" : username) + ":" + new String(password))
                .getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(pair);
        addNeedle(b64);
        // Inside a longer base64 text the padding may be absent.
        addNeedle(b64.replace("=", ""));
        Arrays.fill(pair, (byte) 0);
        return this;
    }

    private void addNeedle(String n) {
        if (!n.isEmpty() && !needles.contains(n)) {
            needles.add(n);
            needles.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    /** The text with every secret replaced by {@link #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String n : needles) {
            out = out.replace(n, MASK);
        }
        return out;
    }

    /** How many distinct forms are masked (for tests). */
    int size() {
        return needles.size();
    }
}
