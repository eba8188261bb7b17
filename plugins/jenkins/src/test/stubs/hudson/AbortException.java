package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class AbortException extends java.io.IOException { public AbortException(String m) { super(m); } }
