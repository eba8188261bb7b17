package hudson.tasks;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class BuildStepDescriptor<T extends BuildStep> extends hudson.model.Descriptor<T> {
    public abstract boolean isApplicable(Class<? extends hudson.model.AbstractProject> jobType);
}
