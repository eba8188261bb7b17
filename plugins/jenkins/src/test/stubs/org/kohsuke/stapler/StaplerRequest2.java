package org.kohsuke.stapler;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public interface StaplerRequest2 { }
