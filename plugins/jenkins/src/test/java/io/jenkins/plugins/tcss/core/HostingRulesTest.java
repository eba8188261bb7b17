package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Issue 23: the rules Jenkins' hosting and its CodeQL checks apply, and the
 * fixes that live in the Jenkins-annotated classes (which cannot be loaded
 * here), checked in their sources so that breaking a rule fails a test.
 */
public class HostingRulesTest {
    private static final String MAIN = "src/main/java/io/jenkins/plugins/tcss/";

    private static String read(String relative) throws IOException {
        return VersionTest.read(VersionTest.plugin().resolve(relative));
    }

    /** Every main source: file name to text. */
    private static Map<String, String> mainSources() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(VersionTest.plugin().resolve("src/main/java"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                out.put(p.getFileName().toString(), VersionTest.read(p));
            }
        }
        return out;
    }

    /** The body (between its braces) of the method whose declaration starts at index at. */
    static String bodyAt(String src, int at) {
        int open = src.indexOf('{', at);
        int depth = 0;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return src.substring(open + 1, i);
            }
        }
        throw new AssertionError("unbalanced braces after " + src.substring(at, Math.min(src.length(), at + 80)));
    }

    /** The annotations and modifiers before the member declared at index at (back to the previous member). */
    static String preamble(String src, int at) {
        int start = Math.max(src.lastIndexOf(';', at), src.lastIndexOf('}', at));
        start = Math.max(start, src.lastIndexOf('{', at));
        return src.substring(start + 1, at);
    }

    /** The body of method name declared in src (its first declaration). */
    static String methodBody(String src, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\([^;{]*\\)\\s*(throws [\\w., ]+)?\\{").matcher(src);
        assertTrue(name + " is declared", m.find());
        return bodyAt(src, m.start());
    }

    private static final Pattern PERMISSION = Pattern.compile("\\b(hasPermission|checkPermission)\\(");
    private static final Pattern FORMS_CALL = Pattern.compile("TcssForms\\.(\\w+)\\(");
    private static final Pattern LOCAL_CALL = Pattern.compile("(?<![.\\w])(\\w+)\\(");

    /** Whether a body checks a permission itself or through the TcssForms helpers it calls. */
    static boolean reachesPermissionCheck(String body, String forms, int depth) {
        if (PERMISSION.matcher(body).find()) {
            return true;
        }
        if (depth > 5) {
            return false;
        }
        List<String> callees = new ArrayList<>();
        Matcher m = FORMS_CALL.matcher(body);
        while (m.find()) {
            callees.add(m.group(1));
        }
        if (depth > 0) { // inside TcssForms: its own helpers are called unqualified
            m = LOCAL_CALL.matcher(body);
            while (m.find()) {
                if (Pattern.compile("static [\\w<>?,. \\[\\]]+ " + m.group(1) + "\\(").matcher(forms).find()) {
                    callees.add(m.group(1));
                }
            }
        }
        for (String c : callees) {
            if (reachesPermissionCheck(methodBody(forms, c), forms, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    // ---- item 3: every doFill* is POST-only and checks a permission ----

    @Test
    public void everyFillMethodIsPostOnlyAndChecksAPermission() throws IOException {
        String forms = read(MAIN + "TcssForms.java");
        int count = 0;
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            String src = e.getValue();
            Matcher m = Pattern.compile("public\\s+\\w+\\s+(doFill\\w+)\\s*\\(").matcher(src);
            while (m.find()) {
                count++;
                String where = e.getKey() + " " + m.group(1);
                assertTrue(where + " is @POST (Jenkins' CodeQL rule jenkins/csrf)",
                        Pattern.compile("@POST\\b").matcher(preamble(src, m.start())).find());
                assertTrue(where + " reaches a permission check (jenkins/no-permission-check)",
                        reachesPermissionCheck(bodyAt(src, m.start()), forms, 0));
            }
        }
        assertTrue("the add step's 9, the scan step's 6 and the global configuration's 1 fill methods were found,"
                + " not " + count, count >= 16);
    }

    @Test
    public void theRuleCheckerItselfSeesAMissingCheck() {
        String forms = "static ListBoxModel fixed(Item item) { return new ListBoxModel(); }\n";
        assertFalse(reachesPermissionCheck("return TcssForms.fixed(item);", forms, 0));
        forms = "static ListBoxModel fixed(Item item) { if (item.hasPermission(Item.READ)) {} return m; }\n"
                + "static ListBoxModel tri(Item item) { return fixed(item); }\n";
        assertTrue(reachesPermissionCheck("return TcssForms.tri(item);", forms, 0));
        String src = "class A {\n    public ListBoxModel doFillXItems() {\n        return null;\n    }\n}";
        assertFalse(Pattern.compile("@POST\\b").matcher(preamble(src, src.indexOf("public ListBoxModel"))).find());
    }

    @Test
    public void credentialListsFollowTheConsumerGuide() throws IOException {
        String forms = read(MAIN + "TcssForms.java");
        String may = methodBody(forms, "mayListCredentials");
        assertTrue("no item: administrators only", may.contains("item == null") && may.contains("Jenkins.ADMINISTER"));
        assertTrue("USE_ITEM is accepted", may.contains("CredentialsProvider.USE_ITEM"));
        assertTrue(may.contains("Item.EXTENDED_READ"));
        assertTrue("listed as the job's authentication",
                methodBody(forms, "listAs").contains("Tasks.getAuthenticationOf2((Queue.Task) item)"));
        String creds = methodBody(forms, "credentials");
        assertTrue("an item's list uses its authentication",
                creds.contains("includeMatchingAs(listAs(item), item,"));
        assertTrue("no item: listed from the root", creds.contains("includeMatchingAs(ACL.SYSTEM2, Jenkins.get(),"));
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            assertFalse(e.getKey() + " lists credentials as SYSTEM for an item",
                    e.getValue().contains("includeAs(ACL.SYSTEM2, item"));
        }
    }

    // ---- item 4: SYSTEM scope left out of every list, the global default's included ----

    @Test
    public void systemScopedCredentialsAreNeverOffered() throws IOException {
        String forms = read(MAIN + "TcssForms.java");
        assertTrue(methodBody(forms, "usableByBuilds")
                .contains("CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM))"));
        Matcher m = Pattern.compile("includeMatchingAs\\(([^;]*)\\);").matcher(forms);
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue("filtered: " + m.group(), m.group(1).trim().endsWith("usableByBuilds()"));
        }
        assertEquals("the root's and an item's listing", 2, n);
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            assertFalse(e.getKey() + " uses includeAs, which lists every scope", e.getValue().contains(".includeAs("));
        }
        String global = read(MAIN + "TcssGlobalConfiguration.java");
        assertTrue("the global default goes through the same filtered list",
                methodBody(global, "doFillCredentialsIdItems").contains("TcssForms.credentials(null, credentialsId,"));
    }

    // ---- item 5: no Long number bound from a form ----

    @Test
    public void noLongIsBoundFromAForm() throws IOException {
        Pattern setter = Pattern.compile("@DataBoundSetter\\s+public\\s+void\\s+(set\\w+)\\(\\s*([\\w.<>]+)\\s+\\w+\\)");
        Pattern ctor = Pattern.compile("@DataBoundConstructor\\s+public\\s+\\w+\\(([^)]*)\\)");
        int setters = 0;
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            Matcher m = setter.matcher(e.getValue());
            while (m.find()) {
                setters++;
                assertFalse(e.getKey() + " " + m.group(1) + " takes a " + m.group(2)
                        + ": Stapler binds an empty Long to 0; use Integer", m.group(2).matches("(java\\.lang\\.)?[Ll]ong"));
            }
            m = ctor.matcher(e.getValue());
            while (m.find()) {
                assertFalse(e.getKey() + " constructor takes a long: " + m.group(1),
                        Pattern.compile("\\b[Ll]ong\\b").matcher(m.group(1)).find());
            }
        }
        assertTrue("the setters were found: " + setters, setters >= 28);
    }

    // ---- item 7 and issue 17: one holder, apart symbols, offline agents, StaplerRequest2, the proxy ----

    @Test
    public void theStepIsTheOneHolderOfTheInputs() throws IOException {
        String step = read(MAIN + "TcssAddRegistryStep.java");
        String ctorParams = "";
        Matcher c = Pattern.compile("@DataBoundConstructor\\s+public TcssAddRegistryStep\\(([^)]*)\\)").matcher(step);
        assertTrue(c.find());
        ctorParams = c.group(1);
        for (Field f : StepInputs.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String name = f.getName();
            String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertTrue("the step binds " + name, step.contains("@DataBoundSetter\n    public void set" + cap + "(")
                    || Pattern.compile("\\b" + name + "\\b").matcher(ctorParams).find());
        }
        String builder = read(MAIN + "TcssAddRegistryBuilder.java");
        assertFalse("the builder repeats no setter", builder.contains("@DataBoundSetter"));
        assertTrue("the builder holds the step",
                builder.contains("@DataBoundConstructor\n    public TcssAddRegistryBuilder(TcssAddRegistryStep step)"));
        assertTrue(builder.contains("EnvExpansion.expand(step.inputs(), env::expand)"));
        String jelly = read("src/main/resources/io/jenkins/plugins/tcss/TcssAddRegistryBuilder/config.jelly");
        assertTrue("the builder's form nests the step's", jelly.contains("<f:property field=\"step\"/>"));
        assertFalse(jelly.contains("<f:entry"));
        try (Stream<Path> s = Files.list(VersionTest.plugin()
                .resolve("src/main/resources/io/jenkins/plugins/tcss/TcssAddRegistryBuilder"))) {
            assertEquals("the builder keeps no copy of the help files", List.of("config.jelly"),
                    s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    public void theBuildersSymbolIsNotThePipelineStepsName() throws IOException {
        Matcher fn = Pattern.compile("getFunctionName\\(\\) \\{\\s+return \"(\\w+)\";")
                .matcher(read(MAIN + "TcssAddRegistryStep.java"));
        assertTrue(fn.find());
        Matcher sym = Pattern.compile("@Symbol\\(\"(\\w+)\"\\)\\s+public static final class DescriptorImpl")
                .matcher(read(MAIN + "TcssAddRegistryBuilder.java"));
        assertTrue("the builder has a symbol for Job DSL", sym.find());
        assertNotEquals("Pipeline would always pick the step", fn.group(1), sym.group(1));
        assertEquals("tcssAddRegistry", fn.group(1));
    }

    @Test
    public void anOfflineAgentIsCaughtWhereItHappens() throws IOException {
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            assertFalse(e.getKey() + ": FilePath.getChannel() is never null for an offline agent",
                    e.getValue().contains("getChannel()"));
        }
        String j = read(MAIN + "TcssJenkins.java");
        assertTrue(j.contains("workspace.act(new AgentCallable("));
        assertTrue("the call's ChannelClosedException becomes the step's failure",
                Pattern.compile("catch \\(ChannelClosedException e\\) \\{\\s+[^}]*throw new AbortException").matcher(j).find());
    }

    @Test
    public void descriptorsBindWithStaplerRequest2AndDropUnsetFields() throws IOException {
        for (Map.Entry<String, String> e : mainSources().entrySet()) {
            assertFalse(e.getKey() + " uses StaplerRequest (deprecated from Jenkins 2.475)",
                    Pattern.compile("\\bStaplerRequest\\b").matcher(e.getValue()).find());
        }
        assertTrue(Pattern.compile("newInstance\\(StaplerRequest2 req, @NonNull JSONObject formData\\) throws FormException \\{\\s+"
                + "FormFields\\.dropUnset\\(formData\\);\\s+return super\\.newInstance\\(req, formData\\);")
                .matcher(read(MAIN + "TcssAddRegistryStep.java")).find());
        assertTrue("the builder drops them in the nested step form",
                Pattern.compile("newInstance\\(StaplerRequest2 req, @NonNull JSONObject formData\\) throws FormException \\{\\s+"
                + "FormFields\\.dropUnset\\(formData\\.optJSONObject\\(\"step\"\\)\\);\\s+return super\\.newInstance\\(req, formData\\);")
                .matcher(read(MAIN + "TcssAddRegistryBuilder.java")).find());
    }

    @Test
    public void theControllersProxyPasswordIsWiped() throws IOException {
        String j = read(MAIN + "TcssJenkins.java");
        assertTrue("the temporary array", methodBody(j, "proxySettings").contains("Arrays.fill(password, '\\0')"));
        assertTrue("the copy sent to the agent, after the call",
                Pattern.compile("finally \\{\\s+secrets\\.wipe\\(\\);\\s+proxy\\.wipe\\(\\);").matcher(j).find());
        String a = read(MAIN + "AgentCallable.java");
        assertTrue("the agent's masker copy", a.contains("java.util.Arrays.fill(proxyPassword, '\\0')"));
    }

    // ---- items 1, 2 and 7: the pom ----

    @Test
    public void thePluginBuildsOnItsOwn() throws IOException {
        String pom = read("pom.xml");
        assertFalse("no dependency that only a reactor could resolve", pom.contains("<artifactId>tcss-java</artifactId>"));
        assertTrue("the binding's sources are compiled in",
                pom.contains("<source>${tcss.repo}/bindings/java/src/main/java</source>"));
        assertTrue("TcssValues.java from the CMake build",
                pom.contains("<source>${tcss.cmake.build}/bindings/java/generated</source>"));
        assertTrue("the native library is packed",
                pom.contains("<directory>${tcss.cmake.build}/bindings/java/native</directory>"));
        assertEquals("${project.basedir}/../..", VersionTest.pomValue(pom, "<properties>", "tcss.repo"));
        assertTrue(Files.isDirectory(VersionTest.plugin().resolve("../../bindings/java/src/main/java")));
        assertFalse("no second build path", Files.exists(VersionTest.plugin().resolve("reactor")));
        assertTrue("the pom names the license", VersionTest.pomValue(pom, "<licenses>", "name").equals("MIT License"));
        String license = VersionTest.read(VersionTest.plugin().resolve("../../LICENSE"));
        assertTrue("LICENSE is the MIT license the pom names", license.startsWith("MIT License"));
        assertTrue("and it is packed", pom.contains("<include>LICENSE</include>"));
    }

    @Test
    public void theMavenTestPhaseIsSelfContained() throws IOException {
        String pom = read("pom.xml");
        String surefire = pom.substring(pom.indexOf("<artifactId>maven-surefire-plugin</artifactId>"));
        surefire = surefire.substring(0, surefire.indexOf("</plugin>"));
        assertFalse("no test is left out", surefire.contains("<exclude>"));
        assertEquals("${project.basedir}", VersionTest.pomValue(surefire, "<systemPropertyVariables>", "tcss.jenkins.src"));
        assertEquals("${tcss.java.version}", VersionTest.pomValue(surefire, "<systemPropertyVariables>", "tcss.java.version"));
        for (String t : new String[] {"AddRegistryRunnerTest", "KeylessRunnerTest", "ScanRunnerTest"}) {
            assertTrue(t + " skips itself without the emulator",
                    read("src/test/java/io/jenkins/plugins/tcss/core/" + t + ".java").contains("TestEnv.requireEmulator();"));
        }
        for (String t : new String[] {"LoadFailureTest", "ReconnectedAgentTest", "KeylessRunnerTest"}) {
            assertTrue(t + " skips itself without what CTest gives it",
                    read("src/test/java/io/jenkins/plugins/tcss/core/" + t + ".java").contains("TestEnv.require(\""));
        }
        int junit = 0;
        for (String t : read("CMakeLists.txt").split("add_test\\(")) {
            if (t.contains("JUnitCore")) {
                junit++;
                assertTrue("CTest makes a missing need a failure: " + t, t.contains("-Dtcss.ctest=true"));
            }
        }
        assertEquals(6, junit);
    }

    @Test
    public void theJenkinsLineIsCurrent() throws IOException {
        String pom = read("pom.xml");
        String parent = VersionTest.pomValue(pom, "<artifactId>plugin</artifactId>", "version");
        assertTrue("plugin parent POM 5.x or later: " + parent, Integer.parseInt(parent.split("\\.")[0]) >= 5);
        String baseline = VersionTest.pomValue(pom, "<properties>", "jenkins.baseline");
        assertTrue("a baseline with StaplerRequest2 (2.475+): " + baseline,
                Integer.parseInt(baseline.split("\\.")[1]) >= 475);
        assertTrue("the BOM follows the baseline", pom.contains("<artifactId>bom-${jenkins.baseline}.x</artifactId>"));
        assertTrue("jenkins.version is a release of the baseline's line",
                VersionTest.pomValue(pom, "<properties>", "jenkins.version").matches("\\$\\{jenkins\\.baseline\\}\\.[0-9]+"));
    }
}
