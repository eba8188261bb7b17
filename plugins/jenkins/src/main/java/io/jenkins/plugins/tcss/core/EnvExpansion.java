package io.jenkins.plugins.tcss.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;

/**
 * ${VAR} in the freestyle builder's text fields, expanded with the build's
 * environment as other build steps do (EnvVars.expand). Every String input is
 * expanded, credentials ids included (a job may pick its credential by a
 * parameter); numbers, booleans and the step's secrets are not touched.
 */
public final class EnvExpansion {
    private EnvExpansion() {
    }

    /** A copy of in with expander applied to every non-null String input. */
    public static StepInputs expand(StepInputs in, UnaryOperator<String> expander) {
        StepInputs out = in.copy();
        for (Field f : StepInputs.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                continue;
            }
            try {
                String v = (String) f.get(out);
                if (v != null) {
                    f.set(out, GlobalDefaults.blankToNull(expander.apply(v)));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("StepInputs." + f.getName() + " is not public", e);
            }
        }
        return out;
    }
}
