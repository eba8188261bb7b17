package com.tencentcloud.tcss;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of an {@link UnsatisfiedLinkError} from {@code System.load}
 * (the dynamic loader's own words, from dlerror) into what to do on the
 * machine: which shared library is missing and the Debian package that
 * carries it, or that glibc is too old, or that the folder does not allow
 * executables. Only what the message actually says is diagnosed: a missing
 * dependency is never blamed on a noexec /tmp.
 *
 * <p>The package names are Debian 12's (bookworm), the platform this
 * library's binaries are built and tested on; README.md's "Install" section
 * has the table of agent platforms and what each needs.
 */
public final class NativeLoadDiagnosis {
    /** The oldest glibc the binaries built here load with (measured; README.md, "Install"). */
    public static final String MIN_GLIBC = "2.36";
    /** Where the supported platforms are listed. */
    public static final String PLATFORM_TABLE = "the agent platform table in libtcss's README.md (section \"Install\")";

    /** What went wrong, as far as the loader's message tells. */
    public enum Kind {
        /** A shared library the native code needs is not installed (or not on the search path). */
        MISSING_LIBRARY,
        /** glibc (or another library's symbol version) is older than the native code needs. */
        VERSION_TOO_OLD,
        /** A library was found but lacks a function: an old or foreign copy shadows the right one. */
        UNDEFINED_SYMBOL,
        /** The file could not be mapped executable: a noexec mount or a security policy. */
        NOT_EXECUTABLE,
        /** The file is not a library for this machine (another architecture, or not ELF at all). */
        WRONG_PLATFORM,
        /** The file itself is not there. */
        FILE_NOT_FOUND,
        /** Anything else: the loader's message is all there is. */
        UNKNOWN
    }

    private static final Pattern CANNOT_OPEN =
            Pattern.compile("([^\\s:]+): cannot open shared object file: ([^\\n]*)");
    private static final Pattern VERSION_NOT_FOUND =
            Pattern.compile("version `([^']+)' not found(?: \\(required by ([^)]+)\\))?");
    private static final Pattern UNDEFINED = Pattern.compile("undefined symbol: ([A-Za-z_][A-Za-z0-9_@.]*)");

    /** Debian 12 packages by soname; the first column is what the loader names. */
    private static final String[][] PACKAGES = {
        {"libcurl.so.4", "libcurl4"},
        {"libcurl-gnutls.so.4", "libcurl3-gnutls"},
        {"libcurl-nss.so.4", "libcurl3-nss"},
        {"libmbedcrypto.so.7", "libmbedcrypto7"},
        {"libmbedx509.so.1", "libmbedx509-1"},
        {"libmbedtls.so.14", "libmbedtls14"},
        {"libcjson.so.1", "libcjson1"},
        {"libssl.so.3", "libssl3"},
        {"libcrypto.so.3", "libssl3"},
        {"libz.so.1", "zlib1g"},
        {"libnghttp2.so.14", "libnghttp2-14"},
        {"libstdc++.so.6", "libstdc++6"},
        {"libgcc_s.so.1", "libgcc-s1"},
        {"libc.so.6", "libc6"},
        {"libm.so.6", "libc6"},
        {"libpthread.so.0", "libc6"},
        {"libdl.so.2", "libc6"},
        {"ld-linux-x86-64.so.2", "libc6"},
        {"ld-linux-aarch64.so.1", "libc6"},
    };

    /** Symbol prefixes and the library (soname) that defines them. */
    private static final String[][] SYMBOL_OWNERS = {
        {"cJSON_", "libcjson.so.1"},
        {"curl_", "libcurl.so.4"},
        {"mbedtls_x509", "libmbedx509.so.1"},
        {"mbedtls_ssl", "libmbedtls.so.14"},
        {"mbedtls_", "libmbedcrypto.so.7"},
        {"psa_", "libmbedcrypto.so.7"},
    };

    private final Kind kind;
    private final String library;
    private final String packageName;
    private final String advice;

    private NativeLoadDiagnosis(Kind kind, String library, String packageName, String advice) {
        this.kind = kind;
        this.library = library;
        this.packageName = packageName;
        this.advice = advice;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The shared library (soname) at fault, e.g. "libcurl.so.4", or null when none is named. */
    public String library() {
        return library;
    }

    /** The Debian package to install, e.g. "libcurl4", or null when none is known. */
    public String packageName() {
        return packageName;
    }

    /** One or two sentences that say what to do; never empty. */
    public String advice() {
        return advice;
    }

    /** The Debian package that carries a soname, or null when this class has no name for it. */
    public static String debianPackage(String soname) {
        for (String[] p : PACKAGES) {
            if (p[0].equals(soname)) {
                return p[1];
            }
        }
        return null;
    }

    /**
     * Diagnose the message of an UnsatisfiedLinkError raised while loading
     * {@code file}.
     *
     * @param message the error's message (null is treated as empty)
     * @param file    the file that was loaded, or null
     * @param dir     the folder it was extracted to (for the noexec advice), or null for a file named by the user
     */
    public static NativeLoadDiagnosis of(String message, String file, String dir) {
        String m = message == null ? "" : message;
        Matcher open = CANNOT_OPEN.matcher(m);
        while (open.find()) {
            String lib = open.group(1);
            if (file == null || !sameFile(lib, file)) {
                return missing(lib);
            }
        }
        Matcher ver = VERSION_NOT_FOUND.matcher(m);
        if (ver.find()) {
            return versionTooOld(ver.group(1), m);
        }
        Matcher undef = UNDEFINED.matcher(m);
        if (undef.find()) {
            return undefinedSymbol(undef.group(1));
        }
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("failed to map segment") || lower.contains("operation not permitted")
                || lower.contains("permission denied")) {
            return notExecutable(dir);
        }
        if (lower.contains("wrong elf class") || lower.contains("invalid elf header")
                || lower.contains("elf file's phentsize") || lower.contains("file too short")
                || lower.contains("elf load command")) {
            return new NativeLoadDiagnosis(Kind.WRONG_PLATFORM, null, null,
                    "The file is not a native library for this machine ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + "): use a libtcss_jni built for it; see " + PLATFORM_TABLE + ".");
        }
        if (lower.contains("can't load library") || lower.contains("no such file")) {
            return new NativeLoadDiagnosis(Kind.FILE_NOT_FOUND, null, null,
                    "The file is not there: check the path.");
        }
        return new NativeLoadDiagnosis(Kind.UNKNOWN, null, null,
                "See " + PLATFORM_TABLE + " for what an agent needs installed.");
    }

    private static boolean sameFile(String named, String file) {
        return named.equals(file) || file.endsWith("/" + named);
    }

    private static NativeLoadDiagnosis missing(String lib) {
        String pkg = debianPackage(lib);
        String advice;
        if ("libc6".equals(pkg)) {
            advice = lib + " (glibc) is missing: this is not a glibc-based Linux (Alpine/musl?). The native code"
                    + " needs glibc >= " + MIN_GLIBC + "; see " + PLATFORM_TABLE + ".";
        } else if (pkg != null) {
            advice = "The shared library " + lib + " is not installed. On Debian/Ubuntu: apt-get install " + pkg
                    + " (as root). See " + PLATFORM_TABLE + ".";
        } else {
            advice = "The shared library " + lib + " is not installed (or not on the loader's search path). Install"
                    + " the package that provides it (Debian: apt-file search " + lib + "). See "
                    + PLATFORM_TABLE + ".";
        }
        return new NativeLoadDiagnosis(Kind.MISSING_LIBRARY, lib, pkg, advice);
    }

    private static NativeLoadDiagnosis versionTooOld(String version, String message) {
        if (version.startsWith("GLIBC_") && !version.startsWith("GLIBCXX_")) {
            String needed = version.substring("GLIBC_".length());
            return new NativeLoadDiagnosis(Kind.VERSION_TOO_OLD, "libc.so.6", "libc6",
                    "This machine's glibc is too old: the native code needs glibc " + needed
                    + " (it needs glibc >= " + MIN_GLIBC + " in all; check with ldd --version). Run the step on"
                    + " Debian 12, Ubuntu 23.04 or later, or build libtcss from source on this machine; see "
                    + PLATFORM_TABLE + ".");
        }
        if (version.startsWith("GLIBCXX_") || version.startsWith("CXXABI_")) {
            return new NativeLoadDiagnosis(Kind.VERSION_TOO_OLD, "libstdc++.so.6", "libstdc++6",
                    "The libstdc++ found is older than the native code needs (" + version + "): install a newer"
                    + " libstdc++6 (apt-get install libstdc++6), or use binaries built with the C++ runtime inside;"
                    + " see " + PLATFORM_TABLE + ".");
        }
        String lib = libraryBefore(message);
        String pkg = lib == null ? null : debianPackage(lib);
        if (version.startsWith("CURL_")) {
            return new NativeLoadDiagnosis(Kind.VERSION_TOO_OLD, lib == null ? "libcurl.so.4" : lib,
                    pkg == null ? "libcurl4" : pkg,
                    "The libcurl found does not provide " + version + ": the native code was built against"
                    + " Debian's OpenSSL flavour. apt-get install libcurl4, and make sure no other libcurl.so.4"
                    + " comes first (LD_LIBRARY_PATH); see " + PLATFORM_TABLE + ".");
        }
        return new NativeLoadDiagnosis(Kind.VERSION_TOO_OLD, lib, pkg,
                (lib == null ? "A library" : "The installed " + lib) + " is older than the native code needs ("
                + version + ")" + (pkg == null ? "" : ": apt-get install " + pkg + " from a newer release")
                + "; see " + PLATFORM_TABLE + ".");
    }

    /** In "/lib/x/libfoo.so.1: version `X' not found", the soname libfoo.so.1. */
    private static String libraryBefore(String message) {
        Matcher lm = Pattern.compile("([^\\s:/]+\\.so[.0-9]*): version `").matcher(message);
        return lm.find() ? lm.group(1) : null;
    }

    private static NativeLoadDiagnosis undefinedSymbol(String symbol) {
        for (String[] o : SYMBOL_OWNERS) {
            if (symbol.startsWith(o[0])) {
                String pkg = debianPackage(o[1]);
                return new NativeLoadDiagnosis(Kind.UNDEFINED_SYMBOL, o[1], pkg,
                        "The " + o[1] + " found lacks " + symbol + ": it is an older or foreign build. apt-get"
                        + " install " + pkg + " (Debian 12's version or later), and make sure no other " + o[1]
                        + " comes first (LD_LIBRARY_PATH, /usr/local/lib); see " + PLATFORM_TABLE + ".");
            }
        }
        return new NativeLoadDiagnosis(Kind.UNDEFINED_SYMBOL, null, null,
                "A library the native code needs lacks " + symbol + ": an older or foreign copy is found first"
                + " (check LD_LIBRARY_PATH); see " + PLATFORM_TABLE + ".");
    }

    private static NativeLoadDiagnosis notExecutable(String dir) {
        String where = dir == null ? "The file's folder" : dir;
        return new NativeLoadDiagnosis(Kind.NOT_EXECUTABLE, null, null,
                where + " does not allow loading executable code (mounted noexec, or a security policy): set -D"
                + TcssNative.DIR_PROPERTY + "=<a folder that allows executables> or -D" + TcssNative.PATH_PROPERTY
                + "=<a libtcss_jni file>.");
    }
}
