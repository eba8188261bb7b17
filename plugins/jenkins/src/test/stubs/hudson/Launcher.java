package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class Launcher { }
