package io.jenkins.plugins.tcss.core;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks secrets in any text the plugin writes to the console, the build page
 * or an exception: the SecretKey, session token, registry password, webhook
 * token and proxy password, each also in its URL-encoded form (a proxy URL
 * carries its password encoded). Longer secrets are replaced first, so a
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
