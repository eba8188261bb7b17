package com.tencentcloud.tcss;

/** What {@link TcssClient#removeRegistry(String)} removed. */
public final class RemoveResult extends TcssResult {
    RemoveResult(String json) {
        super(json);
    }

    public long getRegistryId() {
        return getLong("RegistryId", 0);
    }

    public String getName() {
        return getString("Name");
    }

    public String getRequestId() {
        return getString("RequestId");
    }
}
