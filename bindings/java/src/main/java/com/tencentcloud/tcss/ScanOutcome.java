package com.tencentcloud.tcss;

/**
 * How a scan ended ({@code tcss_scan_outcome}; the result's "Outcome" and
 * "OutcomeCode"). The CLI exits 0, 9 and 10 for them.
 */
public enum ScanOutcome {
    /** Scanned; the gate passed. */
    PASSED(TcssValues.SCAN_PASSED, "passed"),
    /** Scanned; findings over the threshold. */
    GATE_FAILED(TcssValues.SCAN_GATE_FAILED, "gate_failed"),
    /** The scan erred, timed out, was canceled, or the wait ran out (the scan was then stopped). */
    INCOMPLETE(TcssValues.SCAN_INCOMPLETE, "incomplete");

    private final int code;
    private final String label;

    ScanOutcome(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The C value ({@code TCSS_SCAN_*}). */
    public int code() {
        return code;
    }

    /** The result's "Outcome" text. */
    public String label() {
        return label;
    }

    /** The outcome for a code; null for a code this binding does not know. */
    public static ScanOutcome fromCode(long code) {
        for (ScanOutcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
