package com.tencentcloud.tcss;

import java.util.Arrays;

/**
 * How to make a {@link TcssClient}; mirrors {@code tcss_client_options}.
 * Every field may be left unset (null / 0) to get libtcss's default.
 *
 * <p>Secrets are taken as {@code char[]} and copied; the caller may wipe its
 * own arrays right after the setter returns. {@link #close()} wipes this
 * object's copies; the client made from it keeps its own (native) copy, which
 * {@link TcssClient#close()} wipes.
 *
 * <p>Credentials: when secretId and secretKey are both unset, libtcss looks at
 * the environment (TENCENTCLOUD_SECRET_ID, ..._KEY, ..._SESSION_TOKEN) and
 * then web identity (an OIDC token and a role exchanged at STS), then the
 * profile file ~/.tencentcloud/credentials, then the CVM instance role.
 * Setting only one of the pair is an error.
 */
public final class ClientOptions implements AutoCloseable {
    /** Pass to {@link #requestsPerSecond(int)} to switch the client-side limiter off. */
    public static final int RATE_UNLIMITED = -1;

    String secretId;
    char[] secretKey;
    char[] sessionToken;
    String profile;
    String region;
    String endpoint;
    String caFile;
    String proxy;
    String language;
    long connectTimeoutMillis;
    long timeoutMillis;
    int maxAttempts;
    int requestsPerSecond;
    TcssLogListener logListener;
    TcssLogListener.Level logLevel = TcssLogListener.Level.INFO;
    String stsEndpoint;
    String metadataEndpoint;
    boolean noMetadata;
    String roleArn;
    String providerId;
    char[] webIdentityToken;
    String webIdentityTokenFile;
    String roleSessionName;
    int sessionDurationSeconds;

    /** SecretId; null: the credential chain. */
    public ClientOptions secretId(String value) {
        this.secretId = value;
        return this;
    }

    /** SecretKey (copied); null: the credential chain. */
    public ClientOptions secretKey(char[] value) {
        wipe(this.secretKey);
        this.secretKey = value == null ? null : value.clone();
        return this;
    }

    /** The temporary credential's session token (copied), or null. */
    public ClientOptions sessionToken(char[] value) {
        wipe(this.sessionToken);
        this.sessionToken = value == null ? null : value.clone();
        return this;
    }

    /** Profile name in the credentials file; null: $TENCENTCLOUD_PROFILE, else "default". */
    public ClientOptions profile(String value) {
        this.profile = value;
        return this;
    }

    /** X-TC-Region; null: $TENCENTCLOUD_REGION, else not sent. */
    public ClientOptions region(String value) {
        this.region = value;
        return this;
    }

    /** API endpoint; null: $TCSS_ENDPOINT, else {@value TcssValues#DEFAULT_ENDPOINT}.
     *  http:// is accepted for loopback hosts only. */
    public ClientOptions endpoint(String value) {
        this.endpoint = value;
        return this;
    }

    /** PEM CA bundle for the endpoint; null: the system's store. Verification is always on. */
    public ClientOptions caFile(String value) {
        this.caFile = value;
        return this;
    }

    /** Proxy URL; null: the environment (https_proxy, no_proxy, ...); "": no proxy. */
    public ClientOptions proxy(String value) {
        this.proxy = value;
        return this;
    }

    /** X-TC-Language ("en-US", "zh-CN"); null: not sent. */
    public ClientOptions language(String value) {
        this.language = value;
        return this;
    }

    /** Connect timeout per connection attempt in milliseconds; 0: {@value TcssValues#DEFAULT_CONNECT_TIMEOUT_MS}. */
    public ClientOptions connectTimeoutMillis(long value) {
        this.connectTimeoutMillis = value;
        return this;
    }

    /**
     * Timeout of the whole call in milliseconds: every attempt, backoff and
     * rate-limit wait included; 0: {@value TcssValues#DEFAULT_TIMEOUT_MS}.
     */
    public ClientOptions timeoutMillis(long value) {
        this.timeoutMillis = value;
        return this;
    }

