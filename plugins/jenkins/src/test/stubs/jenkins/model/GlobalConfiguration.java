package jenkins.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class GlobalConfiguration extends hudson.model.Descriptor<GlobalConfiguration> {
    public synchronized void load() { }
    public synchronized void save() { }
}
