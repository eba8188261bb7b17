package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class Step { public abstract StepExecution start(StepContext context) throws Exception; }
