package com.cloudbees.plugins.credentials.domains;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class DomainRequirement implements java.io.Serializable {}
