package io.jenkins.plugins.tcss.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Submitted form data, before Stapler binds it: a field the user left empty
 * must stay "not sent" (null). Stapler turns an empty Boolean into false (see
 * {@link TriState}), and registers null-default converters only for Integer,
 * Float and Double, so an empty Long would become 0. The optional numbers are
 * Integers, and their empty values are dropped here too, so neither the
 * freestyle form nor the Snippet Generator ever sends SpeedLimit=0 for an
 * empty field.
 */
public final class FormFields {
    /** Optional number inputs: empty means not sent. */
    public static final List<String> OPTIONAL_NUMBERS =
            Collections.unmodifiableList(Arrays.asList("speedLimit", "syncMode", "maxCritical", "maxHigh",
                    "maxMedium", "maxLow"));

    private FormFields() {
    }

    /**
     * Removes each three-state field that is neither true nor false and each
     * optional number that is blank, so they bind to null. A null form is
     * left alone.
     */
    public static void dropUnset(Map<?, ?> form) {
        if (form == null) {
            return;
        }
        TriState.dropUnset(form);
        for (String field : OPTIONAL_NUMBERS) {
            if (form.containsKey(field)) {
                Object v = form.get(field);
                if (v == null || v.toString().trim().isEmpty() || "null".equals(v.toString().trim())) {
                    form.remove(field);
                }
            }
        }
    }
}
