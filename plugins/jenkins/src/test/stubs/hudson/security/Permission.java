package hudson.security;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class Permission { }
