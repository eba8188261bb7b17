package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface IdCredentials extends com.cloudbees.plugins.credentials.Credentials { String getId(); }
