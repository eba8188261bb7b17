package com.tencentcloud.tcss;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link TcssClient#scan(ScanOptions)} scans one image and judges it;
 * mirrors {@code tcss_scan_options} (version 1). Build with {@link #builder()}.
 * libtcss validates everything (the image reference, the ignore file) before
 * sending anything.
 */
public final class ScanOptions {
    final String registryName;
    final String image;
    final boolean sync;
    final Duration wait;
    final FailOn failOn;
    final Long maxCritical;
    final Long maxHigh;
    final Long maxMedium;
    final Long maxLow;
    final boolean onlyFixed;
    final String ignoreFile;

    private ScanOptions(Builder b) {
        registryName = b.registryName;
        image = b.image;
        sync = b.sync;
        wait = b.wait;
        failOn = b.failOn;
        maxCritical = b.maxCritical;
        maxHigh = b.maxHigh;
        maxMedium = b.maxMedium;
        maxLow = b.maxLow;
        onlyFixed = b.onlyFixed;
        ignoreFile = b.ignoreFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getRegistryName() {
        return registryName;
    }

    public String getImage() {
        return image;
    }

    public boolean isSync() {
        return sync;
    }

    /** The whole wait; null: libtcss's default (10 minutes). */
    public Duration getWait() {
        return wait;
    }

    public FailOn getFailOn() {
        return failOn;
    }

    public Long getMaxCritical() {
        return maxCritical;
    }

    public Long getMaxHigh() {
        return maxHigh;
    }

    public Long getMaxMedium() {
        return maxMedium;
    }

    public Long getMaxLow() {
        return maxLow;
    }

    public boolean isOnlyFixed() {
        return onlyFixed;
    }

    public String getIgnoreFile() {
        return ignoreFile;
    }

    @Override
    public String toString() {
        return "ScanOptions[registryName=" + registryName + ", image=" + image + ", sync=" + sync + ", wait=" + wait
                + ", failOn=" + (failOn == null ? "none" : failOn.label()) + ", maxCritical=" + maxCritical
                + ", maxHigh=" + maxHigh + ", maxMedium=" + maxMedium + ", maxLow=" + maxLow + ", onlyFixed="
                + onlyFixed + ", ignoreFile=" + ignoreFile + "]";
    }

    public static final class Builder {
        private String registryName;
        private String image;
        private boolean sync;
        private Duration wait;
        private FailOn failOn;
        private Long maxCritical;
        private Long maxHigh;
        private Long maxMedium;
        private Long maxLow;
        private boolean onlyFixed;
        private String ignoreFile;

        private Builder() {
        }

        /** The registry's Name in TCSS, required. */
        public Builder registryName(String v) {
            registryName = v;
            return this;
        }

        /** HOST/PATH:TAG[@sha256:DIGEST] or HOST/PATH@sha256:DIGEST, required; a digest decides the row. */
        public Builder image(String v) {
            image = v;
            return this;
        }

        /** Sync the registry first and wait for it (within the wait). */
        public Builder sync(boolean v) {
            sync = v;
            return this;
        }

        /** The whole wait: the sync, the image row appearing, the scan. null: 10 minutes. */
        public Builder wait(Duration v) {
            wait = v;
            return this;
        }

        /** The lowest severity that fails the gate by itself; null: {@link FailOn#NONE}. */
        public Builder failOn(FailOn v) {
            failOn = v;
            return this;
        }

        /** Most critical findings allowed; null: no limit. */
        public Builder maxCritical(Long v) {
            maxCritical = v;
            return this;
        }

        public Builder maxHigh(Long v) {
            maxHigh = v;
            return this;
        }

        public Builder maxMedium(Long v) {
            maxMedium = v;
            return this;
        }

        public Builder maxLow(Long v) {
            maxLow = v;
            return this;
        }

        /** Count only findings with a fix. */
        public Builder onlyFixed(boolean v) {
            onlyFixed = v;
            return this;
        }

        /** CVE or POCID entries with a reason and an optional expiry; null: none. */
        public Builder ignoreFile(String v) {
            ignoreFile = v;
            return this;
        }

        public Builder ignoreFile(Path v) {
            ignoreFile = v == null ? null : v.toString();
            return this;
        }

        public ScanOptions build() {
            return new ScanOptions(this);
        }
    }
}
