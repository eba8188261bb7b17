package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public enum CredentialsScope { SYSTEM, GLOBAL, USER }
