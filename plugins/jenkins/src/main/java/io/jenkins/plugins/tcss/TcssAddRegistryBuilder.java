package io.jenkins.plugins.tcss;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import io.jenkins.plugins.tcss.core.EnvExpansion;
import io.jenkins.plugins.tcss.core.FormFields;
import io.jenkins.plugins.tcss.core.StepInputs;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Freestyle build step with the inputs of {@code tcssAddRegistry}, which it
 * holds as a {@link TcssAddRegistryStep}: the step is the one holder of the
 * inputs, their setters and help; this form nests the step's
 * ({@code <f:property field="step"/>}). ${VAR} in the fields is expanded with
 * the build's environment. The result goes to the console and the build page;
 * a health-check warning fails the build only with failOnHealthCheck. Its
 * symbol, {@code tcssAddRegistryBuilder}, differs from the Pipeline step's
 * function name, which Pipeline would otherwise prefer.
 */
public class TcssAddRegistryBuilder extends Builder implements SimpleBuildStep {
    /** The inputs. */
    private final TcssAddRegistryStep step;

    /** Where 1.0.0 kept the inputs; XStream fills it from a saved configuration, readResolve moves it. */
    @SuppressFBWarnings(value = "UWF_UNWRITTEN_FIELD", justification = "read from configurations saved by 1.0.0")
    private StepInputs inputs;

    @DataBoundConstructor
    public TcssAddRegistryBuilder(TcssAddRegistryStep step) {
        this.step = step;
    }

    public TcssAddRegistryStep getStep() {
        return step;
    }

    /** A configuration saved by 1.0.0 held the inputs directly. */
    protected Object readResolve() {
        if (step == null && inputs != null) {
            return new TcssAddRegistryBuilder(TcssAddRegistryStep.of(inputs));
        }
        return this;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        // ${VAR} in the fields, expanded with the build's environment as other build steps do.
        TcssJenkins.perform(run, workspace, listener, EnvExpansion.expand(step.inputs(), env::expand));
    }

    @Extension
    @Symbol("tcssAddRegistryBuilder")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> type) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Register an image registry with Tencent Cloud Container Security (TCSS)";
        }

        /** An empty three-state choice or optional number of the nested step form stays null (not sent). */
        @Override
        public Builder newInstance(StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            FormFields.dropUnset(formData.optJSONObject("step"));
            return super.newInstance(req, formData);
        }
    }
}
