package edu.umd.cs.findbugs.annotations;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public @interface NonNull { }
