package io.jenkins.plugins.tcss.core;

/**
 * Whether the step may run where its workspace is. The work loads libtcss, a
 * native library, into the JVM of the node that runs it; on the built-in node
 * (the controller) a crash there takes Jenkins down. So it is refused there
 * unless an administrator allowed it in the global configuration.
 */
public final class ControllerPolicy {
    private ControllerPolicy() {
    }

    /** The refusal to show, or null when the step may run. */
    public static String refusal(boolean onBuiltInNode, boolean allowedByAdministrator) {
        if (!onBuiltInNode || allowedByAdministrator) {
            return null;
        }
        return "tcssAddRegistry: refusing to run on the built-in node (the controller): the step loads native code"
                + " (libtcss) into the JVM it runs in, and a crash there would stop Jenkins. Run it inside"
                + " node('some-agent-label') { ... }, or let an administrator allow it (Manage Jenkins > System >"
                + " Tencent Cloud Container Security > Allow on the built-in node).";
    }
}
