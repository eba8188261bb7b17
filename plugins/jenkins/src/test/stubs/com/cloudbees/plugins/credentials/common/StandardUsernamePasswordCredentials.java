package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface StandardUsernamePasswordCredentials extends StandardCredentials {
    String getUsername();
    hudson.util.Secret getPassword();
}
