package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.TcssNative;

/**
 * Which native library an agent needs, decided on the agent from its own
 * os.name / os.arch (never the controller's: picking the architecture on the
 * controller is a known bug of other plugins).
 */
public final class AgentPlatform {
    private AgentPlatform() {
    }

    /** "linux/x86_64" and the like, or null for a platform the binding has no name for. */
    public static String directory(String osName, String osArch) {
        return TcssNative.platformDirectory(osName, osArch);
    }

    /**
     * Null when the library can be loaded on this agent, else what to do.
     *
     * @param explicitPath the agent's -Dtcss.native.path (or the library found on java.library.path), or null
     * @param bundled      whether the plugin carries a library for this platform
     */
    public static String problem(String osName, String osArch, String explicitPath, boolean bundled) {
        if (explicitPath != null && !explicitPath.isEmpty()) {
            return null;
        }
        if (bundled) {
            return null;
        }
        String dir = directory(osName, osArch);
        return "this agent runs " + osName + "/" + osArch + (dir == null ? "" : " (" + dir + ")")
                + ", and the plugin carries libtcss_jni for linux/x86_64 only. Run the step on a Linux x86_64 agent"
                + " (a label), or build libtcss_jni for this platform and start the agent with -D"
                + TcssNative.PATH_PROPERTY + "=/path/to/libtcss_jni";
    }

    /**
     * The step's message when libtcss_jni did not load on this agent: the
     * platform problem when there is one (no library for this OS/arch), else
     * the binding's own diagnosis (which library is missing and the package to
     * install, glibc too old, a noexec folder), said to be about this agent.
     */
    public static String loadFailure(String osName, String osArch, String platformProblem, UnsatisfiedLinkError e) {
        if (platformProblem != null) {
            return "tcssAddRegistry: " + platformProblem;
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("libtcss: ")) {
            msg = msg.substring("libtcss: ".length());
        }
        return "tcssAddRegistry: libtcss cannot load on this agent (" + osName + "/" + osArch + "): " + msg;
    }

    /** {@link #problem} for the JVM this runs in. */
    public static String problemHere() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        String explicit = System.getProperty(TcssNative.PATH_PROPERTY);
        if (explicit == null || explicit.isEmpty()) {
            // A library on java.library.path counts as given (AgentNativeLoader loads a copy of it).
            java.nio.file.Path onPath = AgentNativeLoader.findOnPath(System.getProperty("java.library.path"),
                    System.mapLibraryName(TcssNative.LIBRARY_NAME));
            explicit = onPath == null ? null : onPath.toString();
        }
        return problem(os, arch, explicit, TcssNative.isBundled(os, arch));
    }
}
