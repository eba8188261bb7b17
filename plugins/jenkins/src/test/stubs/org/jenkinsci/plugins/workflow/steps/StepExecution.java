package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class StepExecution implements java.io.Serializable { protected StepExecution(StepContext c) { } public StepContext getContext() { return null; } }
