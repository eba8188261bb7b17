package io.jenkins.plugins.tcss.core;

import java.util.List;
import java.util.Locale;

/**
 * What a scan's outcome does to the build, the CLI's exit codes turned into
 * Jenkins results: a passed gate (exit 0) leaves the build alone; a failed
 * gate (exit 9) sets {@code gateResult}; a scan that did not finish (exit 10:
 * error, timeout, canceled, the wait ran out) sets {@code incompleteResult}.
 * Both default to FAILURE. An image or registry not in TCSS (exit 11) and
 * every other error fail the step whatever these say: that is the plugin
 * failing, not the policy.
 */
public final class ScanPolicy {
    /** The results a policy may set, worst first (Jenkins' Result names). */
    public static final List<String> RESULTS = List.of("FAILURE", "UNSTABLE", "SUCCESS");
    /** The default for both. */
    public static final String DEFAULT = "FAILURE";

    private ScanPolicy() {
    }

    /** The policy value as given (blank: FAILURE), upper-cased; null when it is not one of RESULTS. */
    public static String normalize(String v) {
        if (v == null || v.trim().isEmpty()) {
            return DEFAULT;
        }
        String u = v.trim().toUpperCase(Locale.ROOT);
        return RESULTS.contains(u) ? u : null;
    }

    /**
     * The build result for an outcome ("passed", "gate_failed", "incomplete").
     *
     * @throws IllegalArgumentException for an outcome this plugin does not know (never a pass)
     */
    public static String decide(String outcome, String gateResult, String incompleteResult) {
        switch (outcome == null ? "" : outcome) {
            case "passed":
                return "SUCCESS";
            case "gate_failed":
                return orDefault(normalize(gateResult));
            case "incomplete":
                return orDefault(normalize(incompleteResult));
            default:
                throw new IllegalArgumentException("unknown scan outcome '" + outcome + "'");
        }
    }

    private static String orDefault(String v) {
        return v == null ? DEFAULT : v;
    }

    /** The CLI's exit code for an outcome: 0 passed, 9 gate failed, 10 incomplete. */
    public static int exitCode(String outcome) {
        switch (outcome == null ? "" : outcome) {
            case "passed":
                return 0;
            case "gate_failed":
                return 9;
            case "incomplete":
                return 10;
            default:
                return 1;
        }
    }
}
