package com.tencentcloud.tcss;

import java.util.Map;

/**
 * One registry as TCSS describes it: a row of {@link TcssClient#listRegistries()}
 * or the result of {@link TcssClient#showRegistry(String)} (which adds the
 * detail: Username, Insecure, SpeedLimit, SyncMode, NeedScan, ConnDetect).
 * Never its password.
 */
public final class RegistryInfo extends TcssResult {
    RegistryInfo(String json) {
        super(json);
    }

    static RegistryInfo ofRow(Map<String, Object> row) {
        return new RegistryInfo(Json.write(row));
    }

    public long getRegistryId() {
        return getLong("RegistryId", 0);
    }

    public String getName() {
        return getString("Name");
    }

    public String getRegistryType() {
        return getString("RegistryType");
    }

    public String getUrl() {
        return getString("Url");
    }

    public String getNetType() {
        return getString("NetType");
    }

    public String getRegistryRegion() {
        return getString("RegistryRegion");
    }

    public String getRegistryVersion() {
        return getString("RegistryVersion");
    }

    /** "doing", "success" or "failed" ("" when TCSS gave none). */
    public String getSyncStatus() {
        return getString("SyncStatus");
    }

    public String getLatestSyncTime() {
        return getString("LatestSyncTime");
    }

    /** e.g. "status_connected", "status_auth_failed". */
    public String getConnDetectStatus() {
        return getString("ConnDetectStatus");
    }

    /** Username (show only). */
    public String getUsername() {
        return getString("Username");
    }

    /** NeedScan (show only); null when TCSS did not say. */
    public Boolean getNeedScan() {
        Object v = asMap().get("NeedScan");
        return v instanceof Boolean ? (Boolean) v : null;
    }
}
