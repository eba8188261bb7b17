package org.jenkinsci.plugins.workflow.actions;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public class WarningAction implements hudson.model.Action {
    public WarningAction(hudson.model.Result result) { }
    public WarningAction withMessage(String message) { return this; }
    public String getIconFileName() { return null; }
    public String getDisplayName() { return null; }
    public String getUrlName() { return null; }
}
