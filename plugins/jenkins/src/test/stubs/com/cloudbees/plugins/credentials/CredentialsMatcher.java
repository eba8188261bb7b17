package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface CredentialsMatcher extends java.io.Serializable { boolean matches(Credentials item); }
