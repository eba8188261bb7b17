package hudson.remoting;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface VirtualChannel { <V, T extends Throwable> V call(Callable<V, T> callable) throws java.io.IOException, T, InterruptedException; }
