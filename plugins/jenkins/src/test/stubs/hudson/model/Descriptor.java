package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class Descriptor<T> {
    /** Deprecated since Jenkins 2.475, as in Jenkins. */
    @Deprecated public T newInstance(org.kohsuke.stapler.StaplerRequest req, net.sf.json.JSONObject formData) throws FormException { return null; }
    public T newInstance(org.kohsuke.stapler.StaplerRequest2 req, net.sf.json.JSONObject formData) throws FormException { return null; }
    public String getHelpFile(String fieldName) { return null; }
    public String getDisplayName() { return null; }
    public static final class FormException extends Exception { private static final long serialVersionUID = 1L; public FormException(String m, String field) { super(m); } }
}
