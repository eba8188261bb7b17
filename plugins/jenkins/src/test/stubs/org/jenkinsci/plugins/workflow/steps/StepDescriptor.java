package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class StepDescriptor {
    public abstract String getFunctionName();
    public String getDisplayName() { return null; }
    public abstract java.util.Set<? extends Class<?>> getRequiredContext();
}
