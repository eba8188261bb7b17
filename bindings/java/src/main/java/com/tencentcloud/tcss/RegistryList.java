package com.tencentcloud.tcss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every registry of the account ({@link TcssClient#listRegistries()}), all pages read. */
public final class RegistryList extends TcssResult {
    private final List<RegistryInfo> registries;

    RegistryList(String json) {
        super(json);
        List<RegistryInfo> rows = new ArrayList<>();
        for (Object o : array(asMap().get("Registries"))) {
            rows.add(RegistryInfo.ofRow(object(o)));
        }
        registries = Collections.unmodifiableList(rows);
    }

    /** TotalCount as TCSS reported it. */
    public long getTotalCount() {
        return getLong("TotalCount", registries.size());
    }

    /** The rows (each without detail: no Username, NeedScan, ...). */
    public List<RegistryInfo> getRegistries() {
        return registries;
    }

    /** The row of that name, or null. */
    public RegistryInfo find(String name) {
        for (RegistryInfo r : registries) {
            if (r.getName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
