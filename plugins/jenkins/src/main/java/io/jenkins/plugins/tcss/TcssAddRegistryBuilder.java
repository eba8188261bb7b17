package io.jenkins.plugins.tcss;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.tcss.core.EnvExpansion;
import io.jenkins.plugins.tcss.core.FormHelp;
import io.jenkins.plugins.tcss.core.StepInputs;
import io.jenkins.plugins.tcss.core.TriState;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest;

/**
 * Freestyle build step with the same inputs as {@code tcssAddRegistry}
 * ({@code tcssAddRegistry} in Job DSL too, by its symbol). ${VAR} in its
 * fields is expanded with the build's environment. The result goes to the
 * console and the build page; a health-check warning fails the build only
 * with failOnHealthCheck.
 */
public class TcssAddRegistryBuilder extends Builder implements SimpleBuildStep {
    private final StepInputs inputs = new StepInputs();

    @DataBoundConstructor
    public TcssAddRegistryBuilder(String name, String url, String registryType, String credentialsId, String registryCredentialsId) {
        inputs.name = Util.fixEmptyAndTrim(name);
        inputs.url = Util.fixEmptyAndTrim(url);
        inputs.registryType = Util.fixEmptyAndTrim(registryType);
        inputs.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        inputs.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
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

    /** SpeedLimit, >= 0. */
    @DataBoundSetter
    public void setSpeedLimit(Integer v) {
        inputs.speedLimit = v;
    }

    public Boolean getInsecure() {
        return inputs.insecure;
    }

    /** Insecure: TCSS skips the registry's certificate check. */
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

    /** NeedScan. */
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

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        // ${VAR} in the fields, expanded with the build's environment as other build steps do.
        TcssJenkins.perform(run, workspace, listener, EnvExpansion.expand(inputs, env::expand));
    }

    @Extension
    @Symbol("tcssAddRegistry")
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

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return TcssAddRegistryStep.credentialItems(item, credentialsId);
        }

        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
                                                             @QueryParameter String registryCredentialsId) {
            return TcssAddRegistryStep.credentialItems(item, registryCredentialsId);
        }

        public ListBoxModel doFillSessionTokenCredentialsIdItems(@AncestorInPath Item item,
                                                                 @QueryParameter String sessionTokenCredentialsId) {
            return TcssAddRegistryStep.secretTextItems(item, sessionTokenCredentialsId);
        }

        public ListBoxModel doFillWebhookTokenCredentialsIdItems(@AncestorInPath Item item,
                                                                 @QueryParameter String webhookTokenCredentialsId) {
            return TcssAddRegistryStep.secretTextItems(item, webhookTokenCredentialsId);
        }

        public ListBoxModel doFillIdTokenCredentialsIdItems(@AncestorInPath Item item,
                                                            @QueryParameter String idTokenCredentialsId) {
            return TcssAddRegistryStep.idTokenItems(item, idTokenCredentialsId);
        }

        public ListBoxModel doFillInsecureItems() {
            return TcssAddRegistryStep.triStateItems();
        }

        public ListBoxModel doFillNeedScanItems() {
            return TcssAddRegistryStep.triStateItems();
        }

        /** An empty three-state choice stays null (not sent) instead of becoming false. */
        @Override
        public Builder newInstance(StaplerRequest req, JSONObject formData) throws FormException {
            TriState.dropUnset(formData);
            return super.newInstance(req, formData);
        }

        /** The help line under a form field (config.jelly), from libtcss's values. */
        public String fieldHelp(String field) {
            return FormHelp.forField(field);
        }

        public ListBoxModel doFillRegistryTypeItems() {
            return TcssAddRegistryStep.registryTypes();
        }
    }
}
