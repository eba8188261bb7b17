package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class Run<JobT, RunT extends Run<JobT, RunT>> {
    public <T extends Action> T getAction(Class<T> type) { return null; }
    public void addAction(Action a) { }
    public String getExternalizableId() { return null; }
    public void save() throws java.io.IOException { }
    public void setResult(Result r) { }
    public final jenkins.model.ArtifactManager pickArtifactManager() throws java.io.IOException { return null; }
}
