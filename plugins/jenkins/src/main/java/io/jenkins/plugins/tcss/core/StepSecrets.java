package io.jenkins.plugins.tcss.core;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The secrets the step resolved from Jenkins credentials, on their way to the
 * agent (inside the remoting channel, never on a command line). Held as
 * char[] and wiped by {@link #wipe()} as soon as the client and spec hold
 * their own copies.
 */
public final class StepSecrets implements Serializable {
    private static final long serialVersionUID = 1L;

    final String secretId;
    final char[] secretKey;
    final char[] sessionToken;
    final String registryUsername;
    final char[] registryPassword;
    final char[] webhookToken;
    /** The OIDC id token (keyless: exchanged at STS for temporary keys), or null. */
    final char[] webIdentityToken;

    public StepSecrets(String secretId, char[] secretKey, char[] sessionToken, String registryUsername,
                       char[] registryPassword, char[] webhookToken) {
        this(secretId, secretKey, sessionToken, registryUsername, registryPassword, webhookToken, null);
    }

    /**
     * @param secretId         null with secretKey null: no API key (keyless: the id token, or the
     *                         library's chain on the agent, e.g. the CVM instance role)
     * @param webIdentityToken the id token from idTokenCredentialsId (copied), or null
     */
    public StepSecrets(String secretId, char[] secretKey, char[] sessionToken, String registryUsername,
                       char[] registryPassword, char[] webhookToken, char[] webIdentityToken) {
        this.webIdentityToken = copy(webIdentityToken);
        this.secretId = secretId;
        this.secretKey = copy(secretKey);
        this.sessionToken = copy(sessionToken);
        this.registryUsername = registryUsername;
        this.registryPassword = copy(registryPassword);
        this.webhookToken = copy(webhookToken);
    }

    /** A masker for every secret here plus the given extra ones (the proxy password). */
    public SecretMasker masker(char[]... extra) {
        SecretMasker m = new SecretMasker().add(secretKey).add(sessionToken).add(registryPassword).add(webhookToken)
                .add(webIdentityToken)
                .addBasic(registryUsername, registryPassword);
        for (char[] e : extra) {
            m.add(e);
        }
        return m;
    }

    public void wipe() {
        for (char[] a : new char[][] {secretKey, sessionToken, registryPassword, webhookToken, webIdentityToken}) {
            if (a != null) {
                Arrays.fill(a, '\0');
            }
        }
    }

    private static char[] copy(char[] a) {
        return a == null ? null : a.clone();
    }

    @Override
    public String toString() {
        return "StepSecrets[secretId=" + secretId + ", registryUsername=" + registryUsername + ", secrets=****]";
    }
}
