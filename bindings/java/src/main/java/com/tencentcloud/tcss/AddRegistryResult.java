package com.tencentcloud.tcss;

/**
 * The outputs of a successful Add ({@code tcss_registry_result}). A non-empty
 * {@link #getHealthCheckErr()} still means "added": TCSS could not reach the
 * registry.
 */
public final class AddRegistryResult {
    private final long registryId;
    private final String requestId;
    private final String healthCheckErr;
    private final String nameRepeatErr;
    private final boolean alreadyExisted;
    private final int attempts;

    public AddRegistryResult(long registryId, String requestId, String healthCheckErr, String nameRepeatErr,
                             boolean alreadyExisted, int attempts) {
        this.registryId = registryId;
        this.requestId = requestId == null ? "" : requestId;
        this.healthCheckErr = healthCheckErr == null ? "" : healthCheckErr;
        this.nameRepeatErr = nameRepeatErr == null ? "" : nameRepeatErr;
        this.alreadyExisted = alreadyExisted;
        this.attempts = attempts;
    }

    /** RegistryId. */
    public long getRegistryId() {
        return registryId;
    }

    /** RequestId of the response that decided. */
    public String getRequestId() {
        return requestId;
    }

    /** HealthCheckErr; "" when healthy. */
    public String getHealthCheckErr() {
        return healthCheckErr;
    }

    /** Whether the service reported no health-check problem. */
    public boolean isHealthy() {
        return healthCheckErr.isEmpty();
    }

    /** NameRepeatErr; "" when the name was new. */
    public String getNameRepeatErr() {
        return nameRepeatErr;
    }

    /** True when a registry of this name was there already (including from an earlier attempt of this call). */
    public boolean isAlreadyExisted() {
        return alreadyExisted;
    }

    /** Attempts this call made (&gt;= 1). */
    public int getAttempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "AddRegistryResult[registryId=" + registryId + ", requestId=" + requestId + ", alreadyExisted="
                + alreadyExisted + ", healthCheckErr=" + healthCheckErr + ", attempts=" + attempts + "]";
    }
}
