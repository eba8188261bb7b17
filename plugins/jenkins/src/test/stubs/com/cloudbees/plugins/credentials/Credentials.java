package com.cloudbees.plugins.credentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface Credentials extends java.io.Serializable {}
