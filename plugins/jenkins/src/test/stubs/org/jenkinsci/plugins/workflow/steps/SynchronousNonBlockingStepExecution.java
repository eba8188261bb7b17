package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    protected SynchronousNonBlockingStepExecution(StepContext c) { super(c); }
    protected abstract T run() throws Exception;
}
