package edu.umd.cs.findbugs.annotations;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)
public @interface SuppressFBWarnings { String[] value() default {}; String justification() default ""; }
