package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.tencentcloud.tcss.FailOn;
import com.tencentcloud.tcss.ReportFormat;
import com.tencentcloud.tcss.ScanOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * tcssScan's Jenkins-free rules (the policy, validation, report names, the options handed to the binding)
 * and its Jenkins class and form, checked in their sources: every input bound, the credential and client
 * inputs shared with tcssAddRegistry (their help served by that step's descriptor, not copied), every
 * other field with its own help, the symbol, the result set as the error and unstable steps do.
 */
public class ScanCoreTest {
    private static final String MAIN = "src/main/java/io/jenkins/plugins/tcss/";
    private static final String RES = "src/main/resources/io/jenkins/plugins/tcss/";

    private static String read(String relative) throws IOException {
        return VersionTest.read(VersionTest.plugin().resolve(relative));
    }

    static ScanInputs valid() {
        ScanInputs in = new ScanInputs();
        in.client.credentialsId = "tcss-api";
        in.name = "harbor-prod";
        in.image = "harbor.example.com/team/app:1.4@sha256:" + "a".repeat(64);
        return in;
    }

    @Test
    public void thePolicyMapsTheOutcomesAsConfigured() {
        assertEquals("SUCCESS", ScanPolicy.decide("passed", "FAILURE", "FAILURE"));
        assertEquals("SUCCESS", ScanPolicy.decide("passed", "UNSTABLE", "UNSTABLE"));
        assertEquals("FAILURE", ScanPolicy.decide("gate_failed", null, null));
        assertEquals("FAILURE", ScanPolicy.decide("gate_failed", " ", "UNSTABLE"));
        assertEquals("UNSTABLE", ScanPolicy.decide("gate_failed", "unstable", "FAILURE"));
        assertEquals("SUCCESS", ScanPolicy.decide("gate_failed", "SUCCESS", "FAILURE"));
        assertEquals("FAILURE", ScanPolicy.decide("incomplete", "UNSTABLE", null));
        assertEquals("UNSTABLE", ScanPolicy.decide("incomplete", "FAILURE", "UNSTABLE"));
        try {
            ScanPolicy.decide("something_new", "SUCCESS", "SUCCESS");
            fail("an unknown outcome passed");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("something_new"));
        }
        assertEquals(0, ScanPolicy.exitCode("passed"));
        assertEquals(9, ScanPolicy.exitCode("gate_failed"));
        assertEquals(10, ScanPolicy.exitCode("incomplete"));
        assertEquals(null, ScanPolicy.normalize("ABORTED"));
    }

    @Test
    public void validationNamesEachInputAndRule() {
        assertEquals(List.of(), valid().validate());
        ScanInputs in = new ScanInputs();
        in.waitSeconds = -1;
        in.failOn = "severe";
        in.maxCritical = -1;
        in.reports = "junit, html";
        in.reportDir = "/tmp/x";
        in.gateResult = "ABORTED";
        in.incompleteResult = "NOT_BUILT";
        in.client.timeoutSeconds = -5;
        String all = String.join("\n", in.validate());
        for (String want : new String[] {"name: required", "image: required", "waitSeconds: must be >= 0",
            "failOn: must be one of critical, high, medium, low, none", "maxCritical: must be >= 0",
            "reports: each must be one of gitlab, sarif, junit, json, not 'html'", "reportDir: must be a folder inside",
            "gateResult: must be one of FAILURE, UNSTABLE, SUCCESS", "incompleteResult: must be one of",
            "timeoutSeconds: must be >= 0"}) {
            assertTrue(want + " in\n" + all, all.contains(want));
        }
        in = valid();
        in.image = "just-a-name";
        assertTrue(in.validate().toString().contains("image: must be HOST/PATH:TAG"));
        in = valid();
        in.client.credentialsId = "k";
        in.client.idTokenCredentialsId = "t";
        assertTrue("the add step's credential rules apply", in.validate().toString().contains("not both"));
        in = valid();
        in.reportDir = "a/../../b";
        assertFalse(in.validate().isEmpty());
        in.reportDir = "reports/tcss";
        assertEquals(List.of(), in.validate());
    }

    @Test
    public void theBindingGetsTheOptionsAsGiven() {
        ScanInputs in = valid();
        in.sync = true;
        in.waitSeconds = 90;
        in.failOn = "HIGH";
        in.maxMedium = 0;
        in.maxLow = 12;
        in.onlyFixed = true;
        in.ignoreFile = "ci/ignore.txt";
        Path ws = Paths.get("/work/space");
        ScanOptions o = ScanRunner.toScanOptions(in, ws);
        assertEquals("harbor-prod", o.getRegistryName());
        assertEquals(in.image, o.getImage());
        assertTrue(o.isSync());
        assertEquals(90, o.getWait().getSeconds());
        assertEquals(FailOn.HIGH, o.getFailOn());
        assertEquals(null, o.getMaxCritical());
        assertEquals(Long.valueOf(0), o.getMaxMedium());
        assertEquals(Long.valueOf(12), o.getMaxLow());
        assertTrue(o.isOnlyFixed());
        assertEquals(ws.resolve("ci/ignore.txt").toString(), o.getIgnoreFile());
        in = valid();
        o = ScanRunner.toScanOptions(in, ws);
        assertEquals("0: libtcss's default wait", null, o.getWait());
        assertEquals(null, o.getFailOn());
        assertEquals(null, o.getIgnoreFile());
    }

    @Test
    public void reportsAreNamedAfterTheImage() {
        assertEquals("tcss-scan-team-app-1.4", ScanRunner.reportBase("harbor.example.com:8443/team/app:1.4@sha256:abc"));
        assertEquals("tcss-scan-image", ScanRunner.reportBase("host/..."));
        assertEquals("x.junit.xml", ScanRunner.fileName("x", "junit"));
        assertEquals("x.gitlab.json", ScanRunner.fileName("x", "gitlab"));
        ScanInputs in = valid();
        in.reports = "SARIF,json json, junit";
        assertEquals(List.of("sarif", "json"), in.extraReports());
        for (ReportFormat f : ReportFormat.values()) {
            assertTrue(f + " is a format the step offers", ScanInputs.REPORT_FORMATS.contains(f.label()));
        }
        assertEquals("tcss-reports", valid().reportDirOrDefault());
    }

    @Test
    public void emptyLimitsStayUnsetInTheForm() {
        Map<String, Object> form = new HashMap<>();
        form.put("maxHigh", "");
        form.put("maxLow", "3");
        FormFields.dropUnset(form);
        assertFalse("an empty max is no limit, never 0", form.containsKey("maxHigh"));
        assertEquals("3", form.get("maxLow"));
    }

    @Test
    public void theOutcomeMapAndSummary() {
        ScanStepOutcome o = new ScanStepOutcome();
        o.image = "h/team/app:1";
        o.outcome = "gate_failed";
        o.buildResult = "UNSTABLE";
        o.reasons.add("--fail-on high: 2 findings at high or above");
        o.gateSummary = "failed: 2 over the threshold";
        java.util.LinkedHashMap<String, Long> c = new java.util.LinkedHashMap<>();
        c.put("all", 2L);
        o.counts.put("high", c);
        Map<String, Object> m = o.toMap();
        assertEquals(9, m.get("exitCode"));
        assertEquals(Boolean.FALSE, m.get("passed"));
        assertEquals("UNSTABLE", m.get("buildResult"));
        assertTrue(o.summary(), o.summary().contains("the gate failed (0 critical, 2 high, 0 medium, 0 low)"));
        assertTrue(o.summary().contains("Build result: UNSTABLE"));
        assertTrue(o.failureMessage().endsWith("\n  --fail-on high: 2 findings at high or above"));
    }

    // ---- the Jenkins class and its form, in their sources ----

    @Test
    public void theScanStepBindsEveryInput() throws Exception {
        String step = read(MAIN + "TcssScanStep.java");
        assertTrue(step.contains("@DataBoundConstructor\n    public TcssScanStep(String name, String image)"));
        for (Field f : ScanInputs.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("client")
                    || f.getName().equals("name") || f.getName().equals("image")) {
                continue;
            }
            String cap = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
            assertTrue("tcssScan binds " + f.getName(), step.contains("@DataBoundSetter\n    public void set" + cap
                    + "(") && step.contains("inputs." + f.getName() + " = "));
        }
        Set<String> stepInputs = new LinkedHashSet<>();
        for (Field f : StepInputs.class.getFields()) {
            stepInputs.add(f.getName());
        }
        for (String shared : ScanInputs.CLIENT_FIELDS) {
            assertTrue(shared + " is a tcssAddRegistry input", stepInputs.contains(shared));
            String cap = Character.toUpperCase(shared.charAt(0)) + shared.substring(1);
            assertTrue("tcssScan binds " + shared + " into the client inputs",
                    step.contains("public void set" + cap + "(") && step.contains("inputs.client." + shared + " = "));
        }
    }

    @Test
    public void theScanStepIsAPipelineStepThatSetsTheResultLikeErrorAndUnstable() throws Exception {
        String step = read(MAIN + "TcssScanStep.java");
        assertTrue(step.contains("return \"tcssScan\";"));
        assertTrue(Pattern.compile("@Symbol\\(\"tcssScan\"\\)\\s+public static final class DescriptorImpl extends StepDescriptor")
                .matcher(step).find());
        assertTrue("FAILURE stops the pipeline", step.contains("throw new AbortException(o.failureMessage());"));
        assertTrue("UNSTABLE marks the build", step.contains("run.setResult(Result.UNSTABLE);"));
        assertTrue("and the step, as the unstable step does",
                step.contains("node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(o.summary()));"));
        assertTrue(step.contains("FormFields.dropUnset(formData);"));
        String j = read(MAIN + "TcssJenkins.java");
        String scan = HostingRulesTest.methodBody(j, "scan");
        assertTrue("the built-in node rule first", scan.indexOf("ControllerPolicy.refusal") < scan.indexOf("secrets(run"));
        assertTrue("no registry password fetched for a scan", scan.contains("secrets(run, in.client, false, \"tcssScan\")"));
        assertTrue("the reports archived", scan.contains("run.pickArtifactManager().archive(workspace, launcher,"));
        assertTrue(Pattern.compile("finally \\{\\s+secrets\\.wipe\\(\\);\\s+proxy\\.wipe\\(\\);").matcher(scan).find());
        assertTrue(scan.contains("catch (ChannelClosedException e)"));
    }

    private static final Pattern FIELD = Pattern.compile("field=\"([A-Za-z]+)\"");

    @Test
    public void everyScanFieldHasHelpAndTheSharedOnesAreServedByTheAddStep() throws Exception {
        String jelly = read(RES + "TcssScanStep/config.jelly");
        Set<String> fields = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(jelly);
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertTrue(fields.toString(), fields.containsAll(ScanInputs.CLIENT_FIELDS));
        assertTrue(fields.containsAll(List.of("name", "image", "sync", "waitSeconds", "failOn", "gateResult",
                "incompleteResult", "maxCritical", "onlyFixed", "ignoreFile", "reportDir", "reports")));
        for (String f : fields) {
            Path own = VersionTest.plugin().resolve(RES + "TcssScanStep/help-" + f + ".html");
            Path shared = VersionTest.plugin().resolve(RES + "TcssAddRegistryStep/help-" + f + ".html");
            if (ScanInputs.CLIENT_FIELDS.contains(f)) {
                assertFalse(f + ": no copy of the add step's help", Files.exists(own));
                assertTrue(f + ": the add step has the help", Files.isRegularFile(shared));
            } else {
                assertTrue(own + " exists", Files.isRegularFile(own));
                assertTrue(own + " says something",
                        VersionTest.read(own).replaceAll("<[^>]*>", "").trim().length() > 30);
            }
        }
        for (String sel : new String[] {"credentialsId", "sessionTokenCredentialsId", "idTokenCredentialsId"}) {
            assertTrue(sel + " is a credentials dropdown",
                    Pattern.compile("field=\"" + sel + "\"[^>]*>\\s*<c:select/>").matcher(jelly).find());
        }
        String step = read(MAIN + "TcssScanStep.java");
        String help = HostingRulesTest.methodBody(step, "getHelpFile");
        assertTrue(help.contains("super.getHelpFile(fieldName)"));
        assertTrue(help.contains("ScanInputs.CLIENT_FIELDS.contains(fieldName)"));
        assertTrue(help.contains("ExtensionList.lookupSingleton(TcssAddRegistryStep.DescriptorImpl.class).getHelpFile(fieldName)"));
        for (String f : new String[] {"failOn", "gateResult", "incompleteResult"}) {
            assertTrue(f + " is a select", Pattern.compile("field=\"" + f + "\"[^>]*><f:select/>").matcher(jelly).find());
            String fill = "doFill" + Character.toUpperCase(f.charAt(0)) + f.substring(1) + "Items(";
            assertTrue(fill, step.contains(fill));
        }
    }

    @Test
    public void theAddStepsEnsureInputsHaveFormsAndHelp() throws Exception {
        String jelly = read(RES + "TcssAddRegistryStep/config.jelly");
        assertTrue(jelly.contains("field=\"ensure\""));
        assertTrue(Pattern.compile("field=\"update\"[^>]*><f:select/>").matcher(jelly).find());
        assertTrue(read(MAIN + "TcssAddRegistryStep.java").contains("doFillUpdateItems("));
        assertEquals(List.of("auto", "always", "never"), InputMapping.UPDATE_POLICIES);
        assertTrue(FormHelp.forField("update").contains("auto, always, never"));
    }
}
