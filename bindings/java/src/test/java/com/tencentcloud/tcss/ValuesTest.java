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
