package org.jenkinsci.plugins.plaincredentials;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface StringCredentials extends com.cloudbees.plugins.credentials.common.StandardCredentials { hudson.util.Secret getSecret(); }
