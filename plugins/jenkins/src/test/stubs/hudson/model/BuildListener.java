package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface BuildListener extends TaskListener { }
