package hudson.remoting;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface Callable<V, T extends Throwable> extends java.io.Serializable { V call() throws T; }
