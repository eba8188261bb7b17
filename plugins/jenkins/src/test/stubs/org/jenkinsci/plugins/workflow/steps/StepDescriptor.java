package org.jenkinsci.plugins.workflow.steps;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class StepDescriptor extends hudson.model.Descriptor<Step> {
    public abstract String getFunctionName();
    public abstract java.util.Set<? extends Class<?>> getRequiredContext();
}
