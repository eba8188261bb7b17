package hudson.util;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class ListBoxModel extends java.util.ArrayList<Object> { public void add(String nameAndValue) { } }
