package io.jenkins.plugins.tcss.core;

/**
 * What a HealthCheckErr means for the build. An error from the call always
 * fails the build; a health warning (the registry was added but TCSS could
 * not reach it) fails it only with failOnHealthCheck.
 */
public enum HealthCheckPolicy {
    /** Healthy: nothing to say. */
    OK,
    /** Added, TCSS could not reach the registry, and the build goes on (a warning is printed). */
    WARN,
    /** Added, TCSS could not reach the registry, and failOnHealthCheck fails the build. */
    FAIL;

    /** The decision for a HealthCheckErr ("" or null when healthy). */
    public static HealthCheckPolicy decide(String healthCheckErr, boolean failOnHealthCheck) {
        if (healthCheckErr == null || healthCheckErr.isEmpty()) {
            return OK;
        }
        return failOnHealthCheck ? FAIL : WARN;
    }
}
