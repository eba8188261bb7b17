package org.springframework.security.core;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface Authentication {}
