package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class CredentialsMatchers {
    public static CredentialsMatcher not(CredentialsMatcher matcher) { return null; }
    public static CredentialsMatcher withScope(CredentialsScope scope) { return null; }
}
