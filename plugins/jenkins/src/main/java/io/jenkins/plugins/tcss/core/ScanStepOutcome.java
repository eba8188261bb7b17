package io.jenkins.plugins.tcss.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tcssScan tells Jenkins: the map returned to the pipeline, the summary
 * line, the reports to archive (paths relative to the workspace) and the
 * build result the policy chose. Every service string in it was cleaned by
 * libtcss and masked again here. Serializable: it travels from the agent.
 */
public final class ScanStepOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Severities in the report's order. */
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "unknown");

    String image = "";
    String outcome = "";
    long imageId;
    String scanStatus = "";
    String scanError = "";
    boolean gatePassed;
    String gateSummary = "";
    List<String> reasons = new ArrayList<>();
    int findings;
    /** severity -> {all, counted, ignored, failing}. */
    LinkedHashMap<String, LinkedHashMap<String, Long>> counts = new LinkedHashMap<>();
    /** format -> path relative to the workspace. */
    LinkedHashMap<String, String> reports = new LinkedHashMap<>();
    /** The reports to archive (junit and those asked for). */
    List<String> archive = new ArrayList<>();
    String buildResult = "SUCCESS";

    /** "passed", "gate_failed" or "incomplete". */
    public String getOutcome() {
        return outcome;
    }

    /** SUCCESS, UNSTABLE or FAILURE, as gateResult/incompleteResult say. */
    public String getBuildResult() {
        return buildResult;
    }

    /** The CLI's exit code for the outcome (0, 9, 10). */
    public int getExitCode() {
        return ScanPolicy.exitCode(outcome);
    }

    public long getImageId() {
        return imageId;
    }

    public String getScanStatus() {
        return scanStatus;
    }

    public boolean isGatePassed() {
        return gatePassed;
    }

    public List<String> getReasons() {
        return Collections.unmodifiableList(reasons);
    }

    public int getFindings() {
        return findings;
    }

    /** The gate's count of kind ("all", "counted", "ignored", "failing") for a severity. */
    public long count(String severity, String kind) {
        Map<String, Long> c = counts.get(severity);
        Long v = c == null ? null : c.get(kind);
        return v == null ? 0 : v;
    }

    /** format -> report path relative to the workspace. */
    public Map<String, String> getReports() {
        return Collections.unmodifiableMap(reports);
    }

    /** Paths relative to the workspace, to archive as the step's artifacts. */
    public List<String> getArchive() {
        return Collections.unmodifiableList(archive);
    }

    /**
     * The pipeline's return value: outcome, exitCode, passed, buildResult,
     * image, imageId, scanStatus, scanError, summary, reasons, findings, counts
     * (severity -> all/counted/ignored/failing), reports (format -> path).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", outcome);
        m.put("exitCode", getExitCode());
        m.put("passed", "passed".equals(outcome));
        m.put("buildResult", buildResult);
        m.put("image", image);
        m.put("imageId", imageId);
        m.put("scanStatus", scanStatus);
        m.put("scanError", scanError);
        m.put("summary", gateSummary);
        m.put("reasons", new ArrayList<>(reasons));
        m.put("findings", findings);
        Map<String, Object> c = new LinkedHashMap<>();
        for (Map.Entry<String, LinkedHashMap<String, Long>> e : counts.entrySet()) {
            c.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
        }
        m.put("counts", c);
        m.put("reports", new LinkedHashMap<>(reports));
        return m;
    }

    /** One line for the console and the build page. */
    public String summary() {
        StringBuilder sb = new StringBuilder("TCSS scan of ").append(image).append(": ");
        switch (outcome) {
            case "passed":
                sb.append("the gate passed");
                break;
            case "gate_failed":
                sb.append("the gate failed");
                break;
            default:
                sb.append("the scan did not finish (").append(scanStatus.isEmpty() ? "no status" : scanStatus)
                        .append(scanError.isEmpty() ? "" : ": " + scanError).append(')');
                break;
        }
        sb.append(" (");
        boolean first = true;
        for (String s : SEVERITIES) {
            long all = count(s, "all");
            if (all == 0 && s.equals("unknown")) {
                continue;
            }
            sb.append(first ? "" : ", ").append(all).append(' ').append(s);
            first = false;
        }
        sb.append(')');
        if (!gateSummary.isEmpty() && !"incomplete".equals(outcome)) {
            sb.append(": ").append(gateSummary);
        }
        if (!"SUCCESS".equals(buildResult)) {
            sb.append(". Build result: ").append(buildResult);
        }
        return sb.append('.').toString();
    }

    /** The message a FAILURE or UNSTABLE carries: the summary and the gate's reasons. */
    public String failureMessage() {
        StringBuilder sb = new StringBuilder(summary());
        for (String r : reasons) {
            sb.append("\n  ").append(r);
        }
        return sb.toString();
    }
}
