package com.tencentcloud.tcss;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * TcssValues (generated at build time) holds exactly the header's values
 * block: read here independently of the generator, so a generator that drops
 * or mangles a value fails this test.
 */
public class ValuesTest {
    private static final Pattern DEFINE =
            Pattern.compile("^#define TCSS_([A-Z0-9_]+)\\s+(\"[^\"]*\"|\\(?-?[0-9]+\\)?)");

    /** name (without TCSS_) -> value (String or Integer), in header order. */
    static Map<String, Object> headerValues() throws IOException {
        String header = System.getProperty("tcss.header");
        assertTrue("-Dtcss.header=include/tcss/tcss.h is set", header != null && !header.isEmpty());
        List<String> lines = Files.readAllLines(Paths.get(header), StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (line.contains("@name The API's values")) {
                inBlock = true;
            } else if (inBlock && line.startsWith("/** @} */")) {
                break;
            } else if (inBlock) {
                Matcher m = DEFINE.matcher(line);
                if (m.find()) {
                    String v = m.group(2);
                    out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1)
                            : (Object) Integer.valueOf(v.replaceAll("[()]", "")));
                }
            }
        }
        return out;
    }

    private static final Pattern ENUM_MEMBER = Pattern.compile("^\\s+TCSS_([A-Z0-9_]+)\\s*=\\s*(-?[0-9]+)");

    /** The members of `typedef enum NAME {...}` in the header: name (without TCSS_) -> value, in order. */
    static Map<String, Integer> headerEnum(String name) throws IOException {
        List<String> lines = Files.readAllLines(Paths.get(System.getProperty("tcss.header")), StandardCharsets.UTF_8);
        Map<String, Integer> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : lines) {
            if (line.startsWith("typedef enum " + name + " {")) {
                in = true;
            } else if (in && line.startsWith("}")) {
                break;
            } else if (in) {
                Matcher m = ENUM_MEMBER.matcher(line);
                if (m.find()) {
                    out.put(m.group(1), Integer.valueOf(m.group(2)));
                }
            }
        }
        assertTrue("enum " + name + " found in the header", !out.isEmpty());
        return out;
    }

    /** The quoted words of the doc comment that ends on (or contains) the first line containing anchor. */
    static List<String> quotedInComment(String anchor, boolean commentBefore) throws IOException {
        String text = new String(Files.readAllBytes(Paths.get(System.getProperty("tcss.header"))),
                StandardCharsets.UTF_8);
        int at = text.indexOf(anchor);
        assertTrue(anchor + " is in the header", at >= 0);
        String comment;
        if (commentBefore) {
            int end = text.lastIndexOf("*/", at);
            comment = text.substring(text.lastIndexOf("/**", end), end);
        } else {
            int start = text.indexOf("/**<", at);
            comment = text.substring(start, text.indexOf("*/", start));
        }
        List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\"").matcher(comment);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    public void updatePoliciesAreTheHeadersEnum() throws Exception {
        Map<String, Integer> header = headerEnum("tcss_update_policy");
        assertEquals(header.size(), UpdatePolicy.values().length);
        for (UpdatePolicy p : UpdatePolicy.values()) {
            assertEquals(p.name(), header.get("UPDATE_" + p.name()), Integer.valueOf(p.code()));
            assertEquals(p, UpdatePolicy.of(p.label().toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    public void scanOutcomesAreTheHeadersEnum() throws Exception {
        Map<String, Integer> header = headerEnum("tcss_scan_outcome");
        assertEquals(header.size(), ScanOutcome.values().length);
        for (ScanOutcome o : ScanOutcome.values()) {
            assertEquals(o.name(), header.get("SCAN_" + o.name()), Integer.valueOf(o.code()));
            assertEquals(o, ScanOutcome.fromCode(o.code()));
        }
        assertEquals(null, ScanOutcome.fromCode(99));
    }

    @Test
    public void everyErrorCodeOfTheHeaderHasAnErrorClass() throws Exception {
        Map<String, Integer> header = headerEnum("tcss_error_code");
        assertEquals(Integer.valueOf(0), header.remove("OK"));
        assertEquals("every class but UNKNOWN is a header code", header.size(), TcssErrorClass.values().length - 1);
        for (Map.Entry<String, Integer> e : header.entrySet()) {
            TcssErrorClass c = TcssErrorClass.fromCode(e.getValue());
            assertTrue("TCSS_" + e.getKey() + " has a class", c != TcssErrorClass.UNKNOWN);
        }
        assertEquals(Integer.valueOf(TcssErrorClass.NOT_FOUND.code()), header.get("ENOTFOUND"));
        assertEquals("not_found", TcssErrorClass.NOT_FOUND.label());
    }

    @Test
    public void failOnLevelsAreTheHeadersWords() throws Exception {
        List<String> header = quotedInComment("const char *fail_on;", false);
        List<String> ours = new java.util.ArrayList<>();
        for (FailOn f : FailOn.values()) {
            ours.add(f.label());
        }
        assertEquals(Arrays.asList("critical", "high", "medium", "low", "none"), header);
        assertEquals(header, ours);
    }

    @Test
    public void reportFormatsAreTheHeadersWords() throws Exception {
        List<String> header = quotedInComment("TCSS_EXTERN(int) tcss_result_write_report(", true);
        List<String> ours = new java.util.ArrayList<>();
        for (ReportFormat f : ReportFormat.values()) {
            ours.add(f.label());
        }
        assertEquals(Arrays.asList("gitlab", "sarif", "junit", "json"), header);
        assertEquals(header, ours);
    }

    @Test
    public void badSpellingsNameTheChoices() {
        for (Runnable r : new Runnable[] {() -> FailOn.of("severe"), () -> ReportFormat.of("html"),
            () -> UpdatePolicy.of("sometimes")}) {
            try {
                r.run();
                throw new AssertionError("accepted");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("must be one of"));
            }
        }
    }

    @Test
    public void theVersionCheckWantsOnePointOneOrNewer() {
        assertEquals(null, TcssNative.versionProblem("1.1.0", "scan"));
        assertEquals(null, TcssNative.versionProblem("1.12.3", "scan"));
        for (String old : new String[] {"1.0.9", "0.9.0", "2.0.0", "", "garbage", null}) {
            String p = TcssNative.versionProblem(old, "scan");
            assertTrue(old + ": " + p, p != null && p.contains("scan needs libtcss 1.1 or newer"));
        }
    }

    @Test
    public void everyHeaderValueIsInTcssValuesWithTheSameValue() throws Exception {
        Map<String, Object> header = headerValues();
        assertTrue("the header's values block was found: " + header, header.size() >= 5);
        for (Map.Entry<String, Object> e : header.entrySet()) {
            Field f = TcssValues.class.getField(e.getKey());
            assertEquals(e.getKey(), e.getValue(), f.get(null));
        }
    }

    @Test
    public void tcssValuesHasNothingTheHeaderDoesNotSay() throws Exception {
        Map<String, Object> header = headerValues();
        for (String e : new String[] {"tcss_error_code", "tcss_update_policy", "tcss_scan_outcome"}) {
            for (Map.Entry<String, Integer> m : headerEnum(e).entrySet()) {
                header.put(m.getKey(), m.getValue());
                assertEquals("TcssValues." + m.getKey(), m.getValue(), TcssValues.class.getField(m.getKey()).get(null));
            }
        }
        for (Field f : TcssValues.class.getFields()) {
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
            String name = f.getName().endsWith("_LIST")
                    ? f.getName().substring(0, f.getName().length() - "_LIST".length()) : f.getName();
            assertTrue(f.getName() + " comes from the header", header.containsKey(name));
        }
    }

    @Test
    public void listsSplitTheHeaderStrings() {
        assertEquals(Arrays.asList(TcssValues.REGISTRY_TYPES.split(",")), TcssValues.REGISTRY_TYPES_LIST);
        assertEquals(Arrays.asList(TcssValues.NET_TYPES.split(",")), TcssValues.NET_TYPES_LIST);
        assertTrue(TcssValues.REGISTRY_TYPES_LIST.contains("harbor"));
    }
}
