package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** Two class loaders in one JVM each load their own copy of the native library and both work. */
public class ClassLoaderTest {
    @BeforeClass
    public static void freshEmulator() throws Exception {
        TestSupport.freshEmulatorForClass();
    }

    private Path dir;

    @Before
    public void ownExtractionDir() throws Exception {
        dir = Files.createTempDirectory(new File(System.getProperty("tcss.native.dir", "/tmp")).toPath(), "cl-test");
        System.setProperty(TcssNative.DIR_PROPERTY, dir.toString());
    }

    @After
    public void restore() throws Exception {
        System.clearProperty(TcssNative.DIR_PROPERTY);
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    @Test
    public void twoClassLoadersBothWork() throws Throwable {
        try (IsolatedLoader a = new IsolatedLoader(); IsolatedLoader b = new IsolatedLoader()) {
            assertNotSame(a.load("TcssClient"), b.load("TcssClient"));
            long idA = a.addRegistry(TestSupport.uniqueName("loader-a"));
            long idB = b.addRegistry(TestSupport.uniqueName("loader-b"));
            assertTrue(idA > 0 && idB > 0);
            assertNotEquals(idA, idB);

            String fromA = (String) a.staticCall("TcssNative", "loadedFrom");
            String fromB = (String) b.staticCall("TcssNative", "loadedFrom");
            assertTrue(fromA, fromA.startsWith(dir.toString()));
            assertTrue(fromB, fromB.startsWith(dir.toString()));
            assertNotEquals("each loader has its own uniquely named copy", fromA, fromB);

            // And the application class loader's copy still works beside them.
            try (TcssClient c = new TcssClient(TestSupport.options());
                 RegistrySpec s = TestSupport.minimalSpec(TestSupport.uniqueName("loader-app")).build()) {
                assertTrue(c.addRegistry(s).getRegistryId() > 0);
            }
            // Loaded copies are removed from the extraction folder right away.
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                assertEquals("no extracted files left behind", 0, s.count());
            }
        }
    }
}
