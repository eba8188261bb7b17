package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.TcssNative;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Loads libtcss_jni on the agent, before the binding would load it itself.
 * The binding (TcssNative) loads once per class loader: -Dtcss.native.path,
 * then {@code System.loadLibrary} from {@code java.library.path}, then the
 * jar's copy. A JVM binds a library file to one class loader, and an agent
 * that reconnects gets the plugin's classes in a new class loader while the
 * old one may still hold the file: {@code loadLibrary} then fails with
 * "already loaded in another classloader" and only the jar's copy is left,
 * which exists for linux/x86_64 only. So when the library is on
 * {@code java.library.path} (and -Dtcss.native.path is not set), this copies
 * it to a uniquely named file in -Dtcss.native.dir (default
 * {@code java.io.tmpdir}), as the binding already does for
 * -Dtcss.native.path, has the binding load that copy by its path, and
 * deletes the file (the mapping stays). Every class loader binds a file of
 * its own.
 *
 * <p>The binding takes an explicit file only from -Dtcss.native.path, so the
 * property names the copy during the binding's load and is cleared at once.
 * Another class loader reading it in that moment loads the same copy, or,
 * bound already, a copy of it; neither fails.
 */
public final class AgentNativeLoader {
    /** Per class loader, like the binding's own flag. */
    private static boolean loaded;

    private AgentNativeLoader() {
    }

    /**
     * Loads the library for this class loader if it is not loaded yet; idempotent.
     *
     * @return where it was loaded from (TcssNative.loadedFrom())
     * @throws UnsatisfiedLinkError with the binding's diagnosis when it cannot load
     */
    public static synchronized String load() {
        if (!loaded) {
            String explicit = System.getProperty(TcssNative.PATH_PROPERTY);
            Path onPath = explicit == null || explicit.isEmpty()
                    ? findOnPath(System.getProperty("java.library.path"), System.mapLibraryName(TcssNative.LIBRARY_NAME))
                    : null;
            if (onPath == null) {
                TcssNative.load();
            } else {
                loadCopyOf(onPath);
            }
            loaded = true;
        }
        return TcssNative.loadedFrom();
    }

    /**
     * The first folder of a library path (java.library.path's syntax) that holds fileName, or null.
     */
    public static Path findOnPath(String libraryPath, String fileName) {
        if (libraryPath == null || fileName == null) {
            return null;
        }
        for (String dir : libraryPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Paths.get(dir, fileName);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }

    /** The folder copies go to: -Dtcss.native.dir, else java.io.tmpdir. */
    static Path copyDirectory() {
        String dir = System.getProperty(TcssNative.DIR_PROPERTY);
        return Paths.get(dir == null || dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir);
    }

    private static void loadCopyOf(Path library) {
        Path copy;
        try {
            String name = library.getFileName().toString();
            int dot = name.lastIndexOf('.');
            copy = Files.createTempFile(copyDirectory(), "libtcss_jni-", dot < 0 ? ".so" : name.substring(dot));
            Files.copy(library, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // No copy (a read-only folder): the binding's own order, which works unless another class loader holds it.
            TcssNative.load();
            return;
        }
        try {
            System.setProperty(TcssNative.PATH_PROPERTY, copy.toString());
            try {
                TcssNative.load();
            } finally {
                System.clearProperty(TcssNative.PATH_PROPERTY);
            }
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                copy.toFile().deleteOnExit();
            }
        }
    }
}
