package io.jenkins.plugins.tcss.core;

import java.io.Serializable;

/**
 * What an administrator set in the global configuration (Manage Jenkins >
 * System, or Configuration as Code under {@code unclassified: tcss:}): the
 * default API credential, region and endpoint a step uses when it names none,
 * and whether the step may run on the built-in node.
 */
public final class GlobalDefaults implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String credentialsId;
    public final String region;
    public final String endpoint;
    public final boolean allowController;

    public GlobalDefaults(String credentialsId, String region, String endpoint, boolean allowController) {
        this.credentialsId = blankToNull(credentialsId);
        this.region = blankToNull(region);
        this.endpoint = blankToNull(endpoint);
        this.allowController = allowController;
    }

    /** Nothing configured: no defaults, the built-in node refused. */
    public static GlobalDefaults none() {
        return new GlobalDefaults(null, null, null, false);
    }

    /**
     * A copy of in with each unset credentialsId, region and endpoint taken from these defaults.
     * A step that names an id token (keyless) does not get the default API key.
     */
    public StepInputs applyTo(StepInputs in) {
        StepInputs out = in.copy();
        if (blankToNull(out.credentialsId) == null && blankToNull(out.idTokenCredentialsId) == null) {
            out.credentialsId = credentialsId;
        }
        if (blankToNull(out.region) == null) {
            out.region = region;
        }
        if (blankToNull(out.endpoint) == null) {
            out.endpoint = endpoint;
        }
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }
}
