package hudson.security;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class ACL { public static final org.springframework.security.core.Authentication SYSTEM2 = null; }
