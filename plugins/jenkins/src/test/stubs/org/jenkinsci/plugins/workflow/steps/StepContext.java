package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class StepContext implements java.io.Serializable { public abstract <T> T get(Class<T> key) throws java.io.IOException, InterruptedException; }
