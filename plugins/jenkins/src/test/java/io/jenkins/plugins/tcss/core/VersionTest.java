package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.tencentcloud.tcss.TcssNative;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The plugin's version is the library's: include/tcss/tcss.h's
 * TCSS_VERSION_MAJOR/MINOR/PATCH are the one source, and the pom's version,
 * its tcss.java.version (the binding compiled in) and the native library
 * the plugin carries all follow it.
 */
public class VersionTest {
    static Path plugin() {
        String dir = System.getProperty("tcss.jenkins.src");
        assertTrue("-Dtcss.jenkins.src=plugins/jenkins is set", dir != null && !dir.isEmpty());
        return Paths.get(dir);
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** "MAJOR.MINOR.PATCH" from the header's macros. */
    static String headerVersion() throws IOException {
        String h = read(plugin().resolve("../../include/tcss/tcss.h").normalize());
        StringBuilder v = new StringBuilder();
        for (String part : new String[] {"MAJOR", "MINOR", "PATCH"}) {
            Matcher m = Pattern.compile("(?m)^#define TCSS_VERSION_" + part + " +([0-9]+)\\s*$").matcher(h);
            assertTrue("TCSS_VERSION_" + part + " in include/tcss/tcss.h", m.find());
            v.append(v.length() == 0 ? "" : ".").append(m.group(1));
        }
        return v.toString();
    }

    /** The text of the first element named tag after the given anchor in the pom. */
    static String pomValue(String pom, String anchor, String tag) {
        int from = pom.indexOf(anchor);
        assertTrue(anchor + " in pom.xml", from >= 0);
        Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(pom);
        assertTrue("<" + tag + "> after " + anchor, m.find(from));
        return m.group(1).trim();
    }

    @Test
    public void thePomsVersionIsTheHeaders() throws IOException {
        String header = headerVersion();
        String pom = read(plugin().resolve("pom.xml"));
        assertEquals("pom.xml <version> (the plugin's)", header,
                pomValue(pom, "<artifactId>tcss</artifactId>", "version"));
        assertEquals("pom.xml tcss.java.version (the binding compiled in)", header,
                pomValue(pom, "<properties>", "tcss.java.version"));
    }

    @Test
    public void theNativeLibraryIsTheHeadersVersion() throws IOException {
        // In Maven this is the libtcss_jni packed from the CMake build: a stale build folder fails here.
        assertEquals(headerVersion(), TcssNative.libraryVersion());
        String pomSays = System.getProperty("tcss.java.version");
        if (pomSays != null) {
            assertEquals("the pom's tcss.java.version (Maven passes it)", pomSays, TcssNative.libraryVersion());
        }
    }
}
