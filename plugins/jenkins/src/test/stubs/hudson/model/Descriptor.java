package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class Descriptor<T> {
    public T newInstance(org.kohsuke.stapler.StaplerRequest req, net.sf.json.JSONObject formData) throws FormException { return null; }
    public String getDisplayName() { return null; }
    public static final class FormException extends Exception { private static final long serialVersionUID = 1L; public FormException(String m, String field) { super(m); } }
}
