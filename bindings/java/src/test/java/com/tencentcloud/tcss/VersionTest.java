package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * The library's version has one source, TCSS_VERSION_MAJOR/MINOR/PATCH in
 * include/tcss/tcss.h. Everything in bindings/java that carries a version
 * follows it: pom.xml, the jar (its name and manifest, whichever build made
 * it), the native library inside, and the jar named in the README.
 */
public class VersionTest {
    private static Path header() {
        String h = System.getProperty("tcss.header");
        assertTrue("-Dtcss.header=include/tcss/tcss.h is set", h != null && !h.isEmpty());
        return Paths.get(h);
    }

    /** bindings/java, from the header's place in the repository. */
    private static Path bindingDir() {
        return header().toAbsolutePath().getParent().getParent().getParent().resolve("bindings").resolve("java");
    }

    /** MAJOR.MINOR.PATCH from the header's macros, read here on its own. */
    static String headerVersion() throws Exception {
        String text = new String(Files.readAllBytes(header()), StandardCharsets.UTF_8);
        StringBuilder v = new StringBuilder();
        for (String part : new String[] {"MAJOR", "MINOR", "PATCH"}) {
            Matcher m = Pattern.compile("(?m)^#define TCSS_VERSION_" + part + "\\s+([0-9]+)\\s*$").matcher(text);
            assertTrue("TCSS_VERSION_" + part + " in " + header(), m.find());
            v.append(v.length() == 0 ? "" : ".").append(m.group(1));
        }
        return v.toString();
    }

    @Test
    public void pomVersionIsTheHeaders() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = f.newDocumentBuilder().parse(bindingDir().resolve("pom.xml").toFile());
        String version = null;
        for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("version".equals(n.getLocalName())) {
                version = n.getTextContent().trim();
            }
        }
        assertEquals("bindings/java/pom.xml <version> follows include/tcss/tcss.h", headerVersion(), version);
    }

    @Test
    public void jarNameAndManifestAreTheHeaders() throws Exception {
        String jar = System.getProperty("tcss.test.jar");
        assertNotNull("-Dtcss.test.jar is set", jar);
        String v = headerVersion();
        assertEquals("the jar's file name", "tcss-java-" + v + ".jar", new File(jar).getName());
        try (JarFile j = new JarFile(jar)) {
            assertEquals("Implementation-Version in " + jar, v,
                    j.getManifest().getMainAttributes().getValue("Implementation-Version"));
            assertEquals("Automatic-Module-Name in " + jar, "com.tencentcloud.tcss",
                    j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            assertNotNull("the jar carries the native library for linux-x86_64",
                    j.getEntry("linux/x86_64/libtcss_jni.so"));
        }
    }

    @Test
    public void nativeLibraryIsTheHeaders() throws Exception {
        assertEquals("libtcss inside libtcss_jni.so", headerVersion(), TcssNative.libraryVersion());
    }

    @Test
    public void readmeNamesTheJarOfThisVersion() throws Exception {
        String readme = new String(Files.readAllBytes(bindingDir().resolve("README.md")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("tcss-java-([0-9]+\\.[0-9]+\\.[0-9]+)").matcher(readme);
        Set<String> named = new LinkedHashSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertFalse("bindings/java/README.md names the jar", named.isEmpty());
        assertEquals("versions of the jar named in bindings/java/README.md",
                Set.of(headerVersion()), named);
    }
}
