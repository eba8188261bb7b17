package io.jenkins.plugins.tcss.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Before;
import org.junit.Test;

/**
 * tcssScan's agent-side work against the emulator and its mock registry (run under
 * tests/harness/with-emulator): an image pushed, the registry ensured with NeedScan through the
 * tcssAddRegistry runner, findings for it (1 critical, 2 high, 3 medium, 4 low, half fixable). The
 * outcome, the build result each policy gives, the reports in the workspace and the list to archive,
 * an unfinished scan, an image not in TCSS, bad input, and no secret in the console.
 */
public class ScanRunnerTest {
    private static final String REGISTRY = "jenkins-scan-reg";
    private static String image;
    private ByteArrayOutputStream consoleBytes;
    private Path workspace;

    static String env(String name) {
        return AddRegistryRunnerTest.env(name);
    }

    private static String post(String url, String json) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, c.getResponseCode());
        try (java.io.InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StepSecrets secrets() {
        return new StepSecrets(env("TENCENTCLOUD_SECRET_ID"), env("TENCENTCLOUD_SECRET_KEY").toCharArray(), null,
                null, null, null);
    }

    private ConsoleLog console(StepSecrets s) {
        return new ConsoleLog(new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), s.masker());
    }

    private String consoleText() {
        return new String(consoleBytes.toByteArray(), StandardCharsets.UTF_8);
    }

    @Before
    public void setUp() throws Exception {
        TestEnv.requireEmulator();
        consoleBytes = new ByteArrayOutputStream();
        workspace = Files.createTempDirectory("tcss-jenkins-ws");
        post(env("TCSS_EMULATOR") + "/__emulator/config",
                "{\"sync_seconds\": 0.2, \"scan_seconds\": 0.4, \"scan_result\": \"auto\"}");
        if (image == null) {
            String pushed = post(env("TCSS_MOCK_REGISTRY") + "/__mock/push", "{\"repository\": \"jenkins/app-"
                    + ProcessHandle.current().pid() + "\", \"tag\": \"2.0\", \"seed\": \"jenkins\"}");
            Matcher m = Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]+)\"").matcher(pushed);
            assertTrue(pushed, m.find());
            image = env("TCSS_MOCK_REGISTRY").replaceFirst("^https?://", "") + "/jenkins/app-"
                    + ProcessHandle.current().pid() + ":2.0@" + m.group(1);
            post(env("TCSS_EMULATOR") + "/__emulator/vulns", "{\"key\": \"*\", \"generate\": {\"critical\": 1,"
                    + " \"high\": 2, \"medium\": 3, \"low\": 4, \"fixable\": 0.5}}");
            // The registry, through the other step's runner with ensure (NeedScan: new images are scanned).
            StepInputs add = CoreUnitTest.valid();
            add.name = REGISTRY;
            add.url = env("TCSS_MOCK_REGISTRY");
            add.endpoint = env("TCSS_ENDPOINT");
            add.needScan = Boolean.TRUE;
            add.ensure = true;
            StepSecrets s = new StepSecrets(env("TENCENTCLOUD_SECRET_ID"), env("TENCENTCLOUD_SECRET_KEY").toCharArray(),
                    null, env("TCSS_MOCK_REGISTRY_USER"), env("TCSS_MOCK_REGISTRY_PASSWORD").toCharArray(), null);
            StepOutcome o = AddRegistryRunner.run(add, s, ProxySettings.none(), console(s));
            assertTrue(o.toMap().toString(), List.of("added", "unchanged").contains(o.getAction()));
        }
    }

    private static ScanInputs inputs() {
        ScanInputs in = new ScanInputs();
        in.client.credentialsId = "tcss-api";
        in.client.endpoint = env("TCSS_ENDPOINT");
        in.name = REGISTRY;
        in.image = image;
        in.sync = true;
        in.waitSeconds = 30;
        return in;
    }

    private ScanStepOutcome run(ScanInputs in) throws Exception {
        StepSecrets s = secrets();
        ScanStepOutcome o = ScanRunner.run(in, s, ProxySettings.none(), console(s), workspace);
        for (char c : s.secretKey) {
            assertEquals("secrets wiped after the run", '\0', c);
        }
        assertFalse("SecretKey in the console:\n" + consoleText(), consoleText().contains(env("TENCENTCLOUD_SECRET_KEY")));
        return o;
    }

    @Test
    public void aPassedGateIsSuccessWithTheJUnitReportToArchive() throws Exception {
        ScanStepOutcome o = run(inputs());
        assertEquals("passed", o.getOutcome());
        assertEquals("SUCCESS", o.getBuildResult());
        assertEquals(0, o.getExitCode());
        assertEquals(10, o.getFindings());
        assertEquals(1, o.count("critical", "all"));
        assertEquals(4, o.count("low", "all"));
        String junit = o.getReports().get("junit");
        assertTrue(junit, junit.startsWith("tcss-reports/tcss-scan-jenkins-app-") && junit.endsWith("-2.0.junit.xml"));
        assertEquals(List.of(junit), o.getArchive());
        Path file = workspace.resolve(junit);
        assertTrue(Files.size(file) > 100);
        assertEquals("one test case per finding plus \"scan completed\" and \"gate\"", 12,
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                        .getElementsByTagName("testcase").getLength());
        Map<String, Object> m = o.toMap();
        assertEquals(Boolean.TRUE, m.get("passed"));
        assertTrue(o.getImageId() > 0);
        assertEquals(o.getImageId(), m.get("imageId"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) m.get("counts");
        assertEquals(Long.valueOf(3), counts.get("medium").get("all"));
        assertTrue(consoleText(), consoleText().contains(o.summary()));
        assertTrue(o.summary(), o.summary().contains("the gate passed"));
    }

    @Test
    public void aFailedGateSetsTheConfiguredResultAndWritesEveryReportAskedFor() throws Exception {
        ScanInputs in = inputs();
        in.failOn = "high";
        in.reports = "sarif, json,gitlab";
        in.reportDir = "out/scan";
        ScanStepOutcome o = run(in);
        assertEquals("gate_failed", o.getOutcome());
        assertEquals("FAILURE is the default", "FAILURE", o.getBuildResult());
        assertEquals(9, o.getExitCode());
        assertEquals(1, o.count("critical", "failing"));
        assertEquals(2, o.count("high", "failing"));
        assertFalse(o.getReasons().isEmpty());
        assertTrue(o.failureMessage(), o.failureMessage().contains(o.getReasons().get(0)));
        assertEquals(List.of("junit", "sarif", "json", "gitlab"), List.copyOf(o.getReports().keySet()));
        assertEquals(4, o.getArchive().size());
        for (String rel : o.getArchive()) {
            assertTrue(rel, rel.startsWith("out/scan/"));
            assertTrue(rel, Files.size(workspace.resolve(rel)) > 100);
        }
        assertTrue(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(workspace.resolve(o.getReports().get("junit")).toFile())
                .getElementsByTagName("failure").getLength() >= 3);
        in.gateResult = "unstable";
        assertEquals("UNSTABLE", run(in).getBuildResult());
        in.gateResult = "SUCCESS";
        assertEquals("report only", "SUCCESS", run(in).getBuildResult());
    }

    @Test
    public void maxLimitsOnlyFixedAndAnIgnoreFileInTheWorkspace() throws Exception {
        ScanInputs in = inputs();
        in.sync = false;
        in.maxLow = 3;
        assertEquals("4 low over 3", "gate_failed", run(in).getOutcome());
        in.onlyFixed = true;
        assertEquals("only the 2 fixable low counted", "passed", run(in).getOutcome());
        in = inputs();
        in.sync = false;
        in.failOn = "critical";
        ScanStepOutcome first = run(in);
        assertEquals("gate_failed", first.getOutcome());
        // The critical finding's id, from the json report.
        in.reports = "json";
        String json = new String(Files.readAllBytes(workspace.resolve(run(in).getReports().get("json"))),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"[^{}]*\"severity\":\"critical\"").matcher(json);
        assertTrue(json.substring(0, Math.min(400, json.length())), m.find());
        Files.createDirectories(workspace.resolve("ci"));
        Files.write(workspace.resolve("ci/tcss-ignore.txt"), (m.group(1) + " until=2999-01-01 base image fix pending\n")
                .getBytes(StandardCharsets.UTF_8));
        in.ignoreFile = "ci/tcss-ignore.txt";
        ScanStepOutcome ignored = run(in);
        assertEquals("passed", ignored.getOutcome());
        assertEquals(1, ignored.count("critical", "ignored"));
    }

    @Test
    public void aScanThatDoesNotFinishIsFailureUnlessConfigured() throws Exception {
        post(env("TCSS_EMULATOR") + "/__emulator/config", "{\"scan_result\": \"SCAN_ERR\"}");
        ScanInputs in = inputs();
        in.sync = false;
        ScanStepOutcome o = run(in);
        assertEquals("incomplete", o.getOutcome());
        assertEquals("FAILURE", o.getBuildResult());
        assertEquals(10, o.getExitCode());
        assertEquals("SCAN_ERR", o.getScanStatus());
        assertTrue(o.summary(), o.summary().contains("did not finish"));
        assertTrue("the report is written for an unfinished scan too",
                Files.exists(workspace.resolve(o.getReports().get("junit"))));
        in.incompleteResult = "UNSTABLE";
        in.gateResult = "SUCCESS";
        assertEquals("UNSTABLE", run(in).getBuildResult());
    }

    @Test
    public void anImageNotInTcssFailsTheStep() throws Exception {
        ScanInputs in = inputs();
        in.image = env("TCSS_MOCK_REGISTRY").replaceFirst("^https?://", "") + "/jenkins/never-pushed:1.0";
        in.waitSeconds = 3;
        in.gateResult = "SUCCESS";
        in.incompleteResult = "SUCCESS";
        try {
            run(in);
            fail("scanned an image that is not there");
        } catch (StepFailure e) {
            assertEquals("not_found", e.getErrorClass());
            assertFalse(e.isPolicy());
            assertTrue(e.getMessage(), e.getMessage().contains("exit 11") && e.getMessage().contains("never-pushed"));
        }
        in = inputs();
        in.name = "no-such-registry";
        try {
            run(in);
            fail("scanned in a registry that is not there");
        } catch (StepFailure e) {
            assertEquals("not_found", e.getErrorClass());
        }
    }

    @Test
    public void badInputFailsBeforeAnythingIsSent() throws Exception {
        String before = AddRegistryRunnerTest.control("GET", "/__emulator/state");
        Matcher count = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)").matcher(before);
        assertTrue(count.find());
        ScanInputs in = inputs();
        in.failOn = "severe";
        in.maxHigh = -1;
        in.reports = "html";
        in.reportDir = "../outside";
        in.gateResult = "ABORTED";
        try {
            run(in);
            fail("accepted bad input");
        } catch (StepFailure e) {
            assertEquals("invalid_argument", e.getErrorClass());
            for (String field : new String[] {"failOn:", "maxHigh:", "reports:", "reportDir:", "gateResult:"}) {
                assertTrue(field + " in " + e.getMessage(), e.getMessage().contains(field));
            }
        }
        in = inputs();
        in.ignoreFile = "missing-ignore.txt";
        try {
            run(in);
            fail("accepted a missing ignore file");
        } catch (StepFailure e) {
            assertEquals("invalid_argument", e.getErrorClass());
            assertTrue(e.getMessage(), e.getMessage().contains("missing-ignore.txt"));
        }
        Matcher after = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)")
                .matcher(AddRegistryRunnerTest.control("GET", "/__emulator/state"));
        assertTrue(after.find());
        assertEquals("nothing was sent", count.group(1), after.group(1));
    }
}