    /** Attempts including the first; 0: {@value TcssValues#DEFAULT_MAX_ATTEMPTS}, at most {@value TcssValues#MAX_ATTEMPTS_LIMIT}. */
    public ClientOptions maxAttempts(int value) {
        this.maxAttempts = value;
        return this;
    }

    /** Client-side pacing; 0: {@value TcssValues#DEFAULT_REQUESTS_PER_SECOND} (the API's limit); {@link #RATE_UNLIMITED}: none. */
    public ClientOptions requestsPerSecond(int value) {
        this.requestsPerSecond = value;
        return this;
    }

    /** Receives redacted log lines up to {@code level}; null: no logging. */
    public ClientOptions logListener(TcssLogListener listener, TcssLogListener.Level level) {
        this.logListener = listener;
        this.logLevel = level == null ? TcssLogListener.Level.INFO : level;
        return this;
    }

    /**
     * STS endpoint for the web identity exchange; null: $TCSS_STS_ENDPOINT, else the
     * official one. The API endpoint's TLS and loopback-only-http rules apply.
     */
    public ClientOptions stsEndpoint(String value) {
        this.stsEndpoint = value;
        return this;
    }

    /** CVM metadata base URL; null: $TCSS_METADATA_ENDPOINT, else http://metadata.tencentyun.com. */
    public ClientOptions metadataEndpoint(String value) {
        this.metadataEndpoint = value;
        return this;
    }

    /** true: never ask the CVM metadata service (also TCSS_NO_METADATA=1). */
    public ClientOptions noMetadata(boolean value) {
        this.noMetadata = value;
        return this;
    }

    /** Web identity role; null: $TENCENTCLOUD_ASSUME_ROLE_ARN, else $TKE_ROLE_ARN. */
    public ClientOptions roleArn(String value) {
        this.roleArn = value;
        return this;
    }

    /** OIDC identity provider id; null: $TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID, $TKE_PROVIDER_ID, else "OIDC". */
    public ClientOptions providerId(String value) {
        this.providerId = value;
        return this;
    }

    /** The OIDC token (a secret, copied; never put in a message), exchanged at STS with {@link #roleArn}. */
    public ClientOptions webIdentityToken(char[] value) {
        wipe(this.webIdentityToken);
        this.webIdentityToken = value == null ? null : value.clone();
        return this;
    }

    /** A file holding the OIDC token, read at every exchange (so a rotated token is picked up). */
    public ClientOptions webIdentityTokenFile(String value) {
        this.webIdentityTokenFile = value;
        return this;
    }

    /** RoleSessionName; null: $TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME, else from the CI job. */
    public ClientOptions roleSessionName(String value) {
        this.roleSessionName = value;
        return this;
    }

    /** Temporary credentials' lifetime, 1..43200 s; 0: $TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION, else 7200. */
    public ClientOptions sessionDurationSeconds(int value) {
        this.sessionDurationSeconds = value;
        return this;
    }

    /** Wipe this object's copies of the SecretKey, session token and web identity token. */
    @Override
    public void close() {
        wipe(secretKey);
        wipe(sessionToken);
        wipe(webIdentityToken);
        secretKey = null;
        sessionToken = null;
        webIdentityToken = null;
    }

    private static void wipe(char[] a) {
        if (a != null) {
            Arrays.fill(a, '\0');
        }
    }

    @Override
    public String toString() {
        return "ClientOptions[secretId=" + secretId + ", secretKey=" + (secretKey == null ? "unset" : "********")
                + ", sessionToken=" + (sessionToken == null ? "unset" : "********") + ", region=" + region
                + ", endpoint=" + Urls.maskUserinfo(endpoint) + ", roleArn=" + roleArn
                + ", webIdentityToken=" + (webIdentityToken == null ? "unset" : "********") + "]";
    }
}
