package io.jenkins.plugins.tcss;

import hudson.model.TaskListener;
import io.jenkins.plugins.tcss.core.AddRegistryRunner;
import io.jenkins.plugins.tcss.core.ConsoleLog;
import io.jenkins.plugins.tcss.core.ProxySettings;
import io.jenkins.plugins.tcss.core.StepFailure;
import io.jenkins.plugins.tcss.core.StepInputs;
import io.jenkins.plugins.tcss.core.StepOutcome;
import io.jenkins.plugins.tcss.core.StepSecrets;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: libtcss_jni loads there, in a uniquely named copy per
 * class loader (the jar's, picked by the agent's own os.name/os.arch, or one
 * on java.library.path through AgentNativeLoader), so agent reconnects and
 * plugin reloads each get their own. Secrets arrive inside the remoting
 * channel, never on a command line, every console line is masked, and the
 * secrets and the proxy password are wiped when the call is over.
 */
final class AgentCallable extends MasterToSlaveCallable<StepOutcome, StepFailure> {
    private static final long serialVersionUID = 1L;

    private final StepInputs inputs;
    private final StepSecrets secrets;
    private final ProxySettings proxy;
    private final TaskListener listener;

    AgentCallable(StepInputs inputs, StepSecrets secrets, ProxySettings proxy, TaskListener listener) {
        this.inputs = inputs;
        this.secrets = secrets;
        this.proxy = proxy;
        this.listener = listener;
    }

    @Override
    public StepOutcome call() throws StepFailure {
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
        return AddRegistryRunner.run(inputs, secrets, proxy, console);
    }
}
