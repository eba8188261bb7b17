package io.jenkins.plugins.tcss.core;

import java.io.Serializable;

/**
 * Every non-secret input of the tcssAddRegistry step and the freestyle build
 * step, as the Jenkins classes received them. Secrets are never here: the
 * API key, the registry's username/password, the session token and the
 * webhook token and the OIDC id token are referred to by credentials ids, resolved on the
 * controller into {@link StepSecrets}.
 */
public final class StepInputs implements Serializable {
    private static final long serialVersionUID = 1L;

    // Credentials ids (resolved on the controller).
    public String credentialsId;            // username = SecretId, password = SecretKey
    public String sessionTokenCredentialsId; // optional Secret text: the temporary credential's token
    public String registryCredentialsId;    // username/password of the image registry
    public String webhookTokenCredentialsId; // optional Secret text: WebhookToken
    /** Keyless: an OIDC id token credential (the OIDC Provider plugin's), exchanged at STS for roleArn. */
    public String idTokenCredentialsId;

    // Keyless credentials (STS AssumeRoleWithWebIdentity). With neither credentialsId nor
    // idTokenCredentialsId, the library's chain runs on the agent (environment, profile, CVM role).
    public String roleArn;
    /** The CAM identity provider's name; blank: the library's default ("OIDC"). */
    public String providerId;
    /** blank: $TCSS_STS_ENDPOINT on the agent, else the official STS endpoint. */
    public String stsEndpoint;
    /** blank: the library's default (from the agent's environment). */
    public String roleSessionName;

    // AddAssetImageRegistryRegistryDetail (Username and Password come from registryCredentialsId).
    public String name;
    public String url;
    public String registryType;
    public String netType = "public";
    public String registryVersion;
    public String registryRegion;
    /** SpeedLimit; null: not sent. An Integer, not a Long: Stapler binds an empty Integer field to null, an empty Long to 0. */
    public Integer speedLimit;
    public Boolean insecure;
    /** ConnDetectConfig: one item a line, "QUUID:UUID" (either side may be empty). */
    public String connDetect;
    public Boolean needScan;
    public Integer syncMode;
    public String webhookUrl;
    public String instanceId;

    // The client.
    public String region;
    public String endpoint;
    public String caFile;
    /** Overrides Jenkins' proxy settings: a URL, or "none" for no proxy. */
    public String proxy;
    public String language;
    public int connectTimeoutSeconds;
    public int timeoutSeconds;
    public int maxAttempts;
    public int requestsPerSecond;
    /** Print libtcss's (redacted) request trace to the console. */
    public boolean verbose;

    // The policy.
    /** A HealthCheckErr fails the build (otherwise it is a warning). */
    public boolean failOnHealthCheck;

    // Ensure (libtcss 1.1): find the registry by name, add it when absent, update it in place as update says.
    /** Ensure instead of add: the same registry every run, updated in place when it differs. */
    public boolean ensure;
    /** With ensure: auto (update when a setting differs or TCSS reports status_auth_failed), always, never; blank: auto. */
    public String update;

    /** A field-by-field copy (every public instance field, so a new one is never left out). */
    public StepInputs copy() {
        StepInputs c = new StepInputs();
        copyTo(c);
        return c;
    }

    /** Sets every public instance field of target to this one's value. */
    public void copyTo(StepInputs target) {
        for (java.lang.reflect.Field f : StepInputs.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                f.set(target, f.get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("StepInputs." + f.getName() + " is not public", e);
            }
        }
    }
}
