package com.tencentcloud.tcss;

/** The report formats of {@code tcss_result_write_report}. */
public enum ReportFormat {
    /** GitLab container_scanning (security report schema 15). */
    GITLAB("gitlab"),
    /** SARIF 2.1.0 as GitHub code scanning takes it. */
    SARIF("sarif"),
    /** JUnit XML: one test case per finding, a failure for each that fails the gate. */
    JUNIT("junit"),
    /** libtcss's own json report (schema "libtcss-scan-report/1"). */
    JSON("json");

    private final String label;

    ReportFormat(String label) {
        this.label = label;
    }

    /** The header's spelling, as passed to libtcss. */
    public String label() {
        return label;
    }

    /** The format for a spelling, case-insensitive; IllegalArgumentException naming the choices otherwise. */
    public static ReportFormat of(String label) {
        for (ReportFormat f : values()) {
            if (f.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("report format: must be one of gitlab, sarif, junit, json, not '"
                + label + "'");
    }
}
