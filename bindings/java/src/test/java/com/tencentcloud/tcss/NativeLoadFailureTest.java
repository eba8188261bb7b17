package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.After;
import org.junit.Test;

/**
 * End to end: real libraries that cannot load, through TcssNative's own
 * paths (-Dtcss.native.path, and the jar's copy extracted to tcss.native.dir),
 * and what the UnsatisfiedLinkError then says. The libraries are built by
 * bindings/java/CMakeLists.txt into -Dtcss.loadtest.dir:
 * libtcss-needs-missing.so NEEDs libtcss-missing-test.so.0, which is nowhere on
 * the search path; fake-cjson/libcjson.so.1 has none of cJSON's functions.
 */
public class NativeLoadFailureTest {
    private static final String MISSING = "libtcss-missing-test.so.0";

    @After
    public void clearProperties() {
        System.clearProperty(TcssNative.PATH_PROPERTY);
        System.clearProperty(TcssNative.DIR_PROPERTY);
    }

    private static Path loadtest(String name) {
        String dir = System.getProperty("tcss.loadtest.dir");
        if (dir == null) {
            throw new IllegalStateException("-Dtcss.loadtest.dir is not set (CTest sets it)");
        }
        Path p = Paths.get(dir, name);
        assertTrue(p + " was not built", Files.isRegularFile(p));
        return p;
    }

    private static Path scratchDir(String prefix) throws Exception {
        return Files.createTempDirectory(new File(System.getProperty("tcss.native.dir", "/tmp")).toPath(), prefix);
    }

    private static void assertNamesTheMissingLibrary(String message) {
        assertTrue(message, message.startsWith("libtcss: could not load"));
        assertTrue(message, message.contains(MISSING + ": cannot open shared object file"));
        assertTrue(message, message.contains("The shared library " + MISSING + " is not installed"));
        assertTrue(message, message.contains("apt-file search " + MISSING));
        assertTrue(message, message.contains("README.md"));
        assertFalse(message, message.contains("noexec"));
    }

    /**
     * A libtcss_jni 1.0.0 named by tcss.native.path (it makes clients but has no 1.1 natives): the
     * 1.1 calls say which version was loaded and what to do, instead of the JVM's UnsatisfiedLinkError.
     */
    @Test
    public void anOlderNativeLibraryIsRefusedForTheNewCalls() throws Throwable {
        Path lib = loadtest("old-jni/libtcss_jni.so");
        System.setProperty(TcssNative.PATH_PROPERTY, lib.toString());
        try (IsolatedLoader l = new IsolatedLoader()) {
            assertEquals("1.0.0", l.staticCall("TcssNative", "libraryVersion"));
            Class<?> optsCls = l.load("ClientOptions");
            Class<?> clientCls = l.load("TcssClient");
            Object client = clientCls.getConstructor(optsCls).newInstance(optsCls.getConstructor().newInstance());
            String[] calls = {"listRegistries", "showRegistry", "sync"};
            for (String call : calls) {
                try {
                    if (call.equals("listRegistries")) {
                        l.call(client, clientCls, call, new Class<?>[0]);
                    } else if (call.equals("showRegistry")) {
                        l.call(client, clientCls, call, new Class<?>[] {String.class}, "x");
                    } else {
                        l.call(client, clientCls, call, new Class<?>[] {String.class, java.time.Duration.class},
                                "x", null);
                    }
                    fail(call + " ran on libtcss 1.0.0");
                } catch (UnsupportedOperationException e) {
                    String m = e.getMessage();
                    assertTrue(m, m.contains(call.equals("showRegistry") ? "showRegistry" : call));
                    assertTrue(m, m.contains("needs libtcss 1.1 or newer"));
                    assertTrue(m, m.contains("'1.0.0'"));
                    assertTrue(m, m.contains(lib.toString()));
                    assertTrue(m, m.contains("tcss.native.path"));
                }
            }
            l.call(client, clientCls, "close", new Class<?>[0]);
        }
    }

