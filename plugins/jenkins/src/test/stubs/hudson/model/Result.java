package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class Result implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final Result SUCCESS = new Result();
    public static final Result UNSTABLE = new Result();
    public static final Result FAILURE = new Result();
    private Result() { }
}
