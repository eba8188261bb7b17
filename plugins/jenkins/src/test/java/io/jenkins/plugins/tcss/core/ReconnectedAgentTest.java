package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.tencentcloud.tcss.TcssNative;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Issue 23, item 6: an agent that reconnects loads the plugin's classes in a
 * new class loader while the old one still holds libtcss_jni. Run in a JVM of
 * its own (CTest jenkins_core_reconnect) with libtcss_jni on
 * java.library.path and -Dtcss.test.isolated.classpath naming the plugin
 * core's and the binding's classes without a bundled library (the case of
 * every platform but linux/x86_64): each class loader below is one agent
 * connection.
 */
public class ReconnectedAgentTest {
    private static URLClassLoader connection() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : System.getProperty("tcss.test.isolated.classpath").split(File.pathSeparator)) {
            urls.add(new File(p).toURI().toURL());
        }
        // The platform loader as parent: nothing comes from the application class path.
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static Object call(ClassLoader loader, String cls, String method) throws Throwable {
        try {
            return Class.forName(cls, true, loader).getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    public void eachConnectionLoadsItsOwnCopy() throws Throwable {
        String libPath = System.getProperty("java.library.path");
        Path onPath = AgentNativeLoader.findOnPath(libPath, System.mapLibraryName(TcssNative.LIBRARY_NAME));
        TestEnv.require("needs libtcss_jni on java.library.path and -Dtcss.test.isolated.classpath: CTest runs this"
                + " as jenkins_core_reconnect", onPath != null && System.getProperty("tcss.test.isolated.classpath") != null);
        assertNull("-D" + TcssNative.PATH_PROPERTY + " is not set", System.getProperty(TcssNative.PATH_PROPERTY));
        String nativeDir = System.getProperty(TcssNative.DIR_PROPERTY);
        assertTrue("-D" + TcssNative.DIR_PROPERTY + " is set", nativeDir != null);

        // The first connection (or an older plugin version): the binding loads the file from java.library.path.
        URLClassLoader first = connection();
        assertEquals("java.library.path", call(first, "com.tencentcloud.tcss.TcssNative", "loadedFrom"));
        String version = (String) call(first, "com.tencentcloud.tcss.TcssNative", "libraryVersion");

        // The bug: the binding alone, in a second class loader, cannot bind that file, and this jar carries no copy.
        URLClassLoader plain = connection();
        try {
            call(plain, "com.tencentcloud.tcss.TcssNative", "load");
            fail("a second class loader loaded a file bound to the first");
        } catch (UnsatisfiedLinkError e) {
            assertTrue(e.getMessage(), e.getMessage().contains("carries no native library"));
        }

        // The fix: the plugin's loader copies the file to a unique name and loads the copy.
        for (int i = 0; i < 2; i++) {
            URLClassLoader reconnected = connection();
            String from = (String) call(reconnected, "io.jenkins.plugins.tcss.core.AgentNativeLoader", "load");
            assertNotEquals("java.library.path", from);
            Path copy = Paths.get(from);
            assertEquals("copied into -Dtcss.native.dir", Paths.get(nativeDir).toAbsolutePath().normalize(),
                    copy.getParent().toAbsolutePath().normalize());
            assertTrue(from, copy.getFileName().toString().startsWith("libtcss_jni-"));
            assertFalse("the copy is deleted once loaded: " + from, Files.exists(copy));
            assertEquals("idempotent", from, call(reconnected, "io.jenkins.plugins.tcss.core.AgentNativeLoader", "load"));
            assertEquals("its natives are bound", version,
                    call(reconnected, "com.tencentcloud.tcss.TcssNative", "libraryVersion"));
            assertNull("the path property is cleared again", System.getProperty(TcssNative.PATH_PROPERTY));
        }
        assertEquals("the first connection still works", version,
                call(first, "com.tencentcloud.tcss.TcssNative", "libraryVersion"));
    }
}