    @Test
    public void anExplicitPathWithAnUnsatisfiedDependencyNamesIt() throws Throwable {
        Path lib = loadtest("libtcss-needs-missing.so");
        System.setProperty(TcssNative.PATH_PROPERTY, lib.toString());
        try (IsolatedLoader l = new IsolatedLoader()) {
            l.staticCall("TcssNative", "load");
            fail("loaded a library whose dependency is missing");
        } catch (UnsatisfiedLinkError e) {
            assertNamesTheMissingLibrary(e.getMessage());
            assertTrue(e.getMessage(), e.getMessage().contains(lib.toString()));
        }
    }

    @Test
    public void theJarsCopyWithAnUnsatisfiedDependencyNamesItNotNoexec() throws Throwable {
        // A jar that carries the probe where the real library sits; it comes first on the loader's path.
        Path dir = scratchDir("nlf");
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(TcssNative.resourcePath("Linux", "amd64").substring(1)));
            Files.copy(loadtest("libtcss-needs-missing.so"), j);
            j.closeEntry();
        }
        System.setProperty(TcssNative.DIR_PROPERTY, dir.toString());
        URL[] path = {jar.toUri().toURL(), new File(System.getProperty("tcss.test.jar")).toURI().toURL()};
        try (URLClassLoader l = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            Class<?> cls = Class.forName("com.tencentcloud.tcss.TcssNative", true, l);
            try {
                cls.getMethod("load").invoke(null);
                fail("loaded a library whose dependency is missing");
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable t = e.getCause();
                assertTrue(String.valueOf(t), t instanceof UnsatisfiedLinkError);
                assertNamesTheMissingLibrary(t.getMessage());
                assertTrue(t.getMessage(), t.getMessage().contains("extracted to " + dir));
            }
            try (java.util.stream.Stream<Path> st = Files.list(dir)) {
                assertEquals("the extracted copy is deleted", 1, st.count());
            }
        } finally {
            try (java.util.stream.Stream<Path> st = Files.list(dir)) {
                st.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Run in a child JVM: load the real libtcss_jni and print what the failure says. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            try {
                TcssNative.load();
                System.out.println("LOADED " + TcssNative.loadedFrom());
            } catch (UnsatisfiedLinkError e) {
                System.out.println("FAILED " + e.getMessage());
            }
        }
    }

    @Test
    public void aForeignLibcjsonFirstOnTheSearchPathIsNamedWithItsPackage() throws Exception {
        // The real libtcss_jni from the jar, in a JVM whose LD_LIBRARY_PATH serves a libcjson.so.1
        // without cJSON's functions (the dynamic loader reads LD_LIBRARY_PATH once, at start).
        Path fake = loadtest("fake-cjson/libcjson.so.1").getParent();
        Path dir = scratchDir("nlc");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-D" + TcssNative.DIR_PROPERTY + "=" + dir);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Child.class.getName());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", fake.toString());
            Process p = pb.start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            }
            assertTrue("child JVM timed out", p.waitFor(120, TimeUnit.SECONDS));
            String out = buf.toString(StandardCharsets.UTF_8).trim();
            assertEquals(out, 0, p.exitValue());
            assertTrue(out, out.startsWith("FAILED libtcss: could not load the native library extracted to " + dir));
            assertTrue(out, out.contains("undefined symbol: cJSON_"));
            assertTrue(out, out.contains("The libcjson.so.1 found lacks cJSON_"));
            assertTrue(out, out.contains("apt-get install libcjson1"));
            assertTrue(out, out.contains("LD_LIBRARY_PATH"));
            assertFalse(out, out.contains("noexec"));
        } finally {
            try (java.util.stream.Stream<Path> st = Files.list(dir)) {
                st.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void withoutTheForeignLibcjsonTheSameChildLoads() throws Exception {
        // The control for the test above: the child itself is sound.
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-D" + TcssNative.DIR_PROPERTY + "=" + System.getProperty("tcss.native.dir", "/tmp"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        assertTrue("child JVM timed out", p.waitFor(120, TimeUnit.SECONDS));
        assertTrue(out, out.startsWith("LOADED "));
    }
}
