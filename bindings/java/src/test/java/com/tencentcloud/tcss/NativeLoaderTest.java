package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Test;

/** How the native library is found, and what a failure says. */
public class NativeLoaderTest {

    @After
    public void clearProperties() {
        System.clearProperty(TcssNative.PATH_PROPERTY);
        System.clearProperty(TcssNative.DIR_PROPERTY);
    }

    @Test
    public void platformDirectoryFollowsOsNameAndArch() {
        assertEquals("linux/x86_64", TcssNative.platformDirectory("Linux", "amd64"));
        assertEquals("linux/x86_64", TcssNative.platformDirectory("Linux", "x86_64"));
        assertEquals("linux/aarch64", TcssNative.platformDirectory("Linux", "aarch64"));
        assertEquals("darwin/aarch64", TcssNative.platformDirectory("Mac OS X", "aarch64"));
        assertEquals("darwin/x86_64", TcssNative.platformDirectory("Mac OS X", "x86_64"));
        assertEquals("win/x86_64", TcssNative.platformDirectory("Windows Server 2022", "amd64"));
        assertEquals("linux/ppc64le", TcssNative.platformDirectory("Linux", "ppc64le"));
        assertNull(TcssNative.platformDirectory("SunOS", "sparcv9"));
        assertNull(TcssNative.platformDirectory("Linux", "mips"));
        assertNull(TcssNative.platformDirectory(null, "amd64"));
        assertEquals("/linux/x86_64/libtcss_jni.so", TcssNative.resourcePath("Linux", "amd64"));
        assertEquals("/darwin/aarch64/libtcss_jni.dylib", TcssNative.resourcePath("Mac OS X", "aarch64"));
        assertEquals("/win/x86_64/tcss_jni.dll", TcssNative.resourcePath("Windows 10", "amd64"));
    }

    @Test
    public void theJarCarriesLinuxX8664Only() {
        assertTrue(TcssNative.isBundled("Linux", "amd64"));
        assertFalse(TcssNative.isBundled("Linux", "aarch64"));
        assertFalse(TcssNative.isBundled("Mac OS X", "aarch64"));
        assertFalse(TcssNative.isBundled("SunOS", "sparcv9"));
    }

    @Test
    public void aBadExplicitPathSaysWhichPropertyToFix() throws Throwable {
        System.setProperty(TcssNative.PATH_PROPERTY, "/nonexistent/libtcss_jni.so");
        try (IsolatedLoader l = new IsolatedLoader()) {
            l.staticCall("TcssNative", "load");
            fail("loading from a missing file succeeded");
        } catch (UnsatisfiedLinkError e) {
            assertTrue(e.getMessage(), e.getMessage().contains(TcssNative.PATH_PROPERTY));
            assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/libtcss_jni.so"));
        }
    }

    @Test
    public void anUnusableExtractionDirSaysWhatToSet() throws Throwable {
        System.setProperty(TcssNative.DIR_PROPERTY, "/nonexistent-tcss-dir/sub");
        try (IsolatedLoader l = new IsolatedLoader()) {
            l.staticCall("TcssNative", "load");
            fail("extracting into a missing folder succeeded");
        } catch (UnsatisfiedLinkError e) {
            assertTrue(e.getMessage(), e.getMessage().contains(TcssNative.DIR_PROPERTY));
            assertTrue(e.getMessage(), e.getMessage().contains(TcssNative.PATH_PROPERTY));
        }
    }

    @Test
    public void anExplicitPathIsUsedAsIs() throws Throwable {
        // Extract the jar's copy by hand to a file of our choosing, then point the property at it.
        Path dir = Files.createTempDirectory(new File(System.getProperty("tcss.native.dir", "/tmp")).toPath(), "nl");
        Path lib = dir.resolve("libtcss_jni.so");
        try (java.io.InputStream in = TcssNative.class.getResourceAsStream("/linux/x86_64/libtcss_jni.so")) {
            Files.copy(in, lib);
        }
        System.setProperty(TcssNative.PATH_PROPERTY, lib.toString());
        try (IsolatedLoader l = new IsolatedLoader()) {
            assertEquals(lib.toString(), l.staticCall("TcssNative", "loadedFrom"));
            String v = (String) l.staticCall("TcssNative", "libraryVersion");
            assertTrue(v, v.matches("\\d+\\.\\d+\\.\\d+"));
            assertTrue("an explicit file is never deleted", Files.exists(lib));
            long id = l.addRegistry(TestSupport.uniqueName("explicit-path"));
            assertTrue(id > 0);
        } finally {
            Files.deleteIfExists(lib);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void anExplicitPathWorksFromTwoClassLoaders() throws Throwable {
        // A JVM binds a file to one class loader; the second gets a private copy of the same file.
        Path dir = Files.createTempDirectory(new File(System.getProperty("tcss.native.dir", "/tmp")).toPath(), "nl2");
        Path lib = dir.resolve("libtcss_jni.so");
        try (java.io.InputStream in = TcssNative.class.getResourceAsStream("/linux/x86_64/libtcss_jni.so")) {
            Files.copy(in, lib);
        }
        System.setProperty(TcssNative.PATH_PROPERTY, lib.toString());
        System.setProperty(TcssNative.DIR_PROPERTY, dir.toString());
        try (IsolatedLoader a = new IsolatedLoader(); IsolatedLoader b = new IsolatedLoader()) {
            assertEquals(lib.toString(), a.staticCall("TcssNative", "loadedFrom"));
            String fromB = (String) b.staticCall("TcssNative", "loadedFrom");
            assertFalse("the second loader uses a copy", lib.toString().equals(fromB));
            assertTrue(fromB, fromB.startsWith(dir.toString()));
            assertTrue(a.addRegistry(TestSupport.uniqueName("explicit-a")) > 0);
            assertTrue(b.addRegistry(TestSupport.uniqueName("explicit-b")) > 0);
        } finally {
            try (java.util.stream.Stream<Path> st = Files.list(dir)) {
                st.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void aForeignFileAtTheExplicitPathFailsClearly() throws Throwable {
        Path notALib = Files.createTempFile(new File(System.getProperty("tcss.native.dir", "/tmp")).toPath(),
                "not-a-lib", ".so");
        Files.write(notALib, "this is not an ELF file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        System.setProperty(TcssNative.PATH_PROPERTY, notALib.toString());
        try (IsolatedLoader l = new IsolatedLoader()) {
            l.staticCall("TcssNative", "load");
            fail("loaded a text file");
        } catch (UnsatisfiedLinkError e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("libtcss: could not load"));
        } finally {
            Files.deleteIfExists(notALib);
        }
    }
}
