package hudson.util;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class Secret implements java.io.Serializable { public String getPlainText() { return ""; } }
