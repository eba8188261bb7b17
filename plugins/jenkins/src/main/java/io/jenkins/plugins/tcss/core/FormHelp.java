package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.TcssValues;

/**
 * The one-line help under the step's and the builder's form fields, built from
 * {@link TcssValues} (generated from libtcss's header), so a default shown in
 * the form is the default libtcss applies.
 */
public final class FormHelp {
    private FormHelp() {
    }

    /** Help text for a form field, or "" when the field has none. */
    public static String forField(String field) {
        if (field == null) {
            return "";
        }
        switch (field) {
            case "registryType":
                return "One of " + String.join(", ", TcssValues.REGISTRY_TYPES_LIST) + ".";
            case "update":
                return "One of " + String.join(", ", InputMapping.UPDATE_POLICIES) + " (with ensure); empty: auto.";
            case "failOn":
                return "One of " + String.join(", ", ScanInputs.FAIL_ON_LEVELS) + "; empty: none.";
            case "gateResult":
            case "incompleteResult":
                return "One of " + String.join(", ", ScanPolicy.RESULTS) + ".";
            case "reports":
                return "Any of " + String.join(", ", ScanInputs.REPORT_FORMATS) + ", comma-separated; junit is always"
                        + " written and archived.";
            case "netType":
                return "One of " + String.join(", ", TcssValues.NET_TYPES_LIST) + ".";
            case "endpoint":
                return "Empty: " + TcssValues.DEFAULT_ENDPOINT + ".";
            case "connectTimeoutSeconds":
                return "Seconds to set up one connection; 0: " + seconds(TcssValues.DEFAULT_CONNECT_TIMEOUT_MS) + ".";
            case "timeoutSeconds":
                return "Seconds for the whole call, every attempt, backoff and rate-limit wait included; 0: "
                        + seconds(TcssValues.DEFAULT_TIMEOUT_MS) + ".";
            case "maxAttempts":
                return "Attempts including the first; 0: " + TcssValues.DEFAULT_MAX_ATTEMPTS + ", at most "
                        + TcssValues.MAX_ATTEMPTS_LIMIT + ".";
            case "requestsPerSecond":
                return "Client-side pacing; 0: " + TcssValues.DEFAULT_REQUESTS_PER_SECOND
                        + " (the API's limit per account), -1: no client-side limit.";
            default:
                return "";
        }
    }

    /** "60 s" from 60000. */
    static String seconds(int millis) {
        return (millis / 1000) + " s";
    }
}
