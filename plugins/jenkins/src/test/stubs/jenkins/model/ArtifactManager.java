package jenkins.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class ArtifactManager {
    public abstract void archive(hudson.FilePath workspace, hudson.Launcher launcher, hudson.model.BuildListener listener,
                                 java.util.Map<String, String> artifacts) throws java.io.IOException, InterruptedException;
}
