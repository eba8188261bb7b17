package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.FailOn;
import com.tencentcloud.tcss.ReportFormat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every non-secret input of the tcssScan step. The credentials and client
 * settings are the tcssAddRegistry step's (the same fields, ids and rules),
 * held in {@link #client}; its registry fields are unused.
 */
public final class ScanInputs implements Serializable {
    private static final long serialVersionUID = 1L;

    /** failOn's values, from the binding's FailOn (tested against the header there). */
    public static final List<String> FAIL_ON_LEVELS = failOnLevels();
    /** The report formats, from the binding's ReportFormat; junit is always written. */
    public static final List<String> REPORT_FORMATS = reportFormats();
    /** Where reports go, relative to the workspace, unless reportDir says otherwise. */
    public static final String DEFAULT_REPORT_DIR = "tcss-reports";

    /**
     * The tcssAddRegistry inputs tcssScan shares (held in {@link #client}): the same setters, dropdowns and
     * help files (the scan step's descriptor serves the add step's help for these).
     */
    public static final List<String> CLIENT_FIELDS = List.of("credentialsId", "sessionTokenCredentialsId",
            "idTokenCredentialsId", "roleArn", "providerId", "stsEndpoint", "roleSessionName", "region", "endpoint",
            "caFile", "proxy", "language", "connectTimeoutSeconds", "timeoutSeconds", "maxAttempts",
            "requestsPerSecond", "verbose");

    /** Credentials (credentialsId, sessionTokenCredentialsId, idTokenCredentialsId, roleArn, ...) and the client. */
    public StepInputs client = new StepInputs();

    /** The registry's Name in TCSS (as registered by tcssAddRegistry). */
    public String name;
    /** HOST/PATH:TAG[@sha256:DIGEST], the image just pushed; a digest decides the row. */
    public String image;
    /** Sync the registry first and wait for it (within waitSeconds). */
    public boolean sync;
    /** The whole wait (sync, the row appearing, the scan) in seconds; 0: libtcss's 600. */
    public int waitSeconds;
    /** critical, high, medium, low or none; blank: none. */
    public String failOn;
    /** Most findings allowed per severity; null: no limit. Integers, so an empty form field stays null. */
    public Integer maxCritical;
    public Integer maxHigh;
    public Integer maxMedium;
    public Integer maxLow;
    /** Count only findings with a fix. */
    public boolean onlyFixed;
    /** The ignore file, relative to the workspace (CVE or POCID entries with a reason and an optional expiry). */
    public String ignoreFile;
    /** The folder for the reports, relative to the workspace; blank: tcss-reports. */
    public String reportDir;
    /** Reports to write and archive besides junit: any of gitlab, sarif, json, comma-separated. */
    public String reports;
    /** The build result when the gate fails: FAILURE (default), UNSTABLE or SUCCESS. */
    public String gateResult;
    /** The build result when the scan did not finish: FAILURE (default), UNSTABLE or SUCCESS. */
    public String incompleteResult;

    private static List<String> failOnLevels() {
        List<String> out = new ArrayList<>();
        for (FailOn f : FailOn.values()) {
            out.add(f.label());
        }
        return Collections.unmodifiableList(out);
    }

    private static List<String> reportFormats() {
        List<String> out = new ArrayList<>();
        for (ReportFormat f : ReportFormat.values()) {
            out.add(f.label());
        }
        return Collections.unmodifiableList(out);
    }

    /** Every problem, each naming the input and the rule; empty when the inputs are fine. */
    public List<String> validate() {
        List<String> p = new ArrayList<>();
        InputMapping.validateClient(client, p);
        if (InputMapping.blank(name)) {
            p.add("name: required (the registry's name in TCSS)");
        }
        if (InputMapping.blank(image)) {
            p.add("image: required (HOST/PATH:TAG[@sha256:DIGEST], the image just pushed)");
        } else if (!image.trim().contains("/") || (!image.contains(":") && !image.contains("@"))) {
            p.add("image: must be HOST/PATH:TAG[@sha256:DIGEST] or HOST/PATH@sha256:DIGEST, not '" + image + "'");
        }
        if (waitSeconds < 0) {
            p.add("waitSeconds: must be >= 0 (0: 600)");
        }
        if (!InputMapping.blank(failOn) && !FAIL_ON_LEVELS.contains(failOn.trim().toLowerCase(Locale.ROOT))) {
            p.add("failOn: must be one of " + String.join(", ", FAIL_ON_LEVELS) + ", not '" + failOn + "'");
        }
        String[] maxNames = {"maxCritical", "maxHigh", "maxMedium", "maxLow"};
        Integer[] maxes = {maxCritical, maxHigh, maxMedium, maxLow};
        for (int i = 0; i < maxes.length; i++) {
            if (maxes[i] != null && maxes[i] < 0) {
                p.add(maxNames[i] + ": must be >= 0 (empty: no limit)");
            }
        }
        for (String[] path : new String[][] {{"ignoreFile", ignoreFile}, {"reportDir", reportDir}}) {
            if (!InputMapping.blank(path[1]) && path[1].contains("\0")) {
                p.add(path[0] + ": must not contain a NUL character");
            }
        }
        if (!InputMapping.blank(reportDir) && escapesWorkspace(reportDir)) {
            p.add("reportDir: must be a folder inside the workspace (relative, no '..'), not '" + reportDir + "'");
        }
        try {
            extraReports();
        } catch (IllegalArgumentException e) {
            p.add(e.getMessage());
        }
        if (ScanPolicy.normalize(gateResult) == null) {
            p.add("gateResult: must be one of " + String.join(", ", ScanPolicy.RESULTS) + ", not '" + gateResult + "'");
        }
        if (ScanPolicy.normalize(incompleteResult) == null) {
            p.add("incompleteResult: must be one of " + String.join(", ", ScanPolicy.RESULTS) + ", not '"
                    + incompleteResult + "'");
        }
        return p;
    }

    /** Whether a relative path leaves the workspace (absolute, or through ".."). */
    static boolean escapesWorkspace(String path) {
        String p = path.trim().replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The formats to write besides junit, in the order given, without repeats. */
    public List<String> extraReports() {
        Set<String> out = new LinkedHashSet<>();
        if (!InputMapping.blank(reports)) {
            for (String r : reports.split("[,\\s]+")) {
                String f = r.trim().toLowerCase(Locale.ROOT);
                if (f.isEmpty() || f.equals("junit")) {
                    continue;
                }
                if (!REPORT_FORMATS.contains(f)) {
                    throw new IllegalArgumentException("reports: each must be one of " + String.join(", ",
                            REPORT_FORMATS) + ", not '" + r.trim() + "'");
                }
                out.add(f);
            }
        }
        return new ArrayList<>(out);
    }

    /** The report folder, relative to the workspace. */
    public String reportDirOrDefault() {
        return InputMapping.blank(reportDir) ? DEFAULT_REPORT_DIR : reportDir.trim();
    }

    /** A copy (the client's inputs copied too). */
    public ScanInputs copy() {
        ScanInputs c = new ScanInputs();
        for (java.lang.reflect.Field f : ScanInputs.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                f.set(c, f.get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("ScanInputs." + f.getName() + " is not public", e);
            }
        }
        c.client = client.copy();
        return c;
    }
}
