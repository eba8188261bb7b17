package io.jenkins.plugins.tcss.core;

import com.tencentcloud.tcss.AddRegistryResult;
import com.tencentcloud.tcss.ClientOptions;
import com.tencentcloud.tcss.EnsureResult;
import com.tencentcloud.tcss.RegistrySpec;
import com.tencentcloud.tcss.TcssClient;
import com.tencentcloud.tcss.TcssException;
import com.tencentcloud.tcss.TcssLogListener;
import com.tencentcloud.tcss.TcssValues;
import com.tencentcloud.tcss.UpdatePolicy;
import java.util.List;

/**
 * The step's work, on the agent: check the platform, build the client and
 * the spec, call AddAssetImageRegistryRegistryDetail, and turn the answer
 * into a {@link StepOutcome} or a {@link StepFailure}. Every line it prints
 * and every message it raises goes through the secrets' masker.
 * Jenkins-free, so it is tested here against the emulator.
 */
public final class AddRegistryRunner {
    private AddRegistryRunner() {
    }

    /**
     * @param in      the step's inputs (validated again here)
     * @param secrets the resolved credentials; wiped before this returns
     * @param proxy   Jenkins' proxy settings, copied on the controller; its password is wiped before this
     *                returns
     * @param console the build console, masked
     */
    public static StepOutcome run(StepInputs in, StepSecrets secrets, ProxySettings proxy, ConsoleLog console)
            throws StepFailure {
        try {
            List<String> problems = InputMapping.validate(in);
            if (!problems.isEmpty()) {
                throw new StepFailure(console.masker().mask("tcssAddRegistry: " + String.join("; ", problems)),
                        false, "invalid_argument");
            }
            String platformProblem = AgentPlatform.problemHere();
            try {
                AgentNativeLoader.load();
            } catch (UnsatisfiedLinkError e) {
                throw new StepFailure(console.masker().mask(AgentPlatform.loadFailure(System.getProperty("os.name"),
                        System.getProperty("os.arch"), platformProblem, e)), false, "internal");
            }
            TcssLogListener listener = (level, line) -> {
                if (level != TcssLogListener.Level.DEBUG || in.verbose) {
                    console.println(line);
                }
            };
            ClientOptions options = InputMapping.toOptions(in, secrets, proxy, listener);
            try (RegistrySpec spec = InputMapping.toSpec(in, secrets);
                 TcssClient client = new TcssClient(options)) {
                options.close(); // the client holds its own copies now
                StepOutcome outcome;
                if (in.ensure) {
                    UpdatePolicy update = InputMapping.updatePolicy(in);
                    console.println("ensuring \"" + spec.getName() + "\" (" + spec.getRegistryType() + ", "
                            + spec.getUrl() + ") is registered with TCSS (update: " + update.label() + ")");
                    EnsureResult r = client.ensureRegistry(spec, update);
                    outcome = StepOutcome.ofEnsure(spec.getName(), r, in.failOnHealthCheck, console.masker());
                } else {
                    console.println("registering \"" + spec.getName() + "\" (" + spec.getRegistryType() + ", "
                            + spec.getUrl() + ") with TCSS");
                    AddRegistryResult r = client.addRegistry(spec);
                    outcome = StepOutcome.of(spec.getName(), r, in.failOnHealthCheck, console.masker());
                }
                console.println(outcome.summary());
                return outcome;
            } catch (TcssException e) {
                throw failure(in.ensure ? "ensure (DescribeAssetImageRegistryRegistryList/Detail, Add/Update)"
                        : "AddAssetImageRegistryRegistryDetail", e, console.masker());
            } catch (UnsupportedOperationException e) {
                // An agent whose libtcss_jni predates 1.1 (ensure needs it).
                throw new StepFailure(console.masker().mask("tcssAddRegistry: " + e.getMessage()), false, "internal");
            } finally {
                options.close();
            }
        } finally {
            secrets.wipe();
            if (proxy != null) {
                proxy.wipe();
            }
        }
    }

    /** A masked, self-explaining failure for a libtcss error. */
    static StepFailure failure(TcssException e, SecretMasker masker) {
        return failure("AddAssetImageRegistryRegistryDetail", e, masker);
    }

    /** A masked, self-explaining failure for a libtcss error in what (the TCSS actions or job). */
    static StepFailure failure(String what, TcssException e, SecretMasker masker) {
        StringBuilder sb = new StringBuilder("TCSS ").append(what).append(" failed (")
                .append(e.getErrorClass().label()).append("): ").append(e.getMessage());
        if (!e.getServiceCode().isEmpty() && !e.getMessage().contains(e.getServiceCode())) {
            sb.append(" [").append(e.getServiceCode()).append(']');
        }
        if (!e.getRequestId().isEmpty()) {
            sb.append(" RequestId ").append(e.getRequestId());
        }
        String hint = hint(e);
        if (hint != null) {
            sb.append(". ").append(hint);
        }
        return new StepFailure(masker.mask(sb.toString()), false, e.getErrorClass().label());
    }

    static String hint(TcssException e) {
        switch (e.getErrorClass()) {
            case CREDENTIALS:
                return "Check the credential named by credentialsId (username = SecretId, password = SecretKey), "
                        + "or, keyless, idTokenCredentialsId with roleArn and providerId (the STS code above "
                        + "says what STS refused), or the agent's CVM role";
            case AUTH:
                return "Check the credential named by credentialsId (username = SecretId, password = SecretKey)";
            case NETWORK:
            case TIMEOUT:
                return "Check the agent's network and Jenkins' proxy settings (Manage Jenkins > Plugins > Advanced)";
            case TLS:
                return "Check caFile, or the agent's CA store";
            case RATE_LIMITED:
                return "TCSS allows " + TcssValues.DEFAULT_REQUESTS_PER_SECOND
                        + " requests per second per account; lower requestsPerSecond or retry later";
            default:
                return null;
        }
    }
}
