package hudson.remoting;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class ChannelClosedException extends java.io.IOException {
    private static final long serialVersionUID = 1L;
    public ChannelClosedException(String message, Throwable cause) { super(message, cause); }
}
