package com.tencentcloud.tcss;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A libtcss client ({@code tcss_client}). Thread-safe: many threads may call
 * {@link #addRegistry} at once; they share one connection pool and one rate
 * limiter. {@link #close()} is idempotent, waits for calls in progress on
 * other threads, and afterwards every call throws {@link IllegalStateException}
 * rather than touching freed memory. A client that is never closed is freed
 * when it becomes unreachable, but close it: that is when its secrets are
 * wiped.
 */
public final class TcssClient implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Owns the native handle; also the Cleaner's action, so it must not refer to the client. */
    private static final class Handle implements Runnable {
        private long value;

        Handle(long value) {
            this.value = value;
        }

        @Override
        public synchronized void run() {
            long h = value;
            value = 0;
            if (h != 0) {
                TcssNative.clientFree(h);
            }
        }
    }

    /** Called by the glue with each log line; decodes it and shields the glue from the listener. */
    static final class LogBridge {
        private final TcssLogListener listener;

        LogBridge(TcssLogListener listener) {
            this.listener = listener;
        }

        void log(int level, byte[] line) {
            try {
                listener.log(TcssLogListener.Level.of(level), Utf8.decode(line));
            } catch (Throwable ignored) {
                // A broken listener must not turn a call into a failure or unwind through C.
            }
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Handle handle;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /**
     * Create a client: credentials are resolved and the endpoint validated
     * now; nothing is sent.
     *
     * @param options the options; null means all defaults
     * @throws TcssException INVALID_ARGUMENT, CREDENTIALS or OUT_OF_MEMORY
     * @throws UnsatisfiedLinkError when the native library cannot be loaded (the message says what to do)
     */
    public TcssClient(ClientOptions options) throws TcssException {
        TcssNative.load();
        ClientOptions o = options == null ? new ClientOptions() : options;
        byte[][] s = new byte[TcssNative.OPT_COUNT][];
        try {
            s[TcssNative.OPT_SECRET_ID] = Utf8.encode(o.secretId, "secretId");
            s[TcssNative.OPT_SECRET_KEY] = Utf8.encode(o.secretKey, "secretKey");
            s[TcssNative.OPT_SESSION_TOKEN] = Utf8.encode(o.sessionToken, "sessionToken");
            s[TcssNative.OPT_PROFILE] = Utf8.encode(o.profile, "profile");
            s[TcssNative.OPT_REGION] = Utf8.encode(o.region, "region");
            s[TcssNative.OPT_ENDPOINT] = Utf8.encode(o.endpoint, "endpoint");
            s[TcssNative.OPT_CA_FILE] = Utf8.encode(o.caFile, "caFile");
            s[TcssNative.OPT_PROXY] = Utf8.encode(o.proxy, "proxy");
            s[TcssNative.OPT_LANGUAGE] = Utf8.encode(o.language, "language");
            s[TcssNative.OPT_STS_ENDPOINT] = Utf8.encode(o.stsEndpoint, "stsEndpoint");
            s[TcssNative.OPT_METADATA_ENDPOINT] = Utf8.encode(o.metadataEndpoint, "metadataEndpoint");
            s[TcssNative.OPT_ROLE_ARN] = Utf8.encode(o.roleArn, "roleArn");
            s[TcssNative.OPT_PROVIDER_ID] = Utf8.encode(o.providerId, "providerId");
            s[TcssNative.OPT_WEB_IDENTITY_TOKEN] = Utf8.encode(o.webIdentityToken, "webIdentityToken");
            s[TcssNative.OPT_WEB_IDENTITY_TOKEN_FILE] = Utf8.encode(o.webIdentityTokenFile, "webIdentityTokenFile");
            s[TcssNative.OPT_ROLE_SESSION_NAME] = Utf8.encode(o.roleSessionName, "roleSessionName");
            if (o.connectTimeoutMillis < 0 || o.timeoutMillis < 0 || o.maxAttempts < 0 || o.sessionDurationSeconds < 0) {
                throw TcssException.invalidArgument("timeouts, maxAttempts and sessionDurationSeconds must not be negative");
            }
            long[] n = new long[TcssNative.NUM_COUNT];
            n[TcssNative.NUM_CONNECT_TIMEOUT] = o.connectTimeoutMillis;
            n[TcssNative.NUM_TIMEOUT] = o.timeoutMillis;
            n[TcssNative.NUM_MAX_ATTEMPTS] = o.maxAttempts;
            n[TcssNative.NUM_RPS] = o.requestsPerSecond;
            n[TcssNative.NUM_LOG_LEVEL] = o.logLevel.ordinal();
            n[TcssNative.NUM_NO_METADATA] = o.noMetadata ? 1 : 0;
            n[TcssNative.NUM_SESSION_DURATION] = o.sessionDurationSeconds;
            LogBridge bridge = o.logListener == null ? null : new LogBridge(o.logListener);
            long[] out = new long[1];
            byte[][] es = new byte[TcssNative.ERR_STR_COUNT][];
            long[] en = new long[TcssNative.ERR_NUM_COUNT];
            int rc = TcssNative.clientNew(s, n, bridge, out, es, en);
            if (rc != 0) {
                throw error(rc, es, en);
            }
            handle = new Handle(out[0]);
            cleanable = CLEANER.register(this, handle);
        } finally {
            Utf8.wipe(s);
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Register an image registry with TCSS (AddAssetImageRegistryRegistryDetail).
     * Idempotent: when the name exists already the call succeeds with that
     * registry's id and {@link AddRegistryResult#isAlreadyExisted()}.
     *
     * @throws TcssException          the call failed; see its error class
     * @throws IllegalStateException  the client is closed
     */
    public AddRegistryResult addRegistry(RegistrySpec spec) throws TcssException {
        if (spec == null) {
            throw TcssException.invalidArgument("spec: must not be null");
        }
        byte[][] s = new byte[TcssNative.SPEC_COUNT][];
        byte[][] cd = null;
        try {
            long[] n = encodeSpec(spec, s);
            cd = encodeConnDetect(spec.connDetect);
            byte[][] os = new byte[TcssNative.RES_STR_COUNT][];
            long[] on = new long[TcssNative.RES_NUM_COUNT];
            byte[][] es = new byte[TcssNative.ERR_STR_COUNT][];
            long[] en = new long[TcssNative.ERR_NUM_COUNT];
            int rc;
            lock.readLock().lock();
            try {
                rc = TcssNative.addRegistry(liveHandle(), s, n, cd, os, on, es, en);
            } finally {
                lock.readLock().unlock();
                // Keep this client (and so its Cleaner) alive until the native call has returned.
                java.lang.ref.Reference.reachabilityFence(this);
            }
            if (rc != 0) {
                throw error(rc, es, en);
            }
            return new AddRegistryResult(on[TcssNative.RES_REGISTRY_ID], Utf8.decode(os[TcssNative.RES_REQUEST_ID]),
                    Utf8.decode(os[TcssNative.RES_HEALTH]), Utf8.decode(os[TcssNative.RES_NAME_REPEAT]),
                    on[TcssNative.RES_ALREADY_EXISTED] != 0, (int) on[TcssNative.RES_ATTEMPTS]);
        } finally {
            Utf8.wipe(s);
        }
    }

    /**
     * The exact HTTP request {@link #addRegistry} would send now, with the
     * password, webhook token, session token and signature masked. Sends nothing.
     */
    public String previewAddRegistry(RegistrySpec spec) throws TcssException {
        if (spec == null) {
            throw TcssException.invalidArgument("spec: must not be null");
        }
        byte[][] s = new byte[TcssNative.SPEC_COUNT][];
        try {
            long[] n = encodeSpec(spec, s);
            byte[][] cd = encodeConnDetect(spec.connDetect);
            byte[][] out = new byte[1][];
            byte[][] es = new byte[TcssNative.ERR_STR_COUNT][];
            long[] en = new long[TcssNative.ERR_NUM_COUNT];
            int rc;
            lock.readLock().lock();
            try {
                rc = TcssNative.addRegistryPreview(liveHandle(), s, n, cd, out, es, en);
            } finally {
                lock.readLock().unlock();
                // Keep this client (and so its Cleaner) alive until the native call has returned.
                java.lang.ref.Reference.reachabilityFence(this);
            }
            if (rc != 0) {
                throw error(rc, es, en);
            }
            return Utf8.decode(out[0]);
        } finally {
            Utf8.wipe(s);
        }
    }

    // ---- libtcss 1.1: the recurring job ----

    /** One native 1.1 call under the read lock; the glue fills outJson[0] and the error arrays. */
    private interface JobCall {
        int run(long handle, byte[][] outJson, byte[][] es, long[] en);
    }

    private String job(String function, JobCall call) throws TcssException {
        TcssNative.requireJobs(function);
        byte[][] out = new byte[1][];
        byte[][] es = new byte[TcssNative.ERR_STR_COUNT][];
        long[] en = new long[TcssNative.ERR_NUM_COUNT];
        int rc;
        lock.readLock().lock();
        try {
            rc = call.run(liveHandle(), out, es, en);
        } finally {
            lock.readLock().unlock();
            java.lang.ref.Reference.reachabilityFence(this);
        }
        if (rc != 0) {
            throw error(rc, es, en);
        }
        return Utf8.decode(out[0]);
    }

    private static byte[] registryName(String name) throws TcssException {
        if (name == null || name.isEmpty()) {
            throw TcssException.invalidArgument("name: required (the registry's Name in TCSS)");
        }
        return Utf8.encode(name, "name");
    }

    /**
     * Make sure the registry spec describes is registered, the same way every
     * run ({@code tcss_ensure_registry}): absent, it is added; present, it is
     * updated in place (the same RegistryId) as the policy says. Nothing
     * changed costs two requests. Needs libtcss 1.1.
     *
     * @param update null means {@link UpdatePolicy#AUTO}
     * @throws TcssException                 the call failed (the spec is validated as for addRegistry)
     * @throws UnsupportedOperationException the native library loaded is older than 1.1
     */
    public EnsureResult ensureRegistry(RegistrySpec spec, UpdatePolicy update) throws TcssException {
        if (spec == null) {
            throw TcssException.invalidArgument("spec: must not be null");
        }
        int policy = (update == null ? UpdatePolicy.AUTO : update).code();
        byte[][] s = new byte[TcssNative.SPEC_COUNT][];
        try {
            long[] n = encodeSpec(spec, s);
            byte[][] cd = encodeConnDetect(spec.connDetect);
            return new EnsureResult(job("ensureRegistry",
                    (h, out, es, en) -> TcssNative.ensureRegistry(h, s, n, cd, policy, out, es, en)));
        } finally {
            Utf8.wipe(s);
        }
    }

    /** Every registry of the account, all pages ({@code tcss_list_registries}). Needs libtcss 1.1. */
    public RegistryList listRegistries() throws TcssException {
        return new RegistryList(job("listRegistries", TcssNative::listRegistries));
    }

    /**
     * One registry by name, its row and detail, never its password ({@code tcss_show_registry}).
     *
     * @throws NotFoundException there is no registry of that name
     */
    public RegistryInfo showRegistry(String name) throws TcssException {
        byte[] n = registryName(name);
        return new RegistryInfo(job("showRegistry", (h, out, es, en) -> TcssNative.showRegistry(h, n, out, es, en)));
    }

    /**
     * Remove the registry of that name ({@code tcss_remove_registry}).
     *
     * @throws NotFoundException there is no registry of that name
     */
    public RemoveResult removeRegistry(String name) throws TcssException {
        byte[] n = registryName(name);
        return new RemoveResult(job("removeRegistry",
                (h, out, es, en) -> TcssNative.removeRegistry(h, n, out, es, en)));
    }

    /**
     * Ask TCSS to sync the registry of that name and, with a wait, wait until
     * this sync has finished ({@code tcss_sync_registry}).
     *
     * @param wait null or zero: do not wait
     * @throws NotFoundException there is no registry of that name
     */
    public SyncResult sync(String name, Duration wait) throws TcssException {
        byte[] n = registryName(name);
        long waitMs = millis(wait, "wait");
        return new SyncResult(job("sync", (h, out, es, en) -> TcssNative.syncRegistry(h, n, waitMs, out, es, en)));
    }

    /**
     * Scan an image and judge its findings ({@code tcss_scan_image}). A scan
     * that failed the gate or did not finish is a result, not an exception
     * (see {@link ScanResult#getOutcome()}), so its reports can be written.
     * Close the result when done with its reports.
     *
     * @throws NotFoundException the registry, or the image after the sync and the wait, is not in TCSS
     * @throws TcssException     the calls themselves failed, or the options are invalid (nothing sent)
     */
    public ScanResult scan(ScanOptions options) throws TcssException {
        if (options == null) {
            throw TcssException.invalidArgument("options: must not be null");
        }
        byte[][] s = new byte[TcssNative.SCAN_COUNT][];
        s[TcssNative.SCAN_REGISTRY_NAME] = Utf8.encode(options.registryName, "registryName");
        s[TcssNative.SCAN_IMAGE] = Utf8.encode(options.image, "image");
        s[TcssNative.SCAN_FAIL_ON] = options.failOn == null ? null : Utf8.encode(options.failOn.label(), "failOn");
        s[TcssNative.SCAN_IGNORE_FILE] = Utf8.encode(options.ignoreFile, "ignoreFile");
        long[] n = new long[TcssNative.SCANNUM_COUNT];
        n[TcssNative.SCANNUM_SYNC] = options.sync ? 1 : 0;
        n[TcssNative.SCANNUM_WAIT_MS] = millis(options.wait, "wait");
        n[TcssNative.SCANNUM_MAX_CRITICAL] = max(options.maxCritical, "maxCritical");
        n[TcssNative.SCANNUM_MAX_HIGH] = max(options.maxHigh, "maxHigh");
        n[TcssNative.SCANNUM_MAX_MEDIUM] = max(options.maxMedium, "maxMedium");
        n[TcssNative.SCANNUM_MAX_LOW] = max(options.maxLow, "maxLow");
        n[TcssNative.SCANNUM_ONLY_FIXED] = options.onlyFixed ? 1 : 0;
        long[] result = new long[1];
        String json;
        try {
            json = job("scan", (h, out, es, en) -> TcssNative.scanImage(h, s, n, out, result, es, en));
        } catch (RuntimeException | TcssException e) {
            if (result[0] != 0) {
                TcssNative.resultFree(result[0]);
            }
            throw e;
        }
        try {
            return new ScanResult(json, result[0]);
        } catch (RuntimeException e) {
            TcssNative.resultFree(result[0]);
            throw e;
        }
    }

    private static long millis(Duration d, String field) throws TcssException {
        if (d == null) {
            return 0;
        }
        if (d.isNegative()) {
            throw TcssException.invalidArgument(field + ": must not be negative");
        }
        if (d.compareTo(Duration.ofMillis(TcssValues.MAX_TIMEOUT_MS)) > 0) {
            throw TcssException.invalidArgument(field + ": must be at most " + (TcssValues.MAX_TIMEOUT_MS / 1000)
                    + " s");
        }
        long ms = d.toMillis();
        return ms == 0 && !d.isZero() ? 1 : ms;
    }

    private static long max(Long v, String field) throws TcssException {
        if (v == null) {
            return TcssNative.UNSET;
        }
        if (v < 0) {
            throw TcssException.invalidArgument(field + ": must be >= 0 (null: no limit)");
        }
        return v;
    }

    /**
     * Free the native client and wipe its secrets. Idempotent; waits for calls
     * in progress on other threads.
     *
     * @throws IllegalStateException when called from a log listener during a call on this client
     */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("TcssClient.close() called from inside a call on the same client "
                    + "(a log listener?); close it after the call returns");
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The native handle; the caller holds the read lock. */
    private long liveHandle() {
        if (closed) {
            throw new IllegalStateException("this TcssClient is closed; create a new one");
        }
        return handle.value;
    }

    private static long[] encodeSpec(RegistrySpec spec, byte[][] s) throws TcssException {
        s[TcssNative.SPEC_NAME] = Utf8.encode(spec.name, "name");
        s[TcssNative.SPEC_USERNAME] = Utf8.encode(spec.username, "username");
        s[TcssNative.SPEC_PASSWORD] = Utf8.encode(spec.password, "password");
        s[TcssNative.SPEC_URL] = Utf8.encode(spec.url, "url");
        s[TcssNative.SPEC_REGISTRY_TYPE] = Utf8.encode(spec.registryType, "registryType");
        s[TcssNative.SPEC_NET_TYPE] = Utf8.encode(spec.netType, "netType");
        s[TcssNative.SPEC_REGISTRY_VERSION] = Utf8.encode(spec.registryVersion, "registryVersion");
        s[TcssNative.SPEC_REGISTRY_REGION] = Utf8.encode(spec.registryRegion, "registryRegion");
        s[TcssNative.SPEC_WEBHOOK_URL] = Utf8.encode(spec.webhookUrl, "webhookUrl");
        s[TcssNative.SPEC_WEBHOOK_TOKEN] = Utf8.encode(spec.webhookToken, "webhookToken");
        s[TcssNative.SPEC_INSTANCE_ID] = Utf8.encode(spec.instanceId, "instanceId");
        long[] n = new long[TcssNative.SNUM_COUNT];
        if (spec.speedLimit != null && spec.speedLimit < 0) {
            throw TcssException.invalidArgument("speedLimit: must be >= 0");
        }
        if (spec.syncMode != null && spec.syncMode != 0 && spec.syncMode != 1) {
            throw TcssException.invalidArgument("syncMode: must be 0 (full) or 1 (incremental)");
        }
        n[TcssNative.SNUM_SPEED_LIMIT] = spec.speedLimit == null ? TcssNative.UNSET : spec.speedLimit;
        n[TcssNative.SNUM_INSECURE] = spec.insecure == null ? TcssNative.UNSET : (spec.insecure ? 1 : 0);
        n[TcssNative.SNUM_NEED_SCAN] = spec.needScan == null ? TcssNative.UNSET : (spec.needScan ? 1 : 0);
        n[TcssNative.SNUM_SYNC_MODE] = spec.syncMode == null ? TcssNative.UNSET : spec.syncMode;
        return n;
    }

    private static byte[][] encodeConnDetect(List<RegistrySpec.ConnDetect> items) throws TcssException {
        if (items == null || items.isEmpty()) {
            return null;
        }
        byte[][] cd = new byte[items.size() * 2][];
        for (int i = 0; i < items.size(); i++) {
            cd[2 * i] = Utf8.encode(items.get(i).getQuuid(), "connDetect[" + i + "].quuid");
            cd[2 * i + 1] = Utf8.encode(items.get(i).getUuid(), "connDetect[" + i + "].uuid");
        }
        return cd;
    }

    static TcssException error(int rc, byte[][] es, long[] en) {
        if (rc == TcssErrorClass.NOT_FOUND.code()) {
            return new NotFoundException(Utf8.decode(es[TcssNative.ERR_MESSAGE]),
                    Utf8.decode(es[TcssNative.ERR_SERVICE_CODE]), Utf8.decode(es[TcssNative.ERR_SERVICE_MESSAGE]),
                    Utf8.decode(es[TcssNative.ERR_REQUEST_ID]), en[TcssNative.ERR_HTTP_STATUS],
                    (int) en[TcssNative.ERR_ATTEMPTS]);
        }
        return new TcssException(rc, Utf8.decode(es[TcssNative.ERR_MESSAGE]),
                Utf8.decode(es[TcssNative.ERR_SERVICE_CODE]), Utf8.decode(es[TcssNative.ERR_SERVICE_MESSAGE]),
                Utf8.decode(es[TcssNative.ERR_REQUEST_ID]), en[TcssNative.ERR_HTTP_STATUS],
                (int) en[TcssNative.ERR_ATTEMPTS]);
    }
}
