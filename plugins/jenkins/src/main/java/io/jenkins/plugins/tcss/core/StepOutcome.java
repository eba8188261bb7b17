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
    /** With ensure: "added", "updated" or "unchanged"; null for a plain add. */
    private String action;
    /** With ensure: the API names of the settings that differed. */
    private java.util.List<String> changed = java.util.Collections.emptyList();
    /** With ensure: why it was updated, or what differs under update: never. */
    private String reason = "";

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

    /** The outcome of an ensure (libtcss 1.1); every service string masked. */
    static StepOutcome ofEnsure(String name, com.tencentcloud.tcss.EnsureResult r, boolean failOnHealthCheck,
                                SecretMasker masker) {
        String action = r.getAction().name().toLowerCase(java.util.Locale.ROOT);
        StepOutcome o = new StepOutcome(name, r.getRegistryId(), masker.mask(r.getRequestId()),
                !"added".equals(action), masker.mask(r.getHealthCheckErr()), (int) r.getRequests(),
                failOnHealthCheck);
        o.action = action;
        java.util.List<String> changed = new java.util.ArrayList<>();
        for (String c : r.getChanged()) {
            changed.add(masker.mask(c));
        }
        o.changed = java.util.Collections.unmodifiableList(changed);
        o.reason = masker.mask(r.getReason());
        return o;
    }

    /**
     * The pipeline's return value: registryId (Long), requestId (String),
     * alreadyExisted (Boolean), healthCheckErr (String, "" when healthy);
     * with ensure also action ("added", "updated", "unchanged"), changed
     * (List of the API names that differed) and reason.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registryId", registryId);
        m.put("requestId", requestId);
        m.put("alreadyExisted", alreadyExisted);
        m.put("healthCheckErr", healthCheckErr);
        if (action != null) {
            m.put("action", action);
            m.put("changed", new java.util.ArrayList<>(changed));
            m.put("reason", reason);
        }
        return m;
    }

    /** With ensure: "added", "updated" or "unchanged"; null for a plain add. */
    public String getAction() {
        return action;
    }

    public java.util.List<String> getChanged() {
        return changed;
    }

    public String getReason() {
        return reason;
    }

    /** One or two lines for the build page and the console. */
    public String summary() {
        String what = action == null ? (alreadyExisted ? "already existed" : "added")
                : "updated".equals(action) ? "updated in place" : action;
        StringBuilder sb = new StringBuilder("TCSS: registry \"").append(name).append("\" ")
                .append(what)
                .append(" (RegistryId ").append(registryId);
        if (!requestId.isEmpty()) {
            sb.append(", RequestId ").append(requestId);
        }
        sb.append(").");
        if (action != null && !changed.isEmpty()) {
            sb.append(" ").append("updated".equals(action) ? "Changed" : "Differs, not updated (update: never)")
                    .append(": ").append(String.join(", ", changed)).append('.');
        }
        if (action != null && !reason.isEmpty()) {
            sb.append(" Reason: ").append(reason).append('.');
        }
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
