package hudson.tasks;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class BuildStepDescriptor<T extends BuildStep> {
    public abstract boolean isApplicable(Class<? extends hudson.model.AbstractProject> jobType);
    public String getDisplayName() { return null; }
}
