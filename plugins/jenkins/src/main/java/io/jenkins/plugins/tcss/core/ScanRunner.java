package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.ClientOptions;
import com.tencentcloud.tcss.FailOn;
import com.tencentcloud.tcss.NotFoundException;
import com.tencentcloud.tcss.ReportFormat;
import com.tencentcloud.tcss.ScanOptions;
import com.tencentcloud.tcss.ScanResult;
import com.tencentcloud.tcss.SeverityCounts;
import com.tencentcloud.tcss.TcssClient;
import com.tencentcloud.tcss.TcssException;
import com.tencentcloud.tcss.TcssLogListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tcssScan step's work, on the agent: scan the image (libtcss's
 * {@code tcss_scan_image}: sync, find the row, scan, wait, read every
 * finding, judge), write the JUnit report (and the others asked for) into
 * the workspace, and decide the build result from the outcome as
 * {@link ScanPolicy} says. A failed gate and an unfinished scan are outcomes
 * (their reports are written); an image or registry not in TCSS, bad input
 * and every libtcss error are a {@link StepFailure}. Every line and message
 * goes through the secrets' masker. Jenkins-free, so it is tested here
 * against the emulator.
 */
public final class ScanRunner {
    private ScanRunner() {
    }

    /**
     * @param in        the step's inputs (validated again here)
     * @param secrets   the resolved credentials (no registry password: a scan needs none); wiped before this
     *                  returns
     * @param proxy     Jenkins' proxy settings; its password is wiped before this returns
     * @param console   the build console, masked
     * @param workspace the workspace on this agent: the ignore file and the reports are relative to it
     */
    public static ScanStepOutcome run(ScanInputs in, StepSecrets secrets, ProxySettings proxy, ConsoleLog console,
                                      Path workspace) throws StepFailure {
        try {
            List<String> problems = in.validate();
            if (!problems.isEmpty()) {
                throw new StepFailure(console.masker().mask("tcssScan: " + String.join("; ", problems)), false,
                        "invalid_argument");
            }
            String platformProblem = AgentPlatform.problemHere();
            try {
                AgentNativeLoader.load();
            } catch (UnsatisfiedLinkError e) {
                throw new StepFailure(console.masker().mask(AgentPlatform.loadFailure(System.getProperty("os.name"),
                        System.getProperty("os.arch"), platformProblem, e)), false, "internal");
            }
            TcssLogListener listener = (level, line) -> {
                if (level != TcssLogListener.Level.DEBUG || in.client.verbose) {
                    console.println(line);
                }
            };
            ClientOptions options = InputMapping.toOptions(in.client, secrets, proxy, listener);
            try (TcssClient client = new TcssClient(options)) {
                options.close(); // the client holds its own copies now
                ScanOptions opts = toScanOptions(in, workspace);
                console.println("scanning " + opts.getImage() + " in registry \"" + opts.getRegistryName()
                        + "\" with TCSS" + (opts.isSync() ? " (sync first)" : "") + ", failOn "
                        + (opts.getFailOn() == null ? "none" : opts.getFailOn().label()));
                try (ScanResult r = client.scan(opts)) {
                    return outcome(in, r, workspace, console);
                }
            } catch (NotFoundException e) {
                throw new StepFailure(console.masker().mask("tcssScan: not in TCSS (the CLI's exit 11): "
                        + e.getMessage() + ". Check name (the registry as registered), that the image was pushed to"
                        + " it, and sync: true with a waitSeconds long enough for TCSS to list it"), false,
                        "not_found");
            } catch (TcssException e) {
                throw AddRegistryRunner.failure("scan (tcss_scan_image)", e, console.masker());
            } catch (UnsupportedOperationException e) {
                throw new StepFailure(console.masker().mask("tcssScan: " + e.getMessage()), false, "internal");
            } finally {
                options.close();
            }
        } finally {
            secrets.wipe();
            if (proxy != null) {
                proxy.wipe();
            }
        }
    }

