package com.tencentcloud.tcss;

import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A scan and the gate's decision ({@link TcssClient#scan(ScanOptions)}): the
 * json report (schema "libtcss-scan-report/1") plus Outcome, OutcomeCode,
 * ImageId, ScanStatus, TaskID, JoinedRunningScan and WaitedMs. Holds the
 * native result so that {@link #writeReport} can write any format from it;
 * {@link #close()} frees it (an unclosed result is freed once unreachable).
 * Every accessor works after close; only writeReport does not.
 */
public final class ScanResult extends TcssResult implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Severities in the json report's order, as they name the counts. */
    public enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Owns the native tcss_result; the Cleaner's action, so it must not refer to the result. */
    private static final class Handle implements Runnable {
        private long value;

        Handle(long value) {
            this.value = value;
        }

        @Override
        public synchronized void run() {
            long h = value;
            value = 0;
            if (h != 0) {
                TcssNative.resultFree(h);
            }
        }
    }

    private final Handle handle;
    private final Cleaner.Cleanable cleanable;
    private final Map<Severity, SeverityCounts> counts;

    ScanResult(String json, long nativeResult) {
        super(json);
        Map<Severity, SeverityCounts> c = new EnumMap<>(Severity.class);
        Map<String, Object> byName = object(gate().get("counts"));
        for (Severity s : Severity.values()) {
            c.put(s, SeverityCounts.of(object(byName.get(s.key()))));
        }
        counts = Collections.unmodifiableMap(c);
        // Last, so that a constructor that throws leaves the native result to the caller to free.
        handle = new Handle(nativeResult);
        cleanable = CLEANER.register(this, handle);
    }

    private Map<String, Object> gate() {
        return object(asMap().get("gate"));
    }

    /** "Outcome" as an enum; IllegalStateException for an OutcomeCode this binding does not know. */
    public ScanOutcome getOutcome() {
        ScanOutcome o = ScanOutcome.fromCode(getOutcomeCode());
        if (o == null) {
            throw new IllegalStateException("libtcss reported OutcomeCode " + getOutcomeCode() + " ("
                    + getString("Outcome") + "), which this binding does not know");
        }
        return o;
    }

    /** "OutcomeCode": 0 passed, 1 gate failed, 2 incomplete (-1 when absent). */
    public long getOutcomeCode() {
        return getLong("OutcomeCode", -1);
    }

    /** The image reference scanned. */
    public String getImage() {
        return getString("image");
    }

    /** ImageRepoAddress of the row ("" when none was found). */
    public String getRepository() {
        return getString("repository");
    }

    /** ImageDigest of the row. */
    public String getDigest() {
        return getString("digest");
    }

    /** The image row's Id in TCSS. */
    public long getImageId() {
        return getLong("ImageId", 0);
    }

    /** The scan's last state: SCANNED, SCAN_ERR, SCAN_TIMEOUT, CANCELED, ... */
    public String getScanStatus() {
        return getString("ScanStatus");
    }

    /** TaskID of CreateAssetImageRegistryScanTask (0 when the service gave none). */
    public long getTaskId() {
        return getLong("TaskID", 0);
    }

    /** Whether a scan already running was joined instead of started. */
    public boolean isJoinedRunningScan() {
        return getBoolean("JoinedRunningScan");
    }

    public long getWaitedMillis() {
        return getLong("WaitedMs", 0);
    }

    /** Whether the scan finished (scan.completed). */
    public boolean isScanCompleted() {
        return Boolean.TRUE.equals(object(asMap().get("scan")).get("completed"));
    }

    /** Why the scan did not finish (scan.error); "" when it did. */
    public String getScanError() {
        return text(object(asMap().get("scan")).get("error"));
    }

    /** gate.passed. */
    public boolean isGatePassed() {
        return Boolean.TRUE.equals(gate().get("passed"));
    }

    /** gate.summary, one line. */
    public String getGateSummary() {
        return text(gate().get("summary"));
    }

    /** gate.reasons: why the gate failed, one a threshold. */
    public List<String> getGateReasons() {
        List<String> out = new ArrayList<>();
        for (Object o : array(gate().get("reasons"))) {
            out.add(text(o));
        }
        return Collections.unmodifiableList(out);
    }

    /** gate.counts, for every severity. */
    public Map<Severity, SeverityCounts> getCounts() {
        return counts;
    }

    public SeverityCounts getCounts(Severity s) {
        return counts.get(s);
    }

    /** How many findings were read (all pages). */
    public int getFindingCount() {
        return array(asMap().get("findings")).size();
    }

    /** The findings as the json report has them (each a Map: id, severity, component, gate, ...). */
    public List<Map<String, Object>> getFindings() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : array(asMap().get("findings"))) {
            out.add(object(o));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Write the result as a report ({@code tcss_result_write_report}): whole
     * or not at all (a temporary file renamed into place).
     *
     * @throws TcssException         INVALID_ARGUMENT for a path that cannot be written, ...
     * @throws IllegalStateException after {@link #close()}
     */
    public void writeReport(ReportFormat format, Path path) throws TcssException {
        if (format == null) {
            throw TcssException.invalidArgument("format: must not be null");
        }
        if (path == null) {
            throw TcssException.invalidArgument("path: must not be null");
        }
        byte[] f = Utf8.encode(format.label(), "format");
        byte[] p = Utf8.encode(path.toString(), "path");
        byte[][] es = new byte[TcssNative.ERR_STR_COUNT][];
        long[] en = new long[TcssNative.ERR_NUM_COUNT];
        int rc;
        synchronized (handle) {
            if (handle.value == 0) {
                throw new IllegalStateException("this ScanResult is closed; writeReport needs it open");
            }
            rc = TcssNative.resultWriteReport(handle.value, f, p, es, en);
        }
        java.lang.ref.Reference.reachabilityFence(this);
        if (rc != 0) {
            throw TcssClient.error(rc, es, en);
        }
    }

    /** Free the native result. Idempotent; the accessors keep working. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
