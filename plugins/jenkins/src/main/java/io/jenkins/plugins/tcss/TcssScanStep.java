package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.tcss.core.FormFields;
import io.jenkins.plugins.tcss.core.FormHelp;
import io.jenkins.plugins.tcss.core.ScanInputs;
import io.jenkins.plugins.tcss.core.ScanPolicy;
import io.jenkins.plugins.tcss.core.ScanStepOutcome;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Pipeline step {@code tcssScan}: has TCSS scan the image just pushed (libtcss
 * 1.1, {@code tcss scan}) and gates the build on the findings. The JUnit
 * report (and the others asked for) is written into the workspace and archived
 * as the run's artifacts. A failed gate (the CLI's exit 9) sets gateResult, a
 * scan that did not finish (exit 10) incompleteResult: FAILURE (the default)
 * stops the pipeline with the gate's reasons, UNSTABLE marks the build and
 * this step and goes on, SUCCESS only reports. An image or registry not in
 * TCSS (exit 11), bad input and every other error fail the step. Returns a
 * map: outcome, exitCode, passed, buildResult, image, imageId, scanStatus,
 * scanError, summary, reasons, findings, counts, reports. Credentials, the
 * built-in node rule and the agent-side work are tcssAddRegistry's.
 */
public class TcssScanStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ScanInputs inputs = new ScanInputs();

    /**
     * @param name  the registry's Name in TCSS
     * @param image HOST/PATH:TAG[@sha256:DIGEST], the image just pushed
     */
    @DataBoundConstructor
    public TcssScanStep(String name, String image) {
        inputs.name = Util.fixEmptyAndTrim(name);
        inputs.image = Util.fixEmptyAndTrim(image);
    }

    public String getName() {
        return inputs.name;
    }

    public String getImage() {
        return inputs.image;
    }

    public String getCredentialsId() {
        return inputs.client.credentialsId;
    }

    /** TCSS API key: a Username with password credential (SecretId / SecretKey); empty for keyless or the agent's own. */
    @DataBoundSetter
    public void setCredentialsId(String v) {
        inputs.client.credentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getSessionTokenCredentialsId() {
        return inputs.client.sessionTokenCredentialsId;
    }

    /** Secret text credential: the temporary credential's session token. */
    @DataBoundSetter
    public void setSessionTokenCredentialsId(String v) {
        inputs.client.sessionTokenCredentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getIdTokenCredentialsId() {
        return inputs.client.idTokenCredentialsId;
    }

    /** Keyless: an OIDC Provider plugin id token credential, exchanged at STS for roleArn. */
    @DataBoundSetter
    public void setIdTokenCredentialsId(String v) {
        inputs.client.idTokenCredentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getRoleArn() {
        return inputs.client.roleArn;
    }

    /** Keyless: the CAM role the id token assumes. */
    @DataBoundSetter
    public void setRoleArn(String v) {
        inputs.client.roleArn = Util.fixEmptyAndTrim(v);
    }

    public String getProviderId() {
        return inputs.client.providerId;
    }

    /** Keyless: the CAM identity provider's name; blank: OIDC. */
    @DataBoundSetter
    public void setProviderId(String v) {
        inputs.client.providerId = Util.fixEmptyAndTrim(v);
    }

    public String getStsEndpoint() {
        return inputs.client.stsEndpoint;
    }

    /** Keyless: the STS endpoint; blank: the official one. */
    @DataBoundSetter
    public void setStsEndpoint(String v) {
        inputs.client.stsEndpoint = Util.fixEmptyAndTrim(v);
    }

    public String getRoleSessionName() {
        return inputs.client.roleSessionName;
    }

    /** Keyless: RoleSessionName; blank: tcss-jenkins-JOB-NUMBER. */
    @DataBoundSetter
    public void setRoleSessionName(String v) {
        inputs.client.roleSessionName = Util.fixEmptyAndTrim(v);
    }

    public String getRegion() {
        return inputs.client.region;
    }

    /** X-TC-Region. */
    @DataBoundSetter
    public void setRegion(String v) {
        inputs.client.region = Util.fixEmptyAndTrim(v);
    }

    public String getEndpoint() {
        return inputs.client.endpoint;
    }

    /** API endpoint; blank: libtcss's default. */
    @DataBoundSetter
    public void setEndpoint(String v) {
        inputs.client.endpoint = Util.fixEmptyAndTrim(v);
    }

    public String getCaFile() {
        return inputs.client.caFile;
    }

    /** PEM CA bundle on the agent for the endpoint. */
    @DataBoundSetter
    public void setCaFile(String v) {
        inputs.client.caFile = Util.fixEmptyAndTrim(v);
    }

    public String getProxy() {
        return inputs.client.proxy;
    }

    /** Proxy URL overriding Jenkins' proxy settings, or none. */
    @DataBoundSetter
    public void setProxy(String v) {
        inputs.client.proxy = Util.fixEmptyAndTrim(v);
    }

    public String getLanguage() {
        return inputs.client.language;
    }

    /** X-TC-Language: en-US or zh-CN. */
    @DataBoundSetter
    public void setLanguage(String v) {
        inputs.client.language = Util.fixEmptyAndTrim(v);
    }

    public int getConnectTimeoutSeconds() {
        return inputs.client.connectTimeoutSeconds;
    }

    /** Connect timeout per connection (0: libtcss's default). */
    @DataBoundSetter
    public void setConnectTimeoutSeconds(int v) {
        inputs.client.connectTimeoutSeconds = v;
    }

    public int getTimeoutSeconds() {
        return inputs.client.timeoutSeconds;
    }

    /** Timeout of each request and its retries (0: libtcss's default); the scan's wait is waitSeconds. */
    @DataBoundSetter
    public void setTimeoutSeconds(int v) {
        inputs.client.timeoutSeconds = v;
    }

    public int getMaxAttempts() {
        return inputs.client.maxAttempts;
    }

    /** Attempts including the first (0: libtcss's default). */
    @DataBoundSetter
    public void setMaxAttempts(int v) {
        inputs.client.maxAttempts = v;
    }

    public int getRequestsPerSecond() {
        return inputs.client.requestsPerSecond;
    }

    /** Client-side pacing (0: 20; -1: off). */
    @DataBoundSetter
    public void setRequestsPerSecond(int v) {
        inputs.client.requestsPerSecond = v;
    }

    public boolean isVerbose() {
        return inputs.client.verbose;
    }

    /** Print libtcss's redacted request trace. */
    @DataBoundSetter
    public void setVerbose(boolean v) {
        inputs.client.verbose = v;
    }

    public boolean isSync() {
        return inputs.sync;
    }

    /** Sync the registry first and wait for it (within waitSeconds): the image just pushed is then listed. */
    @DataBoundSetter
    public void setSync(boolean v) {
        inputs.sync = v;
    }

    public int getWaitSeconds() {
        return inputs.waitSeconds;
    }

    /** The whole wait (sync, the image appearing, the scan) in seconds; 0: 600. */
    @DataBoundSetter
    public void setWaitSeconds(int v) {
        inputs.waitSeconds = v;
    }

    public String getFailOn() {
        return inputs.failOn;
    }

    /** The lowest severity that fails the gate by itself: critical, high, medium, low or none (blank). */
    @DataBoundSetter
    public void setFailOn(String v) {
        inputs.failOn = Util.fixEmptyAndTrim(v);
    }

    public Integer getMaxCritical() {
        return inputs.maxCritical;
    }

    /** Most critical findings allowed (empty: no limit). */
    @DataBoundSetter
    public void setMaxCritical(Integer v) {
        inputs.maxCritical = v;
    }

    public Integer getMaxHigh() {
        return inputs.maxHigh;
    }

    /** Most high findings allowed (empty: no limit). */
    @DataBoundSetter
    public void setMaxHigh(Integer v) {
        inputs.maxHigh = v;
    }

    public Integer getMaxMedium() {
        return inputs.maxMedium;
    }

    /** Most medium findings allowed (empty: no limit). */
    @DataBoundSetter
    public void setMaxMedium(Integer v) {
        inputs.maxMedium = v;
    }

    public Integer getMaxLow() {
        return inputs.maxLow;
    }

    /** Most low findings allowed (empty: no limit). */
    @DataBoundSetter
    public void setMaxLow(Integer v) {
        inputs.maxLow = v;
    }

    public boolean isOnlyFixed() {
        return inputs.onlyFixed;
    }

    /** Count only findings with a fix. */
    @DataBoundSetter
    public void setOnlyFixed(boolean v) {
        inputs.onlyFixed = v;
    }

    public String getIgnoreFile() {
        return inputs.ignoreFile;
    }

    /** The ignore file, relative to the workspace. */
    @DataBoundSetter
    public void setIgnoreFile(String v) {
        inputs.ignoreFile = Util.fixEmptyAndTrim(v);
    }

    public String getReportDir() {
        return inputs.reportDir;
    }

    /** The reports' folder, relative to the workspace; blank: tcss-reports. */
    @DataBoundSetter
    public void setReportDir(String v) {
        inputs.reportDir = Util.fixEmptyAndTrim(v);
    }

    public String getReports() {
        return inputs.reports;
    }

    /** Reports to write and archive besides junit: gitlab, sarif, json (comma-separated). */
    @DataBoundSetter
    public void setReports(String v) {
        inputs.reports = Util.fixEmptyAndTrim(v);
    }

    public String getGateResult() {
        return inputs.gateResult;
    }

    /** The build result when the gate fails: FAILURE (default), UNSTABLE or SUCCESS. */
    @DataBoundSetter
    public void setGateResult(String v) {
        inputs.gateResult = Util.fixEmptyAndTrim(v);
    }

    public String getIncompleteResult() {
        return inputs.incompleteResult;
    }

    /** The build result when the scan did not finish: FAILURE (default), UNSTABLE or SUCCESS. */
    @DataBoundSetter
    public void setIncompleteResult(String v) {
        inputs.incompleteResult = Util.fixEmptyAndTrim(v);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, inputs);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final ScanInputs inputs;

        Execution(StepContext context, ScanInputs inputs) {
            super(context);
            this.inputs = inputs;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext c = getContext();
            Run<?, ?> run = c.get(Run.class);
            TaskListener listener = c.get(TaskListener.class);
            ScanStepOutcome o = TcssJenkins.scan(run, c.get(FilePath.class), c.get(Launcher.class), listener, inputs);
            switch (o.getBuildResult()) {
                case "FAILURE":
                    // As the error step: the build fails and the pipeline stops, with the gate's reasons.
                    throw new AbortException(o.failureMessage());
                case "UNSTABLE":
                    // As the unstable step: the build and this step are marked, the pipeline goes on.
                    listener.getLogger().println(o.failureMessage());
                    run.setResult(Result.UNSTABLE);
                    FlowNode node = c.get(FlowNode.class);
                    if (node != null) {
                        node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(o.summary()));
                    }
                    break;
                default:
                    break;
            }
            return new LinkedHashMap<>(o.toMap());
        }
    }

    @Extension
    @Symbol("tcssScan")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "tcssScan";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Scan an image with Tencent Cloud Container Security (TCSS) and gate the build";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // FilePath: the work runs on an agent; Launcher: archiving; FlowNode: marking the step UNSTABLE.
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, FlowNode.class);
        }

        /**
         * The help of the inputs tcssScan shares with tcssAddRegistry (credentials, client) is that step's,
         * served by its descriptor, not a copy; the scan's own inputs have their own help files.
         */
        @Override
        public String getHelpFile(String fieldName) {
            String own = super.getHelpFile(fieldName);
            if (own != null || fieldName == null || !ScanInputs.CLIENT_FIELDS.contains(fieldName)) {
                return own;
            }
            return ExtensionList.lookupSingleton(TcssAddRegistryStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return TcssForms.credentials(item, credentialsId, USERNAME_PASSWORD);
        }

        @POST
        public ListBoxModel doFillSessionTokenCredentialsIdItems(@AncestorInPath Item item,
                                                                 @QueryParameter String sessionTokenCredentialsId) {
            return TcssForms.credentials(item, sessionTokenCredentialsId, SECRET_TEXT);
        }

        /** The OIDC Provider plugin's IdTokenStringCredentials is a Secret text, its IdTokenFileCredentials a Secret file. */
        @POST
        public ListBoxModel doFillIdTokenCredentialsIdItems(@AncestorInPath Item item,
                                                            @QueryParameter String idTokenCredentialsId) {
            return TcssForms.credentials(item, idTokenCredentialsId, ID_TOKEN);
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return TcssForms.words(item, ScanInputs.FAIL_ON_LEVELS);
        }

        @POST
        public ListBoxModel doFillGateResultItems(@AncestorInPath Item item) {
            return TcssForms.words(item, ScanPolicy.RESULTS);
        }

        @POST
        public ListBoxModel doFillIncompleteResultItems(@AncestorInPath Item item) {
            return TcssForms.words(item, ScanPolicy.RESULTS);
        }

        /** The Snippet Generator's form: an empty max* stays null (no limit), never 0. */
        @Override
        public Step newInstance(StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            FormFields.dropUnset(formData);
            return super.newInstance(req, formData);
        }

        /** The help line under a form field (config.jelly), from libtcss's values. */
        public String fieldHelp(String field) {
            return FormHelp.forField(field);
        }
    }

    private static final List<Class<? extends StandardCredentials>> USERNAME_PASSWORD =
            List.of(StandardUsernamePasswordCredentials.class);
    private static final List<Class<? extends StandardCredentials>> SECRET_TEXT = List.of(StringCredentials.class);
    private static final List<Class<? extends StandardCredentials>> ID_TOKEN =
            List.of(StringCredentials.class, FileCredentials.class);
}
