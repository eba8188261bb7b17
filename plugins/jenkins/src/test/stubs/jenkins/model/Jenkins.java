package jenkins.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class Jenkins {
    public static Jenkins getInstanceOrNull() { return null; }
    public hudson.ProxyConfiguration getProxy() { return null; }
}
