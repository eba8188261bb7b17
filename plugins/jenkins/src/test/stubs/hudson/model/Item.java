package hudson.model;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface Item { hudson.security.Permission EXTENDED_READ = null; hudson.security.Permission READ = null; boolean hasPermission(hudson.security.Permission p); }
