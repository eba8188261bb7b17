package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class Util { public static String fixEmptyAndTrim(String s) { return s == null || s.trim().isEmpty() ? null : s.trim(); } }
