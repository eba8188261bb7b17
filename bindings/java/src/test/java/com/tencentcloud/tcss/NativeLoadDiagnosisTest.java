package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.Test;

/**
 * The message mapper, fed the texts a JVM's UnsatisfiedLinkError carries on
 * glibc: "&lt;file&gt;: " followed by dlerror()'s words.
 */
public class NativeLoadDiagnosisTest {
    private static final String JNI = "/tmp/libtcss_jni-8131945218466327372.so";

    private static NativeLoadDiagnosis extracted(String dlerror) {
        return NativeLoadDiagnosis.of(JNI + ": " + dlerror, JNI, "/tmp");
    }

    private static void assertNoNoexecHint(NativeLoadDiagnosis d) {
        assertFalse(d.advice(), d.advice().contains("noexec"));
        assertFalse(d.advice(), d.advice().contains(TcssNative.DIR_PROPERTY));
    }

    @Test
    public void eachLibraryTheJniLibraryNeedsMapsToItsDebianPackage() {
        // objdump -p libtcss_jni.so | grep NEEDED: libcurl.so.4, libcjson.so.1, libmbedcrypto.so.7, libc.so.6
        String[][] cases = {
            {"libcurl.so.4", "libcurl4"},
            {"libcjson.so.1", "libcjson1"},
            {"libmbedcrypto.so.7", "libmbedcrypto7"},
            {"libmbedx509.so.1", "libmbedx509-1"},
            {"libmbedtls.so.14", "libmbedtls14"},
            {"libcurl-gnutls.so.4", "libcurl3-gnutls"},
        };
        for (String[] c : cases) {
            NativeLoadDiagnosis d = extracted(c[0] + ": cannot open shared object file: No such file or directory");
            assertEquals(c[0], NativeLoadDiagnosis.Kind.MISSING_LIBRARY, d.kind());
            assertEquals(c[0], d.library());
            assertEquals(c[1], d.packageName());
            assertTrue(d.advice(), d.advice().contains("apt-get install " + c[1]));
            assertTrue(d.advice(), d.advice().contains(c[0]));
            assertTrue(d.advice(), d.advice().contains("README.md"));
            assertNoNoexecHint(d);
        }
    }

    @Test
    public void anUnknownMissingLibraryIsStillNamed() {
        NativeLoadDiagnosis d = extracted(
                "libtcss-missing-test.so.0: cannot open shared object file: No such file or directory");
        assertEquals(NativeLoadDiagnosis.Kind.MISSING_LIBRARY, d.kind());
        assertEquals("libtcss-missing-test.so.0", d.library());
        assertNull(d.packageName());
        assertTrue(d.advice(), d.advice().contains("apt-file search libtcss-missing-test.so.0"));
        assertNoNoexecHint(d);
    }

    @Test
    public void anOldGlibcSaysTheMinimum() {
        NativeLoadDiagnosis d = extracted("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.36' not found"
                + " (required by " + JNI + ")");
        assertEquals(NativeLoadDiagnosis.Kind.VERSION_TOO_OLD, d.kind());
        assertEquals("libc.so.6", d.library());
        assertTrue(d.advice(), d.advice().contains("glibc is too old"));
        assertTrue(d.advice(), d.advice().contains("glibc >= 2.36"));
        assertTrue(d.advice(), d.advice().contains("README.md"));
        assertNoNoexecHint(d);
        // An older symbol version is named as such, with the overall minimum beside it.
        NativeLoadDiagnosis older = extracted("/lib64/libc.so.6: version `GLIBC_2.34' not found (required by "
                + JNI + ")");
        assertTrue(older.advice(), older.advice().contains("needs glibc 2.34"));
        assertTrue(older.advice(), older.advice().contains(">= " + NativeLoadDiagnosis.MIN_GLIBC));
    }

    @Test
    public void aWrongLibcurlFlavourIsNotCalledGlibc() {
        NativeLoadDiagnosis d = extracted("/usr/local/lib/libcurl.so.4: version `CURL_OPENSSL_4' not found"
                + " (required by " + JNI + ")");
        assertEquals(NativeLoadDiagnosis.Kind.VERSION_TOO_OLD, d.kind());
        assertEquals("libcurl.so.4", d.library());
        assertTrue(d.advice(), d.advice().contains("apt-get install libcurl4"));
        assertFalse(d.advice(), d.advice().contains("glibc"));
    }

    @Test
    public void aLibraryMissingASymbolNamesTheLibraryThatShouldDefineIt() {
        NativeLoadDiagnosis d = extracted(JNI + ": undefined symbol: cJSON_IsNull");
        assertEquals(NativeLoadDiagnosis.Kind.UNDEFINED_SYMBOL, d.kind());
        assertEquals("libcjson.so.1", d.library());
        assertTrue(d.advice(), d.advice().contains("apt-get install libcjson1"));
        assertTrue(d.advice(), d.advice().contains("LD_LIBRARY_PATH"));
        assertNoNoexecHint(d);
        assertEquals("libmbedcrypto.so.7", extracted(JNI + ": undefined symbol: mbedtls_sha256").library());
        assertEquals("libcurl.so.4", extracted(JNI + ": undefined symbol: curl_easy_setopt").library());
    }

    @Test
    public void aNoexecFolderKeepsTheNoexecHint() {
        for (String dlerror : new String[] {
            JNI + ": failed to map segment from shared object",
            JNI + ": failed to map segment from shared object: Operation not permitted",
        }) {
            NativeLoadDiagnosis d = extracted(dlerror);
            assertEquals(dlerror, NativeLoadDiagnosis.Kind.NOT_EXECUTABLE, d.kind());
            assertTrue(d.advice(), d.advice().startsWith("/tmp does not allow"));
            assertTrue(d.advice(), d.advice().contains("noexec"));
            assertTrue(d.advice(), d.advice().contains(TcssNative.DIR_PROPERTY));
        }
    }

    @Test
    public void aFileForAnotherMachineSaysSo() {
        NativeLoadDiagnosis d = extracted(JNI + ": wrong ELF class: ELFCLASS32 (Possible cause: architecture word"
                + " width mismatch)");
        assertEquals(NativeLoadDiagnosis.Kind.WRONG_PLATFORM, d.kind());
        assertEquals(NativeLoadDiagnosis.Kind.WRONG_PLATFORM, extracted(JNI + ": invalid ELF header").kind());
        assertNoNoexecHint(d);
    }

    @Test
    public void theLibraryItselfBeingUnreadableIsNotAMissingDependency() {
        NativeLoadDiagnosis d = extracted(JNI + ": cannot open shared object file: Permission denied");
        assertEquals(NativeLoadDiagnosis.Kind.NOT_EXECUTABLE, d.kind());
        assertNull(d.library());
    }

    @Test
    public void anythingElseStillPointsAtThePlatformTable() {
        NativeLoadDiagnosis d = NativeLoadDiagnosis.of(null, null, null);
        assertEquals(NativeLoadDiagnosis.Kind.UNKNOWN, d.kind());
        assertTrue(d.advice(), d.advice().contains("README.md"));
    }

    @Test
    public void theMinimumGlibcIsTheOneTheReadmeDocuments() throws Exception {
        String readme = new String(Files.readAllBytes(Paths.get(System.getProperty("tcss.readme"))),
                StandardCharsets.UTF_8);
        assertTrue("README.md's Install table names glibc >= " + NativeLoadDiagnosis.MIN_GLIBC,
                readme.contains("glibc >= " + NativeLoadDiagnosis.MIN_GLIBC));
        assertTrue(readme.contains("## Install"));
    }
}
