package jenkins.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface RunAction2 extends hudson.model.Action { void onAttached(hudson.model.Run<?, ?> r); void onLoad(hudson.model.Run<?, ?> r); }
