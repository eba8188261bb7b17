package com.tencentcloud.tcss;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The result of a libtcss 1.1 call ({@code tcss_result}): the whole result as
 * the JSON the CLI prints with {@code --output json}, and typed accessors for
 * its members. Every service string in it was cleaned by libtcss (secrets
 * masked, control characters escaped); a registry's password or webhook token
 * is never in it.
 */
public class TcssResult {
    private final String json;
    private final Map<String, Object> members;

    @SuppressWarnings("unchecked")
    TcssResult(String json) {
        this.json = json == null || json.isEmpty() ? "{}" : json;
        Object parsed = Json.parse(this.json);
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("libtcss result JSON is not an object");
        }
        this.members = (Map<String, Object>) parsed;
    }

    /** The whole result as one line of JSON ({@code tcss_result_json}). */
    public String getJson() {
        return json;
    }

    /** The result parsed: objects as Map, arrays as List, integers as Long (all unmodifiable). */
    public Map<String, Object> asMap() {
        return members;
    }

    /** A top-level member as text, as {@code tcss_result_string} gives it: "" when absent or not a scalar. */
    public String getString(String key) {
        return text(members.get(key));
    }

    /** A top-level integer member, or fallback when absent or not an integer. */
    public long getLong(String key, long fallback) {
        Object v = members.get(key);
        return v instanceof Long ? (Long) v : fallback;
    }

    /** A top-level boolean member, or false when absent or not a boolean. */
    public boolean getBoolean(String key) {
        return Boolean.TRUE.equals(members.get(key));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + json;
    }

    static String text(Object v) {
        if (v == null || v instanceof Map || v instanceof List) {
            return "";
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v) {
        return v instanceof Map ? (Map<String, Object>) v : Collections.emptyMap();
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object v) {
        return v instanceof List ? (List<Object>) v : Collections.emptyList();
    }

    static long number(Object v, long fallback) {
        return v instanceof Long ? (Long) v : fallback;
    }
}
