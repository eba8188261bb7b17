package jenkins.tasks;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface SimpleBuildStep extends hudson.tasks.BuildStep {
    void perform(hudson.model.Run<?, ?> run, hudson.FilePath workspace, hudson.EnvVars env, hudson.Launcher launcher,
                 hudson.model.TaskListener listener) throws InterruptedException, java.io.IOException;
}
