package org.jenkinsci.plugins.workflow.graph;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class FlowNode { public void addOrReplaceAction(hudson.model.Action a) { } }
