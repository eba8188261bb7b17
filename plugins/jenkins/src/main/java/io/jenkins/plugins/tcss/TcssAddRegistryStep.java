package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.tcss.core.FormHelp;
import io.jenkins.plugins.tcss.core.FormFields;
import io.jenkins.plugins.tcss.core.StepInputs;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
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
 * Pipeline step {@code tcssAddRegistry}: registers an image registry with
 * Tencent Cloud Container Security Service and returns a map with registryId,
 * requestId, alreadyExisted and healthCheckErr. Runs on the node of the
 * enclosing {@code node} block; refused on the built-in node unless the global
 * configuration allows it.
 *
 * <p>This class is the one holder of the inputs' data binding: the freestyle
 * {@link TcssAddRegistryBuilder} keeps an instance of it (its form nests this
 * one, and this descriptor's help files serve both).
 */
public class TcssAddRegistryStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StepInputs inputs = new StepInputs();

    @DataBoundConstructor
    public TcssAddRegistryStep(String name, String url, String registryType, String credentialsId, String registryCredentialsId) {
        inputs.name = Util.fixEmptyAndTrim(name);
        inputs.url = Util.fixEmptyAndTrim(url);
        inputs.registryType = Util.fixEmptyAndTrim(registryType);
        inputs.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        inputs.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
    }

    /** A step holding a copy of inputs (a freestyle configuration saved by 1.0.0). */
    static TcssAddRegistryStep of(StepInputs in) {
        TcssAddRegistryStep s = new TcssAddRegistryStep(in.name, in.url, in.registryType, in.credentialsId,
                in.registryCredentialsId);
        in.copyTo(s.inputs);
        return s;
    }

    /** The inputs as bound (the builder expands ${VAR} in a copy). */
    StepInputs inputs() {
        return inputs;
    }

    public String getName() {
        return inputs.name;
    }

    public String getUrl() {
        return inputs.url;
    }

    public String getRegistryType() {
        return inputs.registryType;
    }

    public String getCredentialsId() {
        return inputs.credentialsId;
    }

    public String getRegistryCredentialsId() {
        return inputs.registryCredentialsId;
    }

    public String getSessionTokenCredentialsId() {
        return inputs.sessionTokenCredentialsId;
    }

    /** Secret text credential: the temporary credential's session token. */
    @DataBoundSetter
    public void setSessionTokenCredentialsId(String v) {
        inputs.sessionTokenCredentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getWebhookTokenCredentialsId() {
        return inputs.webhookTokenCredentialsId;
    }

    /** Secret text credential: WebhookToken. */
    @DataBoundSetter
    public void setWebhookTokenCredentialsId(String v) {
        inputs.webhookTokenCredentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getIdTokenCredentialsId() {
        return inputs.idTokenCredentialsId;
    }

    /**
     * Keyless: an id token credential of the OIDC Provider plugin
     * (IdTokenStringCredentials or IdTokenFileCredentials), exchanged at STS for roleArn.
     */
    @DataBoundSetter
    public void setIdTokenCredentialsId(String v) {
        inputs.idTokenCredentialsId = Util.fixEmptyAndTrim(v);
    }

    public String getRoleArn() {
        return inputs.roleArn;
    }

    /** Keyless: the CAM role the id token assumes. */
    @DataBoundSetter
    public void setRoleArn(String v) {
        inputs.roleArn = Util.fixEmptyAndTrim(v);
    }

    public String getProviderId() {
        return inputs.providerId;
    }

    /** Keyless: the CAM identity provider's name; blank: "OIDC". */
    @DataBoundSetter
    public void setProviderId(String v) {
        inputs.providerId = Util.fixEmptyAndTrim(v);
    }

    public String getStsEndpoint() {
        return inputs.stsEndpoint;
    }

    /** Keyless: the STS endpoint; blank: the official one. */
    @DataBoundSetter
    public void setStsEndpoint(String v) {
        inputs.stsEndpoint = Util.fixEmptyAndTrim(v);
    }

    public String getRoleSessionName() {
        return inputs.roleSessionName;
    }

    /** Keyless: RoleSessionName; blank: the library's default. */
    @DataBoundSetter
    public void setRoleSessionName(String v) {
        inputs.roleSessionName = Util.fixEmptyAndTrim(v);
    }

    public String getNetType() {
        return inputs.netType;
    }

    /** NetType (default public). */
    @DataBoundSetter
    public void setNetType(String v) {
        inputs.netType = Util.fixEmptyAndTrim(v);
    }

    public String getRegistryVersion() {
        return inputs.registryVersion;
    }

    /** RegistryVersion, e.g. V2. */
    @DataBoundSetter
    public void setRegistryVersion(String v) {
        inputs.registryVersion = Util.fixEmptyAndTrim(v);
    }

    public String getRegistryRegion() {
        return inputs.registryRegion;
    }

    /** RegistryRegion (the service's default: default). */
    @DataBoundSetter
    public void setRegistryRegion(String v) {
        inputs.registryRegion = Util.fixEmptyAndTrim(v);
    }

    public Integer getSpeedLimit() {
        return inputs.speedLimit;
    }

    /** SpeedLimit, >= 0 (null: not sent; an Integer so that an empty form field binds to null, not 0). */
    @DataBoundSetter
    public void setSpeedLimit(Integer v) {
        inputs.speedLimit = v;
    }

    public Boolean getInsecure() {
        return inputs.insecure;
    }

    /** Insecure: TCSS skips the registry's certificate check (null: not sent). */
    @DataBoundSetter
    public void setInsecure(Boolean v) {
        inputs.insecure = v;
    }

    public String getConnDetect() {
        return inputs.connDetect;
    }

    /** ConnDetectConfig: QUUID:UUID, one a line. */
    @DataBoundSetter
    public void setConnDetect(String v) {
        inputs.connDetect = Util.fixEmptyAndTrim(v);
    }

    public Boolean getNeedScan() {
        return inputs.needScan;
    }

    /** NeedScan (null: not sent). */
    @DataBoundSetter
    public void setNeedScan(Boolean v) {
        inputs.needScan = v;
    }

    public Integer getSyncMode() {
        return inputs.syncMode;
    }

    /** SyncMode: 0 full, 1 incremental. */
    @DataBoundSetter
    public void setSyncMode(Integer v) {
        inputs.syncMode = v;
    }

    public String getWebhookUrl() {
        return inputs.webhookUrl;
    }

    /** WebhookUrl. */
    @DataBoundSetter
    public void setWebhookUrl(String v) {
        inputs.webhookUrl = Util.fixEmptyAndTrim(v);
    }

    public String getInstanceId() {
        return inputs.instanceId;
    }

    /** InstanceId (TCR instance). */
    @DataBoundSetter
    public void setInstanceId(String v) {
        inputs.instanceId = Util.fixEmptyAndTrim(v);
    }

    public String getRegion() {
        return inputs.region;
    }

    /** X-TC-Region. */
    @DataBoundSetter
    public void setRegion(String v) {
        inputs.region = Util.fixEmptyAndTrim(v);
    }

    public String getEndpoint() {
        return inputs.endpoint;
    }

    /** API endpoint (empty: libtcss's default, {@link com.tencentcloud.tcss.TcssValues#DEFAULT_ENDPOINT}). */
    @DataBoundSetter
    public void setEndpoint(String v) {
        inputs.endpoint = Util.fixEmptyAndTrim(v);
    }

    public String getCaFile() {
        return inputs.caFile;
    }

    /** PEM CA bundle on the agent for the endpoint. */
    @DataBoundSetter
    public void setCaFile(String v) {
        inputs.caFile = Util.fixEmptyAndTrim(v);
    }

    public String getProxy() {
        return inputs.proxy;
    }

    /** proxy URL overriding Jenkins' proxy settings, or none. */
    @DataBoundSetter
    public void setProxy(String v) {
        inputs.proxy = Util.fixEmptyAndTrim(v);
    }

    public String getLanguage() {
        return inputs.language;
    }

    /** X-TC-Language: en-US or zh-CN. */
    @DataBoundSetter
    public void setLanguage(String v) {
        inputs.language = Util.fixEmptyAndTrim(v);
    }

    public int getConnectTimeoutSeconds() {
        return inputs.connectTimeoutSeconds;
    }

    /** connect timeout per connection (0: libtcss's default, see FormHelp). */
    @DataBoundSetter
    public void setConnectTimeoutSeconds(int v) {
        inputs.connectTimeoutSeconds = v;
    }

    public int getTimeoutSeconds() {
        return inputs.timeoutSeconds;
    }

    /** timeout of the whole call, every attempt and wait included (0: libtcss's default, see FormHelp). */
    @DataBoundSetter
    public void setTimeoutSeconds(int v) {
        inputs.timeoutSeconds = v;
    }

    public int getMaxAttempts() {
        return inputs.maxAttempts;
    }

    /** attempts including the first (0: libtcss's default, see FormHelp). */
    @DataBoundSetter
    public void setMaxAttempts(int v) {
        inputs.maxAttempts = v;
    }

    public int getRequestsPerSecond() {
        return inputs.requestsPerSecond;
    }

    /** client-side pacing (0: 20; -1: off). */
    @DataBoundSetter
    public void setRequestsPerSecond(int v) {
        inputs.requestsPerSecond = v;
    }

    public boolean isVerbose() {
        return inputs.verbose;
    }

    /** print libtcss's redacted request trace. */
    @DataBoundSetter
    public void setVerbose(boolean v) {
        inputs.verbose = v;
    }

    public boolean isFailOnHealthCheck() {
        return inputs.failOnHealthCheck;
    }

    /** fail the build when the registry was added but TCSS could not reach it. */
    @DataBoundSetter
    public void setFailOnHealthCheck(boolean v) {
        inputs.failOnHealthCheck = v;
    }

    public boolean isEnsure() {
        return inputs.ensure;
    }

    /**
     * Ensure instead of add (libtcss 1.1): find the registry by name; absent, add it; present, update it in
     * place (the same RegistryId) as {@link #setUpdate} says. The result map gains action, changed, reason.
     */
    @DataBoundSetter
    public void setEnsure(boolean v) {
        inputs.ensure = v;
    }

    public String getUpdate() {
        return inputs.update;
    }

    /** With ensure: auto (the default), always or never. */
    @DataBoundSetter
    public void setUpdate(String v) {
        inputs.update = Util.fixEmptyAndTrim(v);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, inputs);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final StepInputs inputs;

        Execution(StepContext context, StepInputs inputs) {
            super(context);
            this.inputs = inputs;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext c = getContext();
            return new LinkedHashMap<>(TcssJenkins.perform(c.get(Run.class), c.get(FilePath.class),
                    c.get(TaskListener.class), inputs).toMap());
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "tcssAddRegistry";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Register an image registry with Tencent Cloud Container Security (TCSS)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // FilePath: the work runs on an agent, never on the controller.
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return TcssForms.credentials(item, credentialsId, USERNAME_PASSWORD);
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
                                                             @QueryParameter String registryCredentialsId) {
            return TcssForms.credentials(item, registryCredentialsId, USERNAME_PASSWORD);
        }

        @POST
        public ListBoxModel doFillSessionTokenCredentialsIdItems(@AncestorInPath Item item,
                                                                 @QueryParameter String sessionTokenCredentialsId) {
            return TcssForms.credentials(item, sessionTokenCredentialsId, SECRET_TEXT);
        }

        @POST
        public ListBoxModel doFillWebhookTokenCredentialsIdItems(@AncestorInPath Item item,
                                                                 @QueryParameter String webhookTokenCredentialsId) {
            return TcssForms.credentials(item, webhookTokenCredentialsId, SECRET_TEXT);
        }

        /** The OIDC Provider plugin's IdTokenStringCredentials is a Secret text, its IdTokenFileCredentials a Secret file. */
        @POST
        public ListBoxModel doFillIdTokenCredentialsIdItems(@AncestorInPath Item item,
                                                            @QueryParameter String idTokenCredentialsId) {
            return TcssForms.credentials(item, idTokenCredentialsId, ID_TOKEN);
        }

        @POST
        public ListBoxModel doFillInsecureItems(@AncestorInPath Item item) {
            return TcssForms.triState(item);
        }

        @POST
        public ListBoxModel doFillNeedScanItems(@AncestorInPath Item item) {
            return TcssForms.triState(item);
        }

        @POST
        public ListBoxModel doFillRegistryTypeItems(@AncestorInPath Item item) {
            return TcssForms.registryTypes(item);
        }

        /** ensure's update policies (auto, always, never), from the binding's UpdatePolicy. */
        @POST
        public ListBoxModel doFillUpdateItems(@AncestorInPath Item item) {
            return TcssForms.updatePolicies(item);
        }

        /**
         * The Snippet Generator's form: an empty three-state choice or optional number stays null (not sent).
         */
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
