package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.tcss.core.GlobalDefaults;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins > System > Tencent Cloud Container Security: the default API
 * credential, region and endpoint, and whether the step may run on the
 * built-in node. Configuration as Code:
 *
 * <pre>
 * unclassified:
 *   tcss:
 *     credentialsId: tcss-api
 *     region: ap-guangzhou
 *     allowController: false
 * </pre>
 */
@Extension
@Symbol("tcss")
public class TcssGlobalConfiguration extends GlobalConfiguration {
    private String credentialsId;
    private String region;
    private String endpoint;
    private boolean allowController;

    public TcssGlobalConfiguration() {
        load();
    }

    /** The instance, or null outside a running Jenkins. */
    public static TcssGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(TcssGlobalConfiguration.class);
    }

    /** The defaults to apply; none when there is no configuration. */
    static GlobalDefaults defaults() {
        TcssGlobalConfiguration c = Jenkins.getInstanceOrNull() == null ? null : get();
        return c == null ? GlobalDefaults.none()
                : new GlobalDefaults(c.credentialsId, c.region, c.endpoint, c.allowController);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Tencent Cloud Container Security (TCSS)";
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Username with password credential: SecretId / SecretKey, for steps that name none. */
    @DataBoundSetter
    public void setCredentialsId(String v) {
        credentialsId = Util.fixEmptyAndTrim(v);
        save();
    }

    public String getRegion() {
        return region;
    }

    /** X-TC-Region for steps that name none. */
    @DataBoundSetter
    public void setRegion(String v) {
        region = Util.fixEmptyAndTrim(v);
        save();
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** API endpoint for steps that name none (empty: libtcss's default). */
    @DataBoundSetter
    public void setEndpoint(String v) {
        endpoint = Util.fixEmptyAndTrim(v);
        save();
    }

    public boolean isAllowController() {
        return allowController;
    }

    /** Let the step run on the built-in node (it loads native code into the controller's JVM). */
    @DataBoundSetter
    public void setAllowController(boolean v) {
        allowController = v;
        save();
    }

    /**
     * The default API key: Username with password credentials an administrator can pick, from the
     * root, SYSTEM scope left out (a build cannot use a SYSTEM-scoped credential, so picking one
     * would make every step fail).
     */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return TcssForms.credentials(null, credentialsId, List.of(StandardUsernamePasswordCredentials.class));
    }
}
