package org.jenkinsci.plugins.plaincredentials;

/** Compile-only stub (plain-credentials): a secret file; the OIDC Provider plugin's IdTokenFileCredentials is one. */
public interface FileCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials {
    String getFileName();

    java.io.InputStream getContent() throws java.io.IOException;
}