    /** The binding's options for the inputs; the ignore file is resolved against the workspace. */
    static ScanOptions toScanOptions(ScanInputs in, Path workspace) {
        ScanOptions.Builder b = ScanOptions.builder()
                .registryName(in.name.trim())
                .image(in.image.trim())
                .sync(in.sync)
                .wait(in.waitSeconds == 0 ? null : Duration.ofSeconds(in.waitSeconds))
                .failOn(InputMapping.blank(in.failOn) ? null : FailOn.of(in.failOn))
                .maxCritical(asLong(in.maxCritical))
                .maxHigh(asLong(in.maxHigh))
                .maxMedium(asLong(in.maxMedium))
                .maxLow(asLong(in.maxLow))
                .onlyFixed(in.onlyFixed);
        if (!InputMapping.blank(in.ignoreFile)) {
            b.ignoreFile(workspace.resolve(in.ignoreFile.trim()));
        }
        return b.build();
    }

    private static Long asLong(Integer v) {
        return v == null ? null : Long.valueOf(v.longValue());
    }

    /** The report files' base name: the image's path and tag, safe as a file name. */
    static String reportBase(String image) {
        String s = image.trim();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1); // the host goes
        }
        s = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
        if (s.length() > 100) {
            s = s.substring(0, 100);
        }
        return "tcss-scan-" + (s.isEmpty() ? "image" : s);
    }

    static String fileName(String base, String format) {
        switch (format) {
            case "junit":
                return base + ".junit.xml";
            case "sarif":
                return base + ".sarif";
            case "gitlab":
                return base + ".gitlab.json";
            default:
                return base + ".json";
        }
    }

    private static ScanStepOutcome outcome(ScanInputs in, ScanResult r, Path workspace, ConsoleLog console)
            throws StepFailure, TcssException {
        SecretMasker m = console.masker();
        ScanStepOutcome o = new ScanStepOutcome();
        o.image = m.mask(r.getImage());
        o.outcome = r.getOutcome().label();
        o.imageId = r.getImageId();
        o.scanStatus = m.mask(r.getScanStatus());
        o.scanError = m.mask(r.getScanError());
        o.gatePassed = r.isGatePassed();
        o.gateSummary = m.mask(r.getGateSummary());
        for (String reason : r.getGateReasons()) {
            o.reasons.add(m.mask(reason));
        }
        o.findings = r.getFindingCount();
        for (Map.Entry<ScanResult.Severity, SeverityCounts> e : r.getCounts().entrySet()) {
            LinkedHashMap<String, Long> c = new LinkedHashMap<>();
            c.put("all", e.getValue().getAll());
            c.put("counted", e.getValue().getCounted());
            c.put("ignored", e.getValue().getIgnored());
            c.put("failing", e.getValue().getFailing());
            o.counts.put(e.getKey().name().toLowerCase(Locale.ROOT), c);
        }
        o.buildResult = ScanPolicy.decide(o.outcome, in.gateResult, in.incompleteResult);

        // Reports, for a failed gate and an unfinished scan too.
        String dir = in.reportDirOrDefault().replace('\\', '/');
        Path folder = workspace.resolve(dir);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StepFailure(m.mask("tcssScan: cannot create reportDir " + folder + ": " + e), false, "internal");
        }
        String base = reportBase(in.image);
        List<String> formats = new ArrayList<>();
        formats.add("junit");
        formats.addAll(in.extraReports());
        for (String f : formats) {
            String rel = dir + "/" + fileName(base, f);
            r.writeReport(ReportFormat.of(f), workspace.resolve(rel));
            o.reports.put(f, rel);
            o.archive.add(rel);
            console.println("wrote the " + f + " report: " + rel);
        }
        console.println(o.summary());
        for (String reason : o.reasons) {
            console.println("  " + reason);
        }
        return o;
    }
}
