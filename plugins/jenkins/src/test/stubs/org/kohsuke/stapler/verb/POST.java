package org.kohsuke.stapler.verb;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
@java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
public @interface POST { }
