package jenkins.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class Jenkins implements hudson.model.ItemGroup<hudson.model.Item> {
    public static final hudson.security.Permission ADMINISTER = null;
    public static final hudson.security.Permission READ = null;
    public static Jenkins getInstanceOrNull() { return null; }
    public static Jenkins get() { return null; }
    public boolean hasPermission(hudson.security.Permission p) { return false; }
    public hudson.ProxyConfiguration getProxy() { return null; }
}
