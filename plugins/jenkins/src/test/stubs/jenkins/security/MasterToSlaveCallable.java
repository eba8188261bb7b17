package jenkins.security;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements hudson.remoting.Callable<V, T> { }
