package com.tencentcloud.tcss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What {@link TcssClient#ensureRegistry} did: added, updated in place, or left unchanged. */
public final class EnsureResult extends TcssResult {
    /** The result's "Action". */
    public enum Action {
        ADDED, UPDATED, UNCHANGED
    }

    EnsureResult(String json) {
        super(json);
    }

    /** "Action"; IllegalStateException for a value this binding does not know (a newer libtcss). */
    public Action getAction() {
        String a = getString("Action");
        try {
            return Action.valueOf(a.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("libtcss reported Action '" + a + "', which this binding does not know");
        }
    }

    /** RegistryId of the registry (the same id before and after an update). */
    public long getRegistryId() {
        return getLong("RegistryId", 0);
    }

    /** Name. */
    public String getName() {
        return getString("Name");
    }

    /** The API names of the settings that differed (updated, or reported under {@link UpdatePolicy#NEVER}). */
    public List<String> getChanged() {
        List<String> out = new ArrayList<>();
        for (Object o : array(asMap().get("Changed"))) {
            out.add(text(o));
        }
        return Collections.unmodifiableList(out);
    }

    /** Why it was updated, or what differs under {@link UpdatePolicy#NEVER}; "" otherwise. */
    public String getReason() {
        return getString("Reason");
    }

    /** HealthCheckErr: "" when TCSS reached the registry. */
    public String getHealthCheckErr() {
        return getString("HealthCheckErr");
    }

    /** RequestId of the last request. */
    public String getRequestId() {
        return getString("RequestId");
    }

    /** Requests sent (two when nothing changed). */
    public long getRequests() {
        return getLong("Requests", 0);
    }
}
