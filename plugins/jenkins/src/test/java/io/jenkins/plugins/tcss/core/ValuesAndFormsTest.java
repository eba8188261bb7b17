package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.tencentcloud.tcss.TcssValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The plugin's lists, defaults and help texts come from libtcss's header
 * (through the generated TcssValues), and the forms and setters say what the
 * library does: the timeout bounds the whole call (issue 13).
 */
public class ValuesAndFormsTest {
    private static Path source() {
        String dir = System.getProperty("tcss.jenkins.src");
        assertTrue("-Dtcss.jenkins.src=plugins/jenkins is set", dir != null && !dir.isEmpty());
        return Paths.get(dir);
    }

    private static List<Path> files(String under, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(source().resolve(under))) {
            return s.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toList());
        }
    }

    @Test
    public void listsAndDefaultsAreTheHeaders() {
        assertEquals(TcssValues.REGISTRY_TYPES_LIST, InputMapping.REGISTRY_TYPES);
        assertEquals(TcssValues.NET_TYPES_LIST, InputMapping.NET_TYPES);
        assertEquals(TcssValues.DEFAULT_ENDPOINT, InputMapping.DEFAULT_ENDPOINT);
    }

    @Test
    public void timeoutHelpSaysTheWholeCallAndTheLibrarysDefault() {
        String t = FormHelp.forField("timeoutSeconds");
        assertTrue(t, t.contains("whole call"));
        assertTrue(t, t.contains((TcssValues.DEFAULT_TIMEOUT_MS / 1000) + " s"));
        assertFalse(t, t.contains("per attempt"));
        assertTrue(FormHelp.forField("maxAttempts").contains(String.valueOf(TcssValues.DEFAULT_MAX_ATTEMPTS)));
        assertTrue(FormHelp.forField("connectTimeoutSeconds")
                .contains((TcssValues.DEFAULT_CONNECT_TIMEOUT_MS / 1000) + " s"));
        assertTrue(FormHelp.forField("endpoint").contains(TcssValues.DEFAULT_ENDPOINT));
        for (String type : TcssValues.REGISTRY_TYPES_LIST) {
            assertTrue(FormHelp.forField("registryType").contains(type));
        }
        assertEquals("", FormHelp.forField("nope"));
    }

    @Test
    public void validationNamesTheLibrarysDefaultsAndLimits() {
        StepInputs in = CoreUnitTest.valid();
        in.timeoutSeconds = -1;
        in.maxAttempts = TcssValues.MAX_ATTEMPTS_LIMIT + 1;
        String p = String.join("; ", InputMapping.validate(in));
        assertTrue(p, p.contains("timeoutSeconds: must be >= 0 (the whole call; 0: "
                + TcssValues.DEFAULT_TIMEOUT_MS / 1000 + " s)"));
        assertTrue(p, p.contains("maxAttempts: must be 0.." + TcssValues.MAX_ATTEMPTS_LIMIT));
        in = CoreUnitTest.valid();
        in.maxAttempts = TcssValues.MAX_ATTEMPTS_LIMIT;
        assertEquals(new ArrayList<String>(), InputMapping.validate(in));
    }

    /** No text in the plugin says the timeout is per attempt, or names another default than the library's. */
    @Test
    public void noSourceOrFormSaysTimeoutPerAttempt() throws IOException {
        List<Path> all = new ArrayList<>(files("src/main", ".java"));
        all.addAll(files("src/main", ".jelly"));
        all.add(source().resolve("README.md"));
        Pattern wrong = Pattern.compile("(?i)timeout[^\\n]{0,40}per attempt|per attempt[^\\n]{0,10}\\(0: 30|0: 30 s");
        for (Path f : all) {
            Matcher m = wrong.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            assertFalse(f + ": " + (m.find() ? m.group() : ""), m.reset().find());
        }
    }

    /** Each form shows the library-derived help under the fields whose default or list comes from libtcss. */
    @Test
    public void formsTakeTheirHelpFromTheDescriptor() throws IOException {
        List<Path> forms = files("src/main/resources", "config.jelly");
        forms.removeIf(p -> p.getParent().getFileName().toString().equals("TcssGlobalConfiguration"));
        // The builder's form nests the step's (HostingRulesTest): one form has the fields.
        forms.removeIf(p -> p.getParent().getFileName().toString().equals("TcssAddRegistryBuilder"));
        assertEquals(forms.toString(), 2, forms.size());
        for (Path f : forms) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            boolean scan = f.getParent().getFileName().toString().equals("TcssScanStep");
            String[] fields = scan
                    ? new String[] {"endpoint", "connectTimeoutSeconds", "timeoutSeconds", "maxAttempts",
                        "requestsPerSecond", "failOn", "gateResult", "incompleteResult", "reports"}
                    : new String[] {"registryType", "netType", "endpoint", "connectTimeoutSeconds", "timeoutSeconds",
                        "maxAttempts", "requestsPerSecond", "update"};
            for (String field : fields) {
                assertTrue(f + " " + field, text.contains("field=\"" + field + "\" description=\"${descriptor.fieldHelp('"
                        + field + "')}\""));
            }
        }
    }

    @Test
    public void maskerCatchesTheBasicAuthForm() {
        SecretMasker m = new StepSecrets("AKID", "k".toCharArray(), null, "robot", "s3cr3t-pass".toCharArray(), null)
                .masker();
        String basic = Base64.getEncoder().encodeToString("robot:s3cr3t-pass".getBytes(StandardCharsets.UTF_8));
        String out = m.mask("echo: Authorization: Basic " + basic + " and s3cr3t-pass");
        assertFalse(out, out.contains(basic));
        assertFalse(out, out.contains("s3cr3t-pass"));
        assertEquals("echo: Authorization: Basic **** and ****", out);
    }
}
