package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Issue 13, the Jenkins plugin as Jenkins users expect it, in its
 * Jenkins-free core: the built-in node refused unless allowed, the global
 * defaults, ${VAR} expansion in the builder, three-state Insecure/NeedScan,
 * and the forms (credential dropdowns, a help file for every field, symbols).
 */
public class AdapterConventionsTest {
    private static Path source() {
        String dir = System.getProperty("tcss.jenkins.src");
        assertTrue("-Dtcss.jenkins.src=plugins/jenkins is set", dir != null && !dir.isEmpty());
        return Paths.get(dir);
    }

    private static String read(String relative) throws IOException {
        return new String(Files.readAllBytes(source().resolve(relative)), StandardCharsets.UTF_8);
    }

    // ---- the built-in node ----

    @Test
    public void builtInNodeRefusedUnlessAllowed() {
        String r = ControllerPolicy.refusal(true, false);
        assertNotNull(r);
        assertTrue(r, r.contains("built-in node") && r.contains("node(") && r.contains("Allow on the built-in node"));
        assertNull(ControllerPolicy.refusal(true, true));
        assertNull(ControllerPolicy.refusal(false, false));
        assertNull(ControllerPolicy.refusal(false, true));
        assertFalse(GlobalDefaults.none().allowController);
    }

    @Test
    public void theControllerSideChecksTheNodeBeforeAnythingElse() throws IOException {
        String j = read("src/main/java/io/jenkins/plugins/tcss/TcssJenkins.java");
        int check = j.indexOf("ControllerPolicy.refusal(!workspace.isRemote(), defaults.allowController)");
        assertTrue("TcssJenkins asks ControllerPolicy with the workspace's node", check > 0);
        assertTrue("before credentials are resolved", check < j.indexOf("usernamePassword(run"));
        assertTrue("before the agent is called", check < j.indexOf("workspace.act("));
    }

    // ---- global defaults ----

    @Test
    public void globalDefaultsFillOnlyWhatTheStepLeftUnset() {
        GlobalDefaults d = new GlobalDefaults("global-api", "ap-guangzhou", "https://tcss.example.com", false);
        StepInputs in = CoreUnitTest.valid();
        in.credentialsId = null;
        in.region = "  ";
        StepInputs out = d.applyTo(in);
        assertEquals("global-api", out.credentialsId);
        assertEquals("ap-guangzhou", out.region);
        assertEquals("https://tcss.example.com", out.endpoint);
        assertNull("the step's own inputs are not changed", in.credentialsId);
        in = CoreUnitTest.valid();
        in.region = "ap-shanghai";
        in.endpoint = "https://own.example.com";
        out = d.applyTo(in);
        assertEquals("tcss-api", out.credentialsId);
        assertEquals("ap-shanghai", out.region);
        assertEquals("https://own.example.com", out.endpoint);
        StepInputs keyless = CoreUnitTest.valid();
        keyless.credentialsId = null;
        keyless.idTokenCredentialsId = "jenkins-oidc";
        keyless.roleArn = "qcs::cam::uin/1:roleName/ci";
        assertNull("an id token step does not get the default API key", d.applyTo(keyless).credentialsId);
        assertEquals(java.util.List.of(), InputMapping.validate(d.applyTo(keyless)));
        // No API key anywhere is valid (keyless: the library's chain on the agent, e.g. the CVM role).
        StepInputs none = CoreUnitTest.valid();
        none.credentialsId = null;
        assertFalse(String.join(";", InputMapping.validate(GlobalDefaults.none().applyTo(none)))
                .contains("credentialsId"));
    }

    @Test
    public void globalConfigurationHasASymbolForConfigurationAsCode() throws IOException {
        String g = read("src/main/java/io/jenkins/plugins/tcss/TcssGlobalConfiguration.java");
        assertTrue(g.contains("@Symbol(\"tcss\")"));
        assertTrue(g.contains("extends GlobalConfiguration"));
        for (String p : new String[] {"CredentialsId", "Region", "Endpoint", "AllowController"}) {
            assertTrue("a @DataBoundSetter for " + p, g.contains("@DataBoundSetter\n    public void set" + p + "("));
        }
        String b = read("src/main/java/io/jenkins/plugins/tcss/TcssAddRegistryBuilder.java");
        assertTrue("the builder's descriptor has a symbol for Job DSL, apart from the Pipeline step's name",
                Pattern.compile("@Symbol\\(\"tcssAddRegistryBuilder\"\\)\\s+public static final class DescriptorImpl").matcher(b).find());
    }

    // ---- ${VAR} in the builder ----

