package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class CredentialsProvider {
    public static final hudson.security.Permission USE_ITEM = null;
    public static <C extends com.cloudbees.plugins.credentials.common.IdCredentials> C findCredentialById(String id, Class<C> type,
            hudson.model.Run<?, ?> run, java.util.List<com.cloudbees.plugins.credentials.domains.DomainRequirement> reqs) { return null; }
    public static <C extends Credentials> C track(hudson.model.Run build, C credentials) { return credentials; }
}
