package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {}
