package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class ProxyConfiguration {
    public String getName() { return null; }
    public int getPort() { return 0; }
    public String getUserName() { return null; }
    public hudson.util.Secret getSecretPassword() { return null; }
    public String getNoProxyHost() { return null; }
}
