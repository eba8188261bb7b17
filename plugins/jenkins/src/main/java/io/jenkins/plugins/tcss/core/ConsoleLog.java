package io.jenkins.plugins.tcss.core;

import java.io.PrintStream;

/** The build console, seen only through a {@link SecretMasker}. Thread-safe. */
public final class ConsoleLog {
    /** Prefix of every line the plugin writes. */
    public static final String PREFIX = "[tcss] ";

    private final PrintStream out;
    private final SecretMasker masker;

    public ConsoleLog(PrintStream out, SecretMasker masker) {
        this.out = out;
        this.masker = masker;
    }

    public synchronized void println(String line) {
        out.println(PREFIX + masker.mask(line));
        out.flush();
    }

    public SecretMasker masker() {
        return masker;
    }
}
