package hudson.util;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class ListBoxModel extends java.util.ArrayList<Object> {
    private static final long serialVersionUID = 1L;
    public void add(String nameAndValue) { }
    public ListBoxModel add(String displayName, String value) { return this; }
}
