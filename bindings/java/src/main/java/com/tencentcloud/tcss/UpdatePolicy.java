package com.tencentcloud.tcss;

/**
 * What {@link TcssClient#ensureRegistry} does with a registry that exists
 * ({@code tcss_update_policy}; the numbers are the header's, through
 * {@link TcssValues}).
 */
public enum UpdatePolicy {
    /** Update when a setting given differs from TCSS's, or when TCSS reports the registry's
     *  credentials failing (status_auth_failed). The default. */
    AUTO(TcssValues.UPDATE_AUTO, "auto"),
    /** Update on every run (a rotated password TCSS has not noticed yet). */
    ALWAYS(TcssValues.UPDATE_ALWAYS, "always"),
    /** Never update; report the differences. */
    NEVER(TcssValues.UPDATE_NEVER, "never");

    private final int code;
    private final String label;

    UpdatePolicy(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The C value ({@code TCSS_UPDATE_*}). */
    public int code() {
        return code;
    }

    /** The CLI's spelling ({@code --update auto|always|never}). */
    public String label() {
        return label;
    }

    /** The policy for a CLI spelling, case-insensitive; IllegalArgumentException naming the choices otherwise. */
    public static UpdatePolicy of(String label) {
        for (UpdatePolicy p : values()) {
            if (p.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("update: must be one of auto, always, never, not '" + label + "'");
    }
}
