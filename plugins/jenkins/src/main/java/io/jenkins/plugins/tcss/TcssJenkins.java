package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.ProxyConfiguration;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.ChannelClosedException;
import io.jenkins.plugins.tcss.core.ControllerPolicy;
import io.jenkins.plugins.tcss.core.GlobalDefaults;
import io.jenkins.plugins.tcss.core.InputMapping;
import io.jenkins.plugins.tcss.core.ProxySettings;
import io.jenkins.plugins.tcss.core.StepFailure;
import io.jenkins.plugins.tcss.core.StepInputs;
import io.jenkins.plugins.tcss.core.StepOutcome;
import io.jenkins.plugins.tcss.core.StepSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The controller's half of the step, shared by the pipeline step and the
 * freestyle build step: validate, resolve credentials, copy Jenkins' proxy
 * settings, refuse the built-in node unless allowed, apply the global
 * defaults, run {@link AgentCallable} on the agent that owns the workspace,
 * then record the summary and apply the health-check policy. Thin on
 * purpose: the logic is in the Jenkins-free io.jenkins.plugins.tcss.core.
 */
final class TcssJenkins {
    private TcssJenkins() {
    }

    static StepOutcome perform(Run<?, ?> run, FilePath workspace, TaskListener listener, StepInputs given)
            throws IOException, InterruptedException {
        GlobalDefaults defaults = TcssGlobalConfiguration.defaults();
        // A local workspace is the built-in node: the native library would load into the controller.
        String refusal = ControllerPolicy.refusal(!workspace.isRemote(), defaults.allowController);
        if (refusal != null) {
            throw new AbortException(refusal);
        }
        StepInputs in = defaults.applyTo(given);
        if (in.idTokenCredentialsId != null && hudson.Util.fixEmptyAndTrim(in.roleSessionName) == null) {
            // CloudAudit shows which build assumed the role (BUILD_TAG's parts: job and number).
            in.roleSessionName = InputMapping.roleSessionName("jenkins-" + run.getExternalizableId());
        }
        List<String> problems = InputMapping.validate(in);
        if (!problems.isEmpty()) {
            throw new AbortException("tcssAddRegistry: " + String.join("; ", problems));
        }
        // No credentialsId: keyless (idTokenCredentialsId), or the library's chain on the agent (CVM role).
        StandardUsernamePasswordCredentials api = in.credentialsId == null ? null
                : usernamePassword(run, in.credentialsId, "credentialsId");
        char[] idToken = idToken(run, in.idTokenCredentialsId);
        StandardUsernamePasswordCredentials registry =
                usernamePassword(run, in.registryCredentialsId, "registryCredentialsId");
        StringCredentials token = secretText(run, in.sessionTokenCredentialsId, "sessionTokenCredentialsId");
        StringCredentials webhook = secretText(run, in.webhookTokenCredentialsId, "webhookTokenCredentialsId");

        char[] secretKey = api == null ? null : api.getPassword().getPlainText().toCharArray();
        char[] sessionToken = token == null ? null : token.getSecret().getPlainText().toCharArray();
        char[] registryPassword = registry.getPassword().getPlainText().toCharArray();
        char[] webhookToken = webhook == null ? null : webhook.getSecret().getPlainText().toCharArray();
        StepSecrets secrets;
        try {
            secrets = new StepSecrets(api == null ? null : api.getUsername(), secretKey, sessionToken,
                    registry.getUsername(), registryPassword, webhookToken, idToken);
        } finally {
            wipe(secretKey, sessionToken, registryPassword, webhookToken, idToken); // StepSecrets holds copies
        }
        ProxySettings proxy = proxySettings();
        StepOutcome outcome;
        try {
            // The work, and so the native library, runs on the agent, chosen for its own OS/arch.
            outcome = workspace.act(new AgentCallable(in, secrets, proxy, listener));
        } catch (ChannelClosedException e) {
            // An agent that went offline: FilePath's channel is never null, its calls fail like this.
            throw new AbortException("tcssAddRegistry: the agent of " + workspace + " went offline before the"
                    + " step finished (" + e.getMessage() + "); TCSS may or may not have registered the"
                    + " registry: run the step again, it reports an existing registry as alreadyExisted");
        } catch (StepFailure e) {
            throw new AbortException(e.getMessage());
        } finally {
            secrets.wipe();
            proxy.wipe();
        }
        TcssSummaryAction.addTo(run, outcome.summary());
        StepFailure policy = outcome.failure();
        if (policy != null) {
            throw new AbortException(policy.getMessage());
        }
        return outcome;
    }

    /** Jenkins' proxy settings, copied into a value that can travel to the agent. */
    static ProxySettings proxySettings() {
        Jenkins j = Jenkins.getInstanceOrNull();
        ProxyConfiguration pc = j == null ? null : j.getProxy();
        if (pc == null) {
            return ProxySettings.none();
        }
        char[] password = pc.getSecretPassword() == null ? null : pc.getSecretPassword().getPlainText().toCharArray();
        try {
            return new ProxySettings(pc.getName(), pc.getPort(), pc.getUserName(), password, pc.getNoProxyHost());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0'); // ProxySettings holds its own copy, wiped after the call
            }
        }
    }

    private static void wipe(char[]... arrays) {
        for (char[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, '\0');
            }
        }
    }

    private static StandardUsernamePasswordCredentials usernamePassword(Run<?, ?> run, String id, String field)
            throws AbortException {
        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById(id,
                StandardUsernamePasswordCredentials.class, run, Collections.emptyList());
        if (c == null) {
            throw new AbortException("tcssAddRegistry: " + field + " '" + id
                    + "' is not a Username with password credential visible to this build");
        }
        CredentialsProvider.track(run, c);
        return c;
    }

    /**
     * The id token of an OIDC Provider plugin credential, minted for this build: findCredentialById
     * binds the credential to the run (Credentials.forRun), so the token's claims name this build.
     * IdTokenStringCredentials is a StringCredentials, IdTokenFileCredentials a FileCredentials;
     * matched by those interfaces, so this plugin does not depend on the OIDC Provider plugin.
     */
    private static char[] idToken(Run<?, ?> run, String id) throws IOException {
        if (id == null || id.trim().isEmpty()) {
            return null;
        }
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run,
                Collections.emptyList());
        if (c instanceof StringCredentials) {
            CredentialsProvider.track(run, c);
            return ((StringCredentials) c).getSecret().getPlainText().trim().toCharArray();
        }
        if (c instanceof FileCredentials) {
            CredentialsProvider.track(run, c);
            try (InputStream in = ((FileCredentials) c).getContent()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().toCharArray();
            }
        }
        throw new AbortException("tcssAddRegistry: idTokenCredentialsId '" + id
                + "' is not an OpenID Connect id token credential (OIDC Provider plugin) visible to this build");
    }

    private static StringCredentials secretText(Run<?, ?> run, String id, String field) throws AbortException {
        if (id == null || id.trim().isEmpty()) {
            return null;
        }
        StringCredentials c = CredentialsProvider.findCredentialById(id, StringCredentials.class, run,
                Collections.emptyList());
        if (c == null) {
            throw new AbortException("tcssAddRegistry: " + field + " '" + id
                    + "' is not a Secret text credential visible to this build");
        }
        CredentialsProvider.track(run, c);
        return c;
    }
}
