package com.tencentcloud.tcss;

/**
 * Receives the library's log lines. Lines are already redacted by libtcss:
 * SecretKey, session token, registry password, webhook token and signatures
 * never appear. May be called from any thread that uses the client, including
 * from inside {@link TcssClient#addRegistry}. An exception thrown here is
 * swallowed. Must not close the client it listens to.
 */
@FunctionalInterface
public interface TcssLogListener {
    /** Log severities, as {@code tcss_log_level}. */
    enum Level {
        ERROR, WARN, INFO, DEBUG;

        static Level of(int value) {
            Level[] all = values();
            return value >= 0 && value < all.length ? all[value] : DEBUG;
        }
    }

    /**
     * @param level severity
     * @param line  one line without a trailing newline, already redacted
     */
    void log(Level level, String line);
}
