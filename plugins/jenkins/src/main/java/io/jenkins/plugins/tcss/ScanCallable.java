package io.jenkins.plugins.tcss;

import hudson.model.TaskListener;
import io.jenkins.plugins.tcss.core.ConsoleLog;
import io.jenkins.plugins.tcss.core.ProxySettings;
import io.jenkins.plugins.tcss.core.ScanInputs;
import io.jenkins.plugins.tcss.core.ScanRunner;
import io.jenkins.plugins.tcss.core.ScanStepOutcome;
import io.jenkins.plugins.tcss.core.StepFailure;
import io.jenkins.plugins.tcss.core.StepSecrets;
import java.nio.file.Paths;
import jenkins.security.MasterToSlaveCallable;

/**
 * tcssScan's work on the agent, as {@link AgentCallable} is tcssAddRegistry's:
 * libtcss_jni loads there, the secrets arrive inside the remoting channel and
 * are wiped after the call, every console line is masked, and the reports are
 * written into the workspace on this agent, where the controller archives them.
 */
final class ScanCallable extends MasterToSlaveCallable<ScanStepOutcome, StepFailure> {
    private static final long serialVersionUID = 1L;

    private final ScanInputs inputs;
    private final StepSecrets secrets;
    private final ProxySettings proxy;
    private final TaskListener listener;
    private final String workspace;

    ScanCallable(ScanInputs inputs, StepSecrets secrets, ProxySettings proxy, TaskListener listener,
                 String workspace) {
        this.inputs = inputs;
        this.secrets = secrets;
        this.proxy = proxy;
        this.listener = listener;
        this.workspace = workspace;
    }

    @Override
    public ScanStepOutcome call() throws StepFailure {
        char[] proxyPassword = proxy.getPassword();
        ConsoleLog console;
        try {
            console = new ConsoleLog(listener.getLogger(), secrets.masker(proxyPassword));
        } finally {
            if (proxyPassword != null) {
                java.util.Arrays.fill(proxyPassword, '\0');
            }
        }
        // Wipes the secrets and the proxy password before it returns.
        return ScanRunner.run(inputs, secrets, proxy, console, Paths.get(workspace));
    }
}
