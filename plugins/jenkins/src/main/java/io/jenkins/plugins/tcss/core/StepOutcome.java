package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.AddRegistryResult;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the step tells Jenkins after a successful call: the map returned to the
 * pipeline, the summary for the build page, and the health-check decision.
 * Serializable: it travels from the agent back to the controller.
 */
public final class StepOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long registryId;
    private final String requestId;
    private final boolean alreadyExisted;
    private final String healthCheckErr;
    private final int attempts;
    private final HealthCheckPolicy decision;

    public StepOutcome(String name, long registryId, String requestId, boolean alreadyExisted, String healthCheckErr,
                       int attempts, boolean failOnHealthCheck) {
        this.name = name;
        this.registryId = registryId;
        this.requestId = requestId == null ? "" : requestId;
        this.alreadyExisted = alreadyExisted;
        this.healthCheckErr = healthCheckErr == null ? "" : healthCheckErr;
        this.attempts = attempts;
        this.decision = HealthCheckPolicy.decide(this.healthCheckErr, failOnHealthCheck);
    }

    static StepOutcome of(String name, AddRegistryResult r, boolean failOnHealthCheck, SecretMasker masker) {
        return new StepOutcome(name, r.getRegistryId(), r.getRequestId(), r.isAlreadyExisted(),
                masker.mask(r.getHealthCheckErr()), r.getAttempts(), failOnHealthCheck);
    }

    /**
     * The pipeline's return value: registryId (Long), requestId (String),
     * alreadyExisted (Boolean), healthCheckErr (String, "" when healthy).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registryId", registryId);
        m.put("requestId", requestId);
        m.put("alreadyExisted", alreadyExisted);
        m.put("healthCheckErr", healthCheckErr);
        return m;
    }

    /** One or two lines for the build page and the console. */
    public String summary() {
        StringBuilder sb = new StringBuilder("TCSS: registry \"").append(name).append("\" ")
                .append(alreadyExisted ? "already existed" : "added")
                .append(" (RegistryId ").append(registryId);
        if (!requestId.isEmpty()) {
            sb.append(", RequestId ").append(requestId);
        }
        sb.append(").");
        switch (decision) {
            case WARN:
                sb.append(" Warning: TCSS could not reach the registry: ").append(healthCheckErr).append('.');
                break;
            case FAIL:
                sb.append(" Health check failed: ").append(healthCheckErr)
                        .append(" (failOnHealthCheck fails the build).");
                break;
            default:
                break;
        }
        return sb.toString();
    }

    /** A failure to raise after the summary is shown, or null when the build goes on. */
    public StepFailure failure() {
        if (decision != HealthCheckPolicy.FAIL) {
            return null;
        }
        return new StepFailure("TCSS registry \"" + name + "\" was added (RegistryId " + registryId
                + ") but its health check failed: " + healthCheckErr, true, "");
    }

    public String getName() {
        return name;
    }

    public long getRegistryId() {
        return registryId;
    }

    public String getRequestId() {
        return requestId;
    }

    public boolean isAlreadyExisted() {
        return alreadyExisted;
    }

    public String getHealthCheckErr() {
        return healthCheckErr;
    }

    public int getAttempts() {
        return attempts;
    }

    public HealthCheckPolicy getDecision() {
        return decision;
    }
}
