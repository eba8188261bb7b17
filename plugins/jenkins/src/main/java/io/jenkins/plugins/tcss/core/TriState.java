package io.jenkins.plugins.tcss.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Insecure and NeedScan are three-state: not sent (the service's default),
 * true, false. A checkbox cannot say "not sent", and Stapler turns an empty
 * value into false for a Boolean, so the forms use a select of "", "true" and
 * "false", and the descriptor drops an empty choice before binding, leaving
 * the property null (not sent).
 */
public final class TriState {
    /** The form fields that are three-state. */
    public static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList("insecure", "needScan"));

    /** The select's options: {label, value}. */
    public static final List<String[]> OPTIONS = Collections.unmodifiableList(Arrays.asList(
            new String[] {"Not sent (the service's default)", ""},
            new String[] {"Yes (true)", "true"},
            new String[] {"No (false)", "false"}));

    private TriState() {
    }

    /**
     * Before binding submitted form data: removes each three-state field whose
     * value is not "true" or "false" (empty, "null", absent), so it stays null.
     */
    public static void dropUnset(Map<?, ?> form) {
        for (String field : FIELDS) {
            if (form.containsKey(field) && parse(form.get(field)) == null) {
                form.remove(field);
            }
        }
    }

    /** true, false, or null for "not set" (null, "", anything else). */
    public static Boolean parse(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = v == null ? "" : v.toString().trim();
        if ("true".equals(s)) {
            return Boolean.TRUE;
        }
        if ("false".equals(s)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