    @Test
    public void everyStringInputIsExpandedAndNothingElse() throws IllegalAccessException {
        StepInputs in = new StepInputs();
        Set<String> strings = new LinkedHashSet<>();
        for (Field f : StepInputs.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                f.set(in, "${" + f.getName() + "}-x");
                strings.add(f.getName());
            }
        }
        assertTrue(strings.toString(), strings.size() >= 18);
        in.timeoutSeconds = 7;
        in.insecure = Boolean.TRUE;
        Map<String, String> env = new HashMap<>();
        for (String s : strings) {
            env.put(s, "v-" + s);
        }
        StepInputs out = EnvExpansion.expand(in, s -> expandLikeEnvVars(s, env));
        for (String s : strings) {
            assertEquals(s, "v-" + s + "-x", fieldValue(out, s));
            assertEquals("the builder's own inputs are not changed", "${" + s + "}-x", fieldValue(in, s));
        }
        assertEquals(7, out.timeoutSeconds);
        assertEquals(Boolean.TRUE, out.insecure);
        // Unknown variables stay as written; a field that expands to nothing is unset.
        in = CoreUnitTest.valid();
        in.region = "${NOPE}";
        in.registryVersion = "${EMPTY}";
        env.put("EMPTY", "");
        out = EnvExpansion.expand(in, s -> expandLikeEnvVars(s, env));
        assertEquals("${NOPE}", out.region);
        assertNull(out.registryVersion);
    }

    @Test
    public void theBuilderExpandsWithTheBuildsEnvironment() throws IOException {
        String b = read("src/main/java/io/jenkins/plugins/tcss/TcssAddRegistryBuilder.java");
        assertTrue(b.contains("TcssJenkins.perform(run, workspace, listener, EnvExpansion.expand(step.inputs(), env::expand))"));
    }

    /** EnvVars.expand's rule ($VAR and ${VAR}; unknown left as is), for the test. */
    private static String expandLikeEnvVars(String s, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}").matcher(s);
        StringBuffer out = new StringBuffer();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object fieldValue(StepInputs in, String name) {
        try {
            return StepInputs.class.getField(name).get(in);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void copyCopiesEveryField() throws IllegalAccessException {
        StepInputs in = CoreUnitTest.valid();
        in.speedLimit = 5;
        in.needScan = Boolean.FALSE;
        in.maxAttempts = 4;
        in.failOnHealthCheck = true;
        StepInputs c = in.copy();
        for (Field f : StepInputs.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertEquals(f.getName(), f.get(in), f.get(c));
            }
        }
    }

    // ---- three-state Insecure / NeedScan ----

    @Test
    public void anEmptyThreeStateChoiceIsNotSent() {
        Map<String, Object> form = new HashMap<>();
        form.put("insecure", "");
        form.put("needScan", "false");
        form.put("name", "");
        TriState.dropUnset(form);
        assertFalse("empty insecure is dropped, so it stays null", form.containsKey("insecure"));
        assertEquals("false", form.get("needScan"));
        assertEquals("other fields untouched", "", form.get("name"));
        form.put("insecure", "true");
        form.put("needScan", "null");
        TriState.dropUnset(form);
        assertEquals("true", form.get("insecure"));
        assertFalse(form.containsKey("needScan"));
        assertNull(TriState.parse(""));
        assertNull(TriState.parse(null));
        assertEquals(Boolean.TRUE, TriState.parse("true"));
        assertEquals(Boolean.FALSE, TriState.parse(Boolean.FALSE));
        assertEquals("", TriState.OPTIONS.get(0)[1]);
        // Not sent means absent from the request: InputMapping leaves a null out.
        StepInputs in = CoreUnitTest.valid();
        assertNull(in.insecure);
        assertNull(in.needScan);
    }

    @Test
    public void theStepsDescriptorFillsTheThreeStateSelects() throws IOException {
        // The builder nests the step's form, so the step's descriptor serves both (HostingRulesTest checks binding).
        String s = read("src/main/java/io/jenkins/plugins/tcss/TcssAddRegistryStep.java");
        for (String field : TriState.FIELDS) {
            String fill = "doFill" + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "Items(";
            assertTrue(fill, s.contains(fill));
        }
    }

    // ---- forms: dropdowns and help ----

    private static final Pattern FIELD = Pattern.compile("field=\"([A-Za-z]+)\"");

    private static Set<String> fields(String jelly) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(read(jelly));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static final String RES = "src/main/resources/io/jenkins/plugins/tcss/";

    @Test
    public void credentialFieldsAreDropdownsAndThreeStatesAreSelects() throws IOException {
        for (String dir : new String[] {"TcssAddRegistryStep"}) {
            String f = read(RES + dir + "/config.jelly");
            for (String id : new String[] {"credentialsId", "registryCredentialsId", "sessionTokenCredentialsId",
                "webhookTokenCredentialsId", "idTokenCredentialsId"}) {
                assertTrue(dir + " " + id + " is a credentials dropdown",
                        Pattern.compile("field=\"" + id + "\"[^>]*>\\s*<c:select/>").matcher(f).find());
            }
            for (String t : TriState.FIELDS) {
                assertTrue(dir + " " + t + " is a select, not a checkbox",
                        Pattern.compile("field=\"" + t + "\"[^>]*>\\s*<f:select/>").matcher(f).find());
            }
        }
        String g = read(RES + "TcssGlobalConfiguration/config.jelly");
        assertTrue(Pattern.compile("field=\"credentialsId\"[^>]*>\\s*<c:select/>").matcher(g).find());
    }

    @Test
    public void everyFieldHasAHelpFile() throws IOException {
        for (String dir : new String[] {"TcssAddRegistryStep", "TcssGlobalConfiguration"}) {
            Set<String> fs = fields(RES + dir + "/config.jelly");
            assertTrue(dir + " " + fs, fs.size() >= 4);
            for (String field : fs) {
                Path help = source().resolve(RES + dir + "/help-" + field + ".html");
                assertTrue(help + " exists", Files.isRegularFile(help));
                String h = new String(Files.readAllBytes(help), StandardCharsets.UTF_8);
                assertTrue(help + " says something", h.replaceAll("<[^>]*>", "").trim().length() > 20);
                assertFalse(help + " calls the timeout per attempt", h.contains("per attempt"));
            }
        }
        // The builder's form is the step's, nested: one copy of each help file, served by the step's descriptor.
        assertEquals(Set.of("step"), fields(RES + "TcssAddRegistryBuilder/config.jelly"));
    }
}
