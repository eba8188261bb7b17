package com.tencentcloud.tcss;

import java.util.Map;

/** The gate's counts for one severity (the json report's gate.counts.SEVERITY). */
public final class SeverityCounts {
    private final long all;
    private final long counted;
    private final long ignored;
    private final long failing;

    public SeverityCounts(long all, long counted, long ignored, long failing) {
        this.all = all;
        this.counted = counted;
        this.ignored = ignored;
        this.failing = failing;
    }

    static SeverityCounts of(Map<String, Object> m) {
        return new SeverityCounts(TcssResult.number(m.get("all"), 0), TcssResult.number(m.get("counted"), 0),
                TcssResult.number(m.get("ignored"), 0), TcssResult.number(m.get("failing"), 0));
    }

    /** Every finding of this severity. */
    public long getAll() {
        return all;
    }

    /** Those the gate counted (not ignored; with onlyFixed, only fixable ones). */
    public long getCounted() {
        return counted;
    }

    /** Those an ignore-file entry in force covered. */
    public long getIgnored() {
        return ignored;
    }

    /** Those that fail the gate. */
    public long getFailing() {
        return failing;
    }

    @Override
    public String toString() {
        return "{all=" + all + ", counted=" + counted + ", ignored=" + ignored + ", failing=" + failing + "}";
    }
}
