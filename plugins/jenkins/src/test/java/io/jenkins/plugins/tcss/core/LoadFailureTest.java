package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.tencentcloud.tcss.TcssNative;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/**
 * What the step says when the native library cannot load on the agent. Run
 * in a JVM of its own with -Dtcss.native.path at a library that NEEDs
 * libtcss-missing-test.so.0, which is nowhere on the search path (built by
 * bindings/java/CMakeLists.txt), so TcssNative's load fails for real.
 */
public class LoadFailureTest {
    private static final String MISSING = "libtcss-missing-test.so.0";

    @Test
    public void theStepNamesTheMissingLibraryOnThisAgent() {
        String path = System.getProperty(TcssNative.PATH_PROPERTY);
        TestEnv.require("needs -D" + TcssNative.PATH_PROPERTY + " at a library that cannot load: CTest runs this as"
                + " jenkins_core_loadfailure", path != null && path.endsWith("libtcss-needs-missing.so"));
        assertTrue("run with -D" + TcssNative.PATH_PROPERTY + "=<libtcss-needs-missing.so>",
                path != null && path.endsWith("libtcss-needs-missing.so"));
        StepSecrets secrets = new StepSecrets("AKIDload", "load-failure-secret-key".toCharArray(), null, "robot",
                "load-failure-registry-password".toCharArray(), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleLog console = new ConsoleLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), secrets.masker());
        StepInputs in = CoreUnitTest.valid();
        in.endpoint = "http://127.0.0.1:9";
        try {
            AddRegistryRunner.run(in, secrets, ProxySettings.none(), console);
            fail("the step ran without its native library");
        } catch (StepFailure e) {
            String m = e.getMessage();
            assertTrue(m, m.startsWith("tcssAddRegistry: libtcss cannot load on this agent ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "): could not load "
                    + path));
            assertTrue(m, m.contains(MISSING + ": cannot open shared object file"));
            assertTrue(m, m.contains("The shared library " + MISSING + " is not installed"));
            assertTrue(m, m.contains("apt-file search " + MISSING));
            assertTrue(m, m.contains("README.md"));
            assertFalse(m, m.contains("noexec"));
            assertFalse(m, e.isPolicy());
            assertEquals("internal", e.getErrorClass());
        }
    }

    @Test
    public void aMissingDebianLibraryGetsItsInstallLine() {
        // The binding's message as TcssNative raises it for a missing libcurl, and what the step makes of it.
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("libtcss: could not load the native library extracted to"
                + " /tmp/libtcss_jni-1.so: /tmp/libtcss_jni-1.so: libcurl.so.4: cannot open shared object file:"
                + " No such file or directory. The shared library libcurl.so.4 is not installed. On Debian/Ubuntu:"
                + " apt-get install libcurl4 (as root).");
        String m = AgentPlatform.loadFailure("Linux", "amd64", null, e);
        assertTrue(m, m.startsWith("tcssAddRegistry: libtcss cannot load on this agent (Linux/amd64): could not"));
        assertTrue(m, m.contains("apt-get install libcurl4"));
        // With no library for the platform at all, that is the whole story.
        String p = AgentPlatform.loadFailure("Linux", "aarch64", "no library for linux/aarch64", e);
        assertEquals("tcssAddRegistry: no library for linux/aarch64", p);
    }
}
