package io.jenkins.plugins.tcss;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.ProxyConfiguration;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.ChannelClosedException;
import io.jenkins.plugins.tcss.core.ControllerPolicy;
import io.jenkins.plugins.tcss.core.GlobalDefaults;
import io.jenkins.plugins.tcss.core.InputMapping;
import io.jenkins.plugins.tcss.core.ProxySettings;
import io.jenkins.plugins.tcss.core.ScanInputs;
import io.jenkins.plugins.tcss.core.ScanStepOutcome;
import io.jenkins.plugins.tcss.core.StepFailure;
import io.jenkins.plugins.tcss.core.StepInputs;
import io.jenkins.plugins.tcss.core.StepOutcome;
import io.jenkins.plugins.tcss.core.StepSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.util.BuildListenerAdapter;
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
        StepSecrets secrets = secrets(run, in, true, "tcssAddRegistry");
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

    /**
     * The credentials the inputs name, resolved for this build and copied into a value that can travel to
     * the agent. No credentialsId: keyless (idTokenCredentialsId), or the library's chain on the agent
     * (the CVM role). The registry's username/password only when the step needs them (not for a scan).
     */
    static StepSecrets secrets(Run<?, ?> run, StepInputs in, boolean withRegistry, String step) throws IOException {
        StandardUsernamePasswordCredentials api = in.credentialsId == null ? null
                : usernamePassword(run, in.credentialsId, "credentialsId", step);
        char[] idToken = idToken(run, in.idTokenCredentialsId, step);
        StandardUsernamePasswordCredentials registry = withRegistry
                ? usernamePassword(run, in.registryCredentialsId, "registryCredentialsId", step) : null;
        StringCredentials token = secretText(run, in.sessionTokenCredentialsId, "sessionTokenCredentialsId", step);
        StringCredentials webhook = withRegistry
                ? secretText(run, in.webhookTokenCredentialsId, "webhookTokenCredentialsId", step) : null;

        char[] secretKey = api == null ? null : api.getPassword().getPlainText().toCharArray();
        char[] sessionToken = token == null ? null : token.getSecret().getPlainText().toCharArray();
        char[] registryPassword = registry == null ? null : registry.getPassword().getPlainText().toCharArray();
        char[] webhookToken = webhook == null ? null : webhook.getSecret().getPlainText().toCharArray();
        try {
            return new StepSecrets(api == null ? null : api.getUsername(), secretKey, sessionToken,
                    registry == null ? null : registry.getUsername(), registryPassword, webhookToken, idToken);
        } finally {
            wipe(secretKey, sessionToken, registryPassword, webhookToken, idToken); // StepSecrets holds copies
        }
    }

    /**
     * The controller's half of tcssScan: the built-in node check, the global defaults, validation, the
     * credentials (no registry password: TCSS already holds it), the work on the agent (ScanCallable),
     * then the reports archived as the run's artifacts. The build result is the caller's (the step
     * execution's) to set from {@link ScanStepOutcome#getBuildResult()}.
     */
    static ScanStepOutcome scan(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener,
                                ScanInputs given) throws IOException, InterruptedException {
        GlobalDefaults defaults = TcssGlobalConfiguration.defaults();
        String refusal = ControllerPolicy.refusal(!workspace.isRemote(), defaults.allowController);
        if (refusal != null) {
            throw new AbortException(refusal);
        }
        ScanInputs in = given.copy();
        in.client = defaults.applyTo(given.client);
        if (in.client.idTokenCredentialsId != null && hudson.Util.fixEmptyAndTrim(in.client.roleSessionName) == null) {
            in.client.roleSessionName = InputMapping.roleSessionName("jenkins-" + run.getExternalizableId());
        }
        List<String> problems = in.validate();
        if (!problems.isEmpty()) {
            throw new AbortException("tcssScan: " + String.join("; ", problems));
        }
        StepSecrets secrets = secrets(run, in.client, false, "tcssScan");
        ProxySettings proxy = proxySettings();
        ScanStepOutcome outcome;
        try {
            outcome = workspace.act(new ScanCallable(in, secrets, proxy, listener, workspace.getRemote()));
        } catch (ChannelClosedException e) {
            throw new AbortException("tcssScan: the agent of " + workspace + " went offline before the scan"
                    + " finished (" + e.getMessage() + "); run the step again (a scan still running in TCSS is"
                    + " joined, not started twice)");
        } catch (StepFailure e) {
            throw new AbortException(e.getMessage());
        } finally {
            secrets.wipe();
            proxy.wipe();
        }
        // The reports, as the step's artifacts (junit always; the others asked for).
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (String rel : outcome.getArchive()) {
            artifacts.put(rel, rel);
        }
        if (!artifacts.isEmpty()) {
            run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), artifacts);
            listener.getLogger().println("tcssScan: archived " + String.join(", ", artifacts.keySet()));
        }
        TcssSummaryAction.addTo(run, outcome.summary());
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

    private static StandardUsernamePasswordCredentials usernamePassword(Run<?, ?> run, String id, String field,
                                                                        String step) throws AbortException {
        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById(id,
                StandardUsernamePasswordCredentials.class, run, Collections.emptyList());
        if (c == null) {
            throw new AbortException(step + ": " + field + " '" + id
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
    private static char[] idToken(Run<?, ?> run, String id, String step) throws IOException {
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
        throw new AbortException(step + ": idTokenCredentialsId '" + id
                + "' is not an OpenID Connect id token credential (OIDC Provider plugin) visible to this build");
    }

    private static StringCredentials secretText(Run<?, ?> run, String id, String field, String step)
            throws AbortException {
        if (id == null || id.trim().isEmpty()) {
            return null;
        }
        StringCredentials c = CredentialsProvider.findCredentialById(id, StringCredentials.class, run,
                Collections.emptyList());
        if (c == null) {
            throw new AbortException(step + ": " + field + " '" + id
                    + "' is not a Secret text credential visible to this build");
        }
        CredentialsProvider.track(run, c);
        return c;
    }
}
