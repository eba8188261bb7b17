package org.jenkinsci;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME) public @interface Symbol { String[] value(); }
