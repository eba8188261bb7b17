package hudson;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class FilePath implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public hudson.remoting.VirtualChannel getChannel() { return null; }
    public boolean isRemote() { return true; }
    public String getRemote() { return null; }
    public <V, E extends Throwable> V act(hudson.remoting.Callable<V, E> callable) throws java.io.IOException, InterruptedException, E { return null; }
}
