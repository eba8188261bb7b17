package com.tencentcloud.tcss;

/**
 * The lowest severity that fails the gate by itself ({@code tcss_scan_options.fail_on}:
 * "critical", "high", "medium", "low" or "none").
 */
public enum FailOn {
    CRITICAL("critical"),
    HIGH("high"),
    MEDIUM("medium"),
    LOW("low"),
    /** No severity fails by itself (the default); only the max* limits can fail the gate. */
    NONE("none");

    private final String label;

    FailOn(String label) {
        this.label = label;
    }

    /** The header's spelling, as passed to libtcss. */
    public String label() {
        return label;
    }

    /** The level for a spelling, case-insensitive; IllegalArgumentException naming the choices otherwise. */
    public static FailOn of(String label) {
        for (FailOn f : values()) {
            if (f.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("failOn: must be one of critical, high, medium, low, none, not '"
                + label + "'");
    }
}
