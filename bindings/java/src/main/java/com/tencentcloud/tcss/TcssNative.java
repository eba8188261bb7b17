package com.tencentcloud.tcss;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libtcss_jni, the binding's native library, once per class loader, the
 * way zstd-jni does:
 * <ol>
 * <li>the system property {@value #PATH_PROPERTY}, when set, names the file
 *     to load (nothing else is tried);</li>
 * <li>{@code System.loadLibrary("tcss_jni")} from {@code java.library.path};</li>
 * <li>the copy in this jar at {@code /<os>/<arch>/libtcss_jni.so}, extracted
 *     to a uniquely named file in {@value #DIR_PROPERTY} (default
 *     {@code java.io.tmpdir}), loaded, then deleted. A unique name per load
 *     lets two class loaders in one JVM (a Jenkins agent after a plugin
 *     reload, for one) each bind their own copy.</li>
 * </ol>
 * A failure is an {@link UnsatisfiedLinkError} that says what to do: which
 * shared library is missing and the package to install, that glibc is too
 * old, or that the folder does not allow executables
 * ({@link NativeLoadDiagnosis}, from the dynamic loader's own message).
 */
public final class TcssNative {
    /** System property: the path of a libtcss_jni file to load. */
    public static final String PATH_PROPERTY = "tcss.native.path";
    /** System property: where to extract the bundled library (must allow exec). */
    public static final String DIR_PROPERTY = "tcss.native.dir";
    /** The library's base name, as for {@code System.loadLibrary}. */
    public static final String LIBRARY_NAME = "tcss_jni";

    private static volatile boolean loaded;
    private static String loadedFrom;

    private TcssNative() {
    }

    /**
     * The folder inside the jar that holds the library for an OS and
     * architecture as Java reports them ({@code os.name}, {@code os.arch}),
     * e.g. "linux/x86_64"; null for a platform this binding has no name for.
     */
    public static String platformDirectory(String osName, String osArch) {
        if (osName == null || osArch == null) {
            return null;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        String osDir;
        if (os.startsWith("linux")) {
            osDir = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            osDir = "darwin";
        } else if (os.startsWith("windows")) {
            osDir = "win";
        } else if (os.startsWith("freebsd")) {
            osDir = "freebsd";
        } else {
            return null;
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        String archDir;
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86-64":
                archDir = "x86_64";
                break;
            case "aarch64":
            case "arm64":
                archDir = "aarch64";
                break;
            case "ppc64le":
                archDir = "ppc64le";
                break;
            case "s390x":
                archDir = "s390x";
                break;
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                archDir = "i386";
                break;
            default:
                return null;
        }
        return osDir + "/" + archDir;
    }

    /** The resource path of the library for this JVM's platform, or null. */
    public static String resourcePath(String osName, String osArch) {
        String dir = platformDirectory(osName, osArch);
        if (dir == null) {
            return null;
        }
        String file = osName.toLowerCase(Locale.ROOT).startsWith("windows") ? LIBRARY_NAME + ".dll"
                : osName.toLowerCase(Locale.ROOT).startsWith("mac") ? "lib" + LIBRARY_NAME + ".dylib"
                : "lib" + LIBRARY_NAME + ".so";
        return "/" + dir + "/" + file;
    }

    /** Whether this jar carries a library for the given platform. */
    public static boolean isBundled(String osName, String osArch) {
        String res = resourcePath(osName, osArch);
        return res != null && TcssNative.class.getResource(res) != null;
    }

    /** Load the native library if this class loader has not yet; idempotent and thread-safe. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (TcssNative.class) {
            if (!loaded) {
                loadedFrom = doLoad();
                loaded = true;
            }
        }
    }

    /** Where the library was loaded from: a path, or "java.library.path". Loads it first. */
    public static String loadedFrom() {
        load();
        return loadedFrom;
    }

    /** The version of the native libtcss, e.g. "1.1.0". */
    public static String libraryVersion() {
        load();
        return nativeVersion();
    }

    /** The libtcss release that brought ensure, list, show, remove, sync and scan. */
    static final int JOBS_MAJOR = 1, JOBS_MINOR = 1;

    /**
     * Why a libtcss of this version cannot serve a 1.1 call, or null when it
     * can: the same major and a minor at least 1 (the header's promise for
     * {@code tcss_version_number}).
     */
    static String versionProblem(String version, String function) {
        String v = version == null ? "" : version.trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([0-9]+)\\.([0-9]+)(\\..*)?$").matcher(v);
        if (m.matches()) {
            try {
                int major = Integer.parseInt(m.group(1));
                int minor = Integer.parseInt(m.group(2));
                if (major == JOBS_MAJOR && minor >= JOBS_MINOR) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // fall through: not a version this binding can read
            }
        }
        return "libtcss: " + function + " needs libtcss " + JOBS_MAJOR + "." + JOBS_MINOR
                + " or newer (1.x), but the native library loaded is version '" + v + "'";
    }

    /**
     * Checks the loaded library before a 1.1 function is called, so an older
     * libtcss_jni (say one named by -Dtcss.native.path) gives this message
     * instead of an UnsatisfiedLinkError from the JVM.
     *
     * @throws UnsupportedOperationException naming the function, the version loaded and where it came from
     */
    static void requireJobs(String function) {
        load();
        String problem = versionProblem(nativeVersion(), function);
        if (problem != null) {
            throw new UnsupportedOperationException(problem + " (from " + loadedFrom + "). Use the libtcss_jni"
                    + " in this jar (unset -D" + PATH_PROPERTY + ") or one built from libtcss " + JOBS_MAJOR + "."
                    + JOBS_MINOR + " or newer");
        }
    }

    private static String doLoad() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            File f = new File(explicit);
            try {
                System.load(f.getAbsolutePath());
            } catch (UnsatisfiedLinkError e) {
                if (String.valueOf(e.getMessage()).contains("another classloader")) {
                    // Bound to an earlier class loader (a reloaded plugin): load a private copy.
                    try (InputStream in = Files.newInputStream(f.toPath())) {
                        return extractAndLoad(in, f.getName().contains(".") ? f.getName()
                                .substring(f.getName().lastIndexOf('.')) : ".so", f.getAbsolutePath());
                    } catch (IOException io) {
                        throw linkError("could not copy " + f.getAbsolutePath() + ", already loaded by another"
                                + " class loader: " + io, io);
                    }
                }
                NativeLoadDiagnosis d = NativeLoadDiagnosis.of(e.getMessage(), f.getAbsolutePath(), null);
                String fix = d.kind() == NativeLoadDiagnosis.Kind.UNKNOWN
                        || d.kind() == NativeLoadDiagnosis.Kind.WRONG_PLATFORM
                        || d.kind() == NativeLoadDiagnosis.Kind.FILE_NOT_FOUND
                        ? " Point " + PATH_PROPERTY + " at a libtcss_jni built for this platform, or unset it to use"
                        + " the copy in the jar." : "";
                throw linkError("could not load " + f.getAbsolutePath() + " named by -D" + PATH_PROPERTY + ": "
                        + e.getMessage() + ". " + d.advice() + fix, e);
            }
            return f.getAbsolutePath();
        }
        UnsatisfiedLinkError fromPath;
        try {
            System.loadLibrary(LIBRARY_NAME);
            return "java.library.path";
        } catch (UnsatisfiedLinkError e) {
            fromPath = e; // not there, or bound to another class loader: use the jar's copy
        }
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        String res = resourcePath(osName, osArch);
        InputStream in = res == null ? null : TcssNative.class.getResourceAsStream(res);
        if (in == null) {
            throw linkError("this libtcss jar carries no native library for " + osName + "/" + osArch
                    + (res == null ? "" : " (looked for " + res + ")")
                    + ". Build libtcss_jni for this platform (see bindings/java/README.md) and pass -D"
                    + PATH_PROPERTY + "=/path/to/it, or put it on java.library.path", fromPath);
        }
        return extractAndLoad(in, res.substring(res.lastIndexOf('.')), res);
    }

    /** Copy the library to a uniquely named file in tcss.native.dir, load it, delete it. */
    private static String extractAndLoad(InputStream in, String suffix, String res) {
        String dirName = System.getProperty(DIR_PROPERTY);
        if (dirName == null || dirName.isEmpty()) {
            dirName = System.getProperty("java.io.tmpdir");
        }
        Path dir = Paths.get(dirName);
        Path file = null;
        try {
            try (InputStream src = in) {
                file = Files.createTempFile(dir, "libtcss_jni-", suffix);
                Files.copy(src, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw linkError("could not extract the native library " + res + " to " + dir.toAbsolutePath() + ": "
                    + e + ". Set -D" + DIR_PROPERTY + "=<a writable folder> or -D" + PATH_PROPERTY
                    + "=<a libtcss_jni file>", e);
        }
        try {
            System.load(file.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            deleteQuietly(file);
            NativeLoadDiagnosis d = NativeLoadDiagnosis.of(e.getMessage(), file.toAbsolutePath().toString(),
                    dir.toAbsolutePath().toString());
            throw linkError("could not load the native library extracted to " + file.toAbsolutePath() + ": "
                    + e.getMessage() + ". " + d.advice(), e);
        }
        // The mapping stays valid after the file is gone (Linux, macOS); elsewhere remove it at exit.
        if (!deleteQuietly(file)) {
            file.toFile().deleteOnExit();
        }
        return file.toAbsolutePath().toString();
    }

    private static boolean deleteQuietly(Path p) {
        if (p == null) {
            return true;
        }
        try {
            Files.deleteIfExists(p);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("libtcss: " + message);
        e.initCause(cause);
        return e;
    }

    // ---- the JNI glue (src/main/c/tcss_jni.c); codes are tcss_error_code values ----

    /** Index of each string input in the arrays passed to the glue. */
    static final int OPT_SECRET_ID = 0, OPT_SECRET_KEY = 1, OPT_SESSION_TOKEN = 2, OPT_PROFILE = 3,
            OPT_REGION = 4, OPT_ENDPOINT = 5, OPT_CA_FILE = 6, OPT_PROXY = 7, OPT_LANGUAGE = 8,
            OPT_STS_ENDPOINT = 9, OPT_METADATA_ENDPOINT = 10, OPT_ROLE_ARN = 11, OPT_PROVIDER_ID = 12,
            OPT_WEB_IDENTITY_TOKEN = 13, OPT_WEB_IDENTITY_TOKEN_FILE = 14, OPT_ROLE_SESSION_NAME = 15,
            OPT_COUNT = 16;
    /** Numeric client options: connect timeout, timeout, max attempts, rps, log level. */
    static final int NUM_CONNECT_TIMEOUT = 0, NUM_TIMEOUT = 1, NUM_MAX_ATTEMPTS = 2, NUM_RPS = 3,
            NUM_LOG_LEVEL = 4, NUM_NO_METADATA = 5, NUM_SESSION_DURATION = 6, NUM_COUNT = 7;
    static final int SPEC_NAME = 0, SPEC_USERNAME = 1, SPEC_PASSWORD = 2, SPEC_URL = 3, SPEC_REGISTRY_TYPE = 4,
            SPEC_NET_TYPE = 5, SPEC_REGISTRY_VERSION = 6, SPEC_REGISTRY_REGION = 7, SPEC_WEBHOOK_URL = 8,
            SPEC_WEBHOOK_TOKEN = 9, SPEC_INSTANCE_ID = 10, SPEC_COUNT = 11;
    /** Numeric spec inputs; Long.MIN_VALUE means unset. */
    static final int SNUM_SPEED_LIMIT = 0, SNUM_INSECURE = 1, SNUM_NEED_SCAN = 2, SNUM_SYNC_MODE = 3,
            SNUM_COUNT = 4;
    static final long UNSET = Long.MIN_VALUE;
    /** Error details filled on failure: message, service code, service message, RequestId. */
    static final int ERR_MESSAGE = 0, ERR_SERVICE_CODE = 1, ERR_SERVICE_MESSAGE = 2, ERR_REQUEST_ID = 3,
            ERR_STR_COUNT = 4;
    /** Error numbers: HTTP status, attempts. */
    static final int ERR_HTTP_STATUS = 0, ERR_ATTEMPTS = 1, ERR_NUM_COUNT = 2;
    /** Result strings: RequestId, HealthCheckErr, NameRepeatErr. */
    static final int RES_REQUEST_ID = 0, RES_HEALTH = 1, RES_NAME_REPEAT = 2, RES_STR_COUNT = 3;
    /** Result numbers: RegistryId, already existed (0/1), attempts. */
    static final int RES_REGISTRY_ID = 0, RES_ALREADY_EXISTED = 1, RES_ATTEMPTS = 2, RES_NUM_COUNT = 3;

    /** Scan option strings: registry name, image, fail-on, ignore file. */
    static final int SCAN_REGISTRY_NAME = 0, SCAN_IMAGE = 1, SCAN_FAIL_ON = 2, SCAN_IGNORE_FILE = 3,
            SCAN_COUNT = 4;
    /** Scan option numbers; UNSET for a max means no limit. */
    static final int SCANNUM_SYNC = 0, SCANNUM_WAIT_MS = 1, SCANNUM_MAX_CRITICAL = 2, SCANNUM_MAX_HIGH = 3,
            SCANNUM_MAX_MEDIUM = 4, SCANNUM_MAX_LOW = 5, SCANNUM_ONLY_FIXED = 6, SCANNUM_COUNT = 7;

    static native String nativeVersion();

    /** tcss_client_new; on success outHandle[0] is the glue's handle. */
    static native int clientNew(byte[][] strings, long[] numbers, Object logBridge, long[] outHandle,
                                byte[][] errStrings, long[] errNumbers);

    /** tcss_client_free; 0 is a no-op. */
    static native void clientFree(long handle);

    /** tcss_add_registry; connDetect holds quuid, uuid pairs (null entries allowed). */
    static native int addRegistry(long handle, byte[][] strings, long[] numbers, byte[][] connDetect,
                                  byte[][] outStrings, long[] outNumbers, byte[][] errStrings, long[] errNumbers);

    /** tcss_add_registry_preview; outPreview[0] is the masked request. */
    static native int addRegistryPreview(long handle, byte[][] strings, long[] numbers, byte[][] connDetect,
                                         byte[][] outPreview, byte[][] errStrings, long[] errNumbers);

    // ---- libtcss 1.1 (call requireJobs first): outJson[0] is tcss_result_json ----

    /** tcss_ensure_registry with a spec as for addRegistry and a tcss_update_policy. */
    static native int ensureRegistry(long handle, byte[][] strings, long[] numbers, byte[][] connDetect, int update,
                                     byte[][] outJson, byte[][] errStrings, long[] errNumbers);

    /** tcss_list_registries. */
    static native int listRegistries(long handle, byte[][] outJson, byte[][] errStrings, long[] errNumbers);

    /** tcss_show_registry. */
    static native int showRegistry(long handle, byte[] name, byte[][] outJson, byte[][] errStrings,
                                   long[] errNumbers);

    /** tcss_remove_registry. */
    static native int removeRegistry(long handle, byte[] name, byte[][] outJson, byte[][] errStrings,
                                     long[] errNumbers);

    /** tcss_sync_registry. */
    static native int syncRegistry(long handle, byte[] name, long waitMs, byte[][] outJson, byte[][] errStrings,
                                   long[] errNumbers);

    /** tcss_scan_image; outResult[0] is the tcss_result, kept for reports (free with resultFree). */
    static native int scanImage(long handle, byte[][] strings, long[] numbers, byte[][] outJson, long[] outResult,
                                byte[][] errStrings, long[] errNumbers);

    /** tcss_result_write_report. */
    static native int resultWriteReport(long result, byte[] format, byte[] path, byte[][] errStrings,
                                        long[] errNumbers);

    /** tcss_result_free; 0 is a no-op. */
    static native void resultFree(long result);
}
