package io.jenkins.plugins.tcss.core;

/**
 * The step failed. {@link #isPolicy()} tells "the health-check policy said
 * no" (the registry was added) apart from "the call failed" (an error from
 * libtcss or bad input), the way Sysdig separates bailOnFail from
 * bailOnPluginFail. The message is already masked.
 */
public class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean policy;
    private final String errorClass;

    public StepFailure(String message, boolean policy, String errorClass) {
        super(message);
        this.policy = policy;
        this.errorClass = errorClass == null ? "" : errorClass;
    }

    /** True when the registry was added but failOnHealthCheck turned its health warning into a failure. */
    public boolean isPolicy() {
        return policy;
    }

    /** libtcss's error class label ("auth", "network", ...), "invalid_argument" for bad input, "" for policy. */
    public String getErrorClass() {
        return errorClass;
    }
}
