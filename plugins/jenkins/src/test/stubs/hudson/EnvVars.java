package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class EnvVars extends java.util.TreeMap<String, String> { private static final long serialVersionUID = 1L; public String expand(String s) { return s; } }
