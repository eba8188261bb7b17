package com.tencentcloud.tcss;

/** A sync asked for by {@link TcssClient#sync(String, java.time.Duration)}, and how far it got. */
public final class SyncResult extends TcssResult {
    SyncResult(String json) {
        super(json);
    }

    public long getRegistryId() {
        return getLong("RegistryId", 0);
    }

    public String getName() {
        return getString("Name");
    }

    /** "doing", "success" or "failed". */
    public String getSyncStatus() {
        return getString("SyncStatus");
    }

    public String getLatestSyncTime() {
        return getString("LatestSyncTime");
    }

    /** "" unless the sync failed. */
    public String getSyncFailReason() {
        return getString("SyncFailReason");
    }

    /** Whether this sync ended within the wait (always false without a wait). */
    public boolean isFinished() {
        return getBoolean("Finished");
    }

    public long getWaitedMillis() {
        return getLong("WaitedMs", 0);
    }

    public String getRequestId() {
        return getString("RequestId");
    }
}
