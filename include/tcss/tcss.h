/*
 * libtcss - register image registries with Tencent Cloud Container Security
 * Service (TCSS) from CI systems.
 *
 * This is the only public header. It is plain C99 (and compiles as C++11);
 * nothing from curl, cJSON or mbedTLS leaks through it.
 *
 * Conventions (after libgit2, libcurl, zstd and onnxruntime's C API):
 *   - Every function that can fail returns an int: 0 (TCSS_OK) on success or
 *     a negative tcss_error_code. After a failure, tcss_error_last() describes
 *     it (see there for how long the description lives).
 *   - Out-parameters come first. On failure they are left untouched.
 *   - Objects returned through a pointer-to-pointer belong to the caller and
 *     are released with the matching NULL-safe tcss_*_free() function.
 *     Strings and pointers returned by getters are borrowed.
 *   - Strings passed in are copied; the caller may free them once the call
 *     returns. All strings are NUL-terminated UTF-8.
 *   - Options structs begin with `unsigned int version`, are initialised with
 *     their *_INIT macro or *_init() function, and only ever grow at the end.
 *     Every version from 1 up to the library's current one is accepted (a
 *     caller built against an older 1.x header keeps working; the fields it
 *     does not know keep their defaults); 0 or a version newer than the
 *     library is rejected with TCSS_EINVAL.
 *   - No C++ exception ever crosses this boundary.
 *   - Secrets live in the host's memory while a client exists and during a
 *     call; the library wipes its own copies when it frees them, but a core
 *     dump taken mid-call holds them. A host that handles real credentials
 *     should turn core dumps off for itself, as the tcss CLI does first thing:
 *     setrlimit(RLIMIT_CORE, {0, 0}) and, on Linux, prctl(PR_SET_DUMPABLE, 0)
 *     (which also keeps other users' debuggers and /proc readers out). A JVM
 *     or CI agent that cannot do so should run with core dumps disabled
 *     (`ulimit -c 0`, systemd's LimitCORE=0).
 *   - Every exported symbol starts with tcss_ and is listed, with the version
 *     it appeared in, in abi/symbols-in-versions; abi/ABI.md says what 1.x
 *     promises. Experimental API, if any, is named tcssx_* and never exported.
 */
#ifndef TCSS_TCSS_H
#define TCSS_TCSS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define TCSS_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define TCSS_EXTERN(type) type
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

#define TCSS_VERSION_MAJOR 1
#define TCSS_VERSION_MINOR 1
#define TCSS_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, as zstd does. */
#define TCSS_VERSION_NUMBER (TCSS_VERSION_MAJOR * 10000 + TCSS_VERSION_MINOR * 100 + TCSS_VERSION_PATCH)
#define TCSS_VERSION_STRING "1.1.0"

/**
 * The version of the library actually loaded, encoded like
 * TCSS_VERSION_NUMBER. A host that dlopen()s libtcss.so.1 compares this with
 * the version it was written against: the same major and a minor at least as
 * large means every function and field it uses is there.
 */
TCSS_EXTERN(unsigned int) tcss_version_number(void);

/** The loaded library's version as "MAJOR.MINOR.PATCH" (static storage). */
TCSS_EXTERN(const char *) tcss_version(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Stable error classes. The numeric values never change; new classes are
 * only ever added with new numbers.
 */
typedef enum tcss_error_code {
    TCSS_OK = 0,
    /** A caller mistake caught before anything was sent: a missing or
     *  malformed field, a NULL argument, an unknown options version, an
     *  endpoint that is not allowed. The message names the field and rule. */
    TCSS_EINVAL = -1,
    /** No usable credentials: none given, none in the environment, none in
     *  the profile file, or only half of a pair. The message says where the
     *  library looked. */
    TCSS_ECREDENTIALS = -2,
    /** The service refused the signature or the key (AuthFailure.*). */
    TCSS_EAUTH = -3,
    /** The service rejected the request (InvalidParameter*, FailedOperation*,
     *  ResourceNotFound, ...). Not retried. */
    TCSS_ESERVICE = -4,
    /** RequestLimitExceeded on every attempt. */
    TCSS_ERATELIMIT = -5,
    /** The endpoint could not be reached: DNS, refused, reset, proxy. */
    TCSS_ENETWORK = -6,
    /** An attempt took longer than the configured timeout. */
    TCSS_ETIMEOUT = -7,
    /** TLS failed: untrusted issuer, wrong host name, expired certificate,
     *  unreadable CA file. Peer verification is never switched off. */
    TCSS_ETLS = -8,
    /** The service answered something that is not a valid TCSS response:
     *  HTML, truncated or oversized JSON, wrong types, missing fields, or an
     *  HTTP 5xx / InternalError that persisted through every attempt. */
    TCSS_EBADRESPONSE = -9,
    /** Memory could not be allocated. */
    TCSS_ENOMEM = -10,
    /** A bug in libtcss or its dependencies (an unexpected exception). */
    TCSS_EINTERNAL = -11,
    /** (1.1) What was named is not in TCSS: no registry of that name, or no
     *  image row for the reference after the sync and the wait. */
    TCSS_ENOTFOUND = -12
} tcss_error_code;

/** Opaque per-thread error description. */
typedef struct tcss_error tcss_error;

/**
 * The last error raised on this thread. Never NULL: when there was no error,
 * it describes TCSS_OK with an empty message. The description is per thread
 * and owned by the library; it and every string read from it stay valid until
 * the next failing libtcss call on this thread or tcss_error_clear(),
 * whichever comes first (a successful call leaves it as it was).
 *
 * When memory ran out, even while recording an error, this is a static
 * error of class TCSS_ENOMEM with the message "out of memory", so it works
 * without allocating.
 */
TCSS_EXTERN(const tcss_error *) tcss_error_last(void);

/** Reset this thread's last error to TCSS_OK. */
TCSS_EXTERN(void) tcss_error_clear(void);

/** The error class (a tcss_error_code). NULL gives TCSS_OK. */
TCSS_EXTERN(int) tcss_error_code_of(const tcss_error *err);

/*
 * Text that came from the service (error code and message, RequestId,
 * HealthCheckErr, NameRepeatErr), here and in tcss_registry_result, is
 * cleaned before the caller sees it: every secret the call knows (SecretKey,
 * session token, registry password, webhook token, and their JSON-escaped,
 * percent-encoded and Basic-auth forms) is masked as "********", control
 * characters are escaped, invalid UTF-8 is replaced, and the string is at
 * most 4 KiB. The error class is decided on the code exactly as the service
 * sent it, before cleaning.
 */

/** A human-readable message. Never contains a secret; service text in it is
 *  cleaned as above. Never NULL. */
TCSS_EXTERN(const char *) tcss_error_message(const tcss_error *err);

/** The service's error code, e.g. "InvalidParameter.MissingParameter",
 *  cleaned; "" when the failure did not come from the service. Never NULL. */
TCSS_EXTERN(const char *) tcss_error_service_code(const tcss_error *err);

/** The service's own error message, cleaned; "" when there is none.
 *  Never NULL. */
TCSS_EXTERN(const char *) tcss_error_service_message(const tcss_error *err);

/** The RequestId of the last response received, cleaned; "" when none.
 *  Never NULL. */
TCSS_EXTERN(const char *) tcss_error_request_id(const tcss_error *err);

/** The HTTP status of the last response received; 0 when none arrived. */
TCSS_EXTERN(long) tcss_error_http_status(const tcss_error *err);

/** How many attempts were made (0 when the call failed before sending). */
TCSS_EXTERN(unsigned int) tcss_error_attempts(const tcss_error *err);

/** A stable lower-case name for an error class, e.g. "invalid_argument",
 *  "auth", "service", "rate_limited", "network", "timeout", "tls",
 *  "bad_response", "out_of_memory", "internal", "not_found", "ok". Static
 *  storage; "unknown" for a value that is not a class. */
TCSS_EXTERN(const char *) tcss_error_class_name(int code);

/* ------------------------------------------------------------------------ */
/* Client                                                                   */
/* ------------------------------------------------------------------------ */

/** Opaque client. Create with tcss_client_new(), release with
 *  tcss_client_free(). One client may be used from many threads at once:
 *  its connection pool and its rate limiter are shared and locked
 *  internally. Freeing it while another thread still uses it is undefined. */
typedef struct tcss_client tcss_client;

/** Severity of a log line. */
typedef enum tcss_log_level {
    TCSS_LOG_ERROR = 0,
    TCSS_LOG_WARN = 1,
    TCSS_LOG_INFO = 2,
    /** Request/response trace: headers and bodies with every secret masked. */
    TCSS_LOG_DEBUG = 3
} tcss_log_level;

/**
 * Log callback. `line` is one line without a trailing newline, valid only
 * during the call, and has already been redacted: SecretKey, session token,
 * registry password, webhook token and the request signature never appear in
 * it; service text in it is cleaned like the error strings (control
 * characters escaped, valid UTF-8), and a line is at most 64 KiB. May be
 * called from any thread that uses the client.
 */
typedef void (*tcss_log_fn)(int level, const char *line, void *userdata);

/**
 * @name The API's values and the library's defaults
 *
 * The one source for every list of values, default and limit. The library
 * validates with these, the CLI prints them in its help, and the bindings and
 * plugins read them or are tested against them.
 * @{
 */
/** RegistryType values the API accepts, comma-separated, in the API page's order. */
#define TCSS_REGISTRY_TYPES "harbor,quay,jfrog,aws,azure,other-tcr"
/** NetType values the API accepts. */
#define TCSS_NET_TYPES "public"
/** Default endpoint (international site). */
#define TCSS_DEFAULT_ENDPOINT "https://tcss.intl.tencentcloudapi.com"
/** connect_timeout_ms when 0: per connection attempt. */
#define TCSS_DEFAULT_CONNECT_TIMEOUT_MS 10000
/** timeout_ms when 0: the whole call, every attempt and wait included. */
#define TCSS_DEFAULT_TIMEOUT_MS 60000
/** Largest connect_timeout_ms and timeout_ms accepted (24 hours); a larger
 *  value is refused with TCSS_EINVAL, never clamped or wrapped. */
#define TCSS_MAX_TIMEOUT_MS 86400000
/** max_attempts when 0 (the first attempt included). */
#define TCSS_DEFAULT_MAX_ATTEMPTS 3
/** Largest max_attempts accepted. */
#define TCSS_MAX_ATTEMPTS_LIMIT 100
/** requests_per_second when 0: the API's documented limit per account. */
#define TCSS_DEFAULT_REQUESTS_PER_SECOND 20
/** Longest accepted values, in bytes. */
#define TCSS_MAX_NAME_BYTES 256
#define TCSS_MAX_USERNAME_BYTES 512
#define TCSS_MAX_PASSWORD_BYTES 16384
#define TCSS_MAX_URL_BYTES 2048
#define TCSS_MAX_SHORT_TEXT_BYTES 128 /**< RegistryVersion, RegistryRegion, InstanceId, ... */
#define TCSS_MAX_WEBHOOK_TOKEN_BYTES 4096
#define TCSS_MAX_CONN_DETECT_ITEMS 100
/** Longest region (X-TC-Region), e.g. "ap-guangzhou": letters, digits, '-', '_'. */
#define TCSS_MAX_REGION_BYTES 64
/** tcss_scan_options.fail_on values, from the most severe to none. */
#define TCSS_SCAN_FAIL_ON_LEVELS "critical,high,medium,low,none"
/** tcss_result_write_report() formats. */
#define TCSS_REPORT_FORMATS "gitlab,sarif,junit,json"
/** tcss_scan_options.wait_ms when 0: ten minutes. */
#define TCSS_DEFAULT_SCAN_WAIT_MS 600000
/** Default STS endpoint for the web identity exchange (international site). */
#define TCSS_DEFAULT_STS_ENDPOINT "https://sts.intl.tencentcloudapi.com"
/** STS endpoint used by default when the API endpoint is a mainland
 *  *.tencentcloudapi.com host. */
#define TCSS_MAINLAND_STS_ENDPOINT "https://sts.tencentcloudapi.com"
/** Default CVM metadata service base URL. */
#define TCSS_DEFAULT_METADATA_ENDPOINT "http://metadata.tencentyun.com"
/** session_duration when 0: the official SDKs' default, in seconds. */
#define TCSS_DEFAULT_SESSION_DURATION 7200
/** Shortest and longest session_duration STS accepts, in seconds. */
#define TCSS_MIN_SESSION_DURATION 1
#define TCSS_MAX_SESSION_DURATION 43200
/** @} */

/** Pass as requests_per_second to switch the client-side limiter off. */
#define TCSS_RATE_UNLIMITED (-1)

#define TCSS_CLIENT_OPTIONS_VERSION 3

/**
 * How to make a client. Every field may be left at its default (NULL / 0).
 *
 * Credentials: when secret_id and secret_key are both unset the library
 * looks, in order, at the environment (TENCENTCLOUD_SECRET_ID,
 * TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN), then the profile files
 * ~/.tencentcloud/credentials and /etc/tencentcloud/credentials (section
 * `profile`, else $TENCENTCLOUD_PROFILE, else "default"; keys secret_id,
 * secret_key, token). An empty string counts as unset, here and in the
 * environment, because CI systems export empty variables. Setting only one
 * of the pair, or a session token without the pair, is an error
 * (TCSS_ECREDENTIALS) that says where the library looked. So is a SecretId
 * that is not visible ASCII without spaces, ',' or '/' (a trailing newline
 * included), and a profile path that is not a regular file (a FIFO is
 * refused, never waited on). A session token goes into a header, so one with
 * a space, control character or line break (a trailing newline from a CI
 * secret store is the usual cause) is refused with TCSS_ECREDENTIALS naming
 * where it came from, before anything is sent; so are a region or language
 * with such characters (TCSS_EINVAL).
 *
 * Keyless sources (version 2): the full order is web identity -> GitHub
 * Actions' OIDC token -> AssumeRole (a role without a token, signed with the
 * keys that follow) -> explicit options -> environment keys -> profile files
 * -> CVM instance role (a configured role comes first: keys beside it sign
 * only the assume call).
 * Web identity: an OIDC token (web_identity_token(_file), else
 * TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN(_FILE), else
 * TKE_WEB_IDENTITY_TOKEN_FILE) and a role (role_arn, else
 * TENCENTCLOUD_ASSUME_ROLE_ARN, else TKE_ROLE_ARN) are exchanged at STS
 * AssumeRoleWithWebIdentity, unsigned, for temporary credentials. CVM role:
 * the metadata service's role (or TENCENTCLOUD_CAM_ROLE_NAME) and its
 * credentials; the lookup gives up within one second when there is no
 * metadata service. tcss_client_new sends nothing to STS or the metadata
 * service: it checks only that such a source is configured (and reads a
 * token file); the first call fetches the credentials, once for all the
 * threads calling (the others wait), and that exchange counts against the
 * call's timeout_ms like its own requests (a thread that waits for another's
 * fetch past its deadline gets TCSS_ETIMEOUT saying it was waiting for
 * credentials). So STS's refusals and failures (TCSS_ECREDENTIALS,
 * TCSS_ENETWORK, TCSS_ETLS, TCSS_ETIMEOUT, ...) and a CVM role that turns
 * out not to exist come from that call; a failed fetch is tried again by the
 * next call. They are fetched again, under the client's lock, before they
 * expire (STS: a tenth of the session
 * duration before, the official SDKs' margin; CVM: 300 s before; at most
 * half the remaining lifetime), re-reading a token file that may have been
 * rotated. A refusal is TCSS_ECREDENTIALS carrying STS's code and RequestId.
 * The token and the temporary keys are never logged or put in a message.
 */
typedef struct tcss_client_options {
    unsigned int version; /**< TCSS_CLIENT_OPTIONS_VERSION */

    const char *secret_id;     /**< SecretId; NULL: the credential chain */
    const char *secret_key;    /**< SecretKey; NULL: the credential chain */
    const char *session_token; /**< temporary credentials' token, or NULL */
    const char *profile;       /**< profile name in the credentials file; NULL:
                                    $TENCENTCLOUD_PROFILE, else "default" */

    const char *region;   /**< X-TC-Region; NULL: $TENCENTCLOUD_REGION,
                               else not sent. Letters, digits, '-' and
                               '_', at most TCSS_MAX_REGION_BYTES */
    const char *endpoint; /**< NULL: $TCSS_ENDPOINT, else
                               "https://tcss.intl.tencentcloudapi.com".
                               http:// is accepted only for a literal
                               loopback address (127.0.0.0/8, [::1]) or
                               localhost ("localhost." is a DNS name:
                               refused) */
    const char *ca_file;  /**< PEM CA bundle for the endpoint; NULL: the
                               system's store. Verification is always on. */
    const char *proxy;    /**< NULL: libcurl's usual environment handling
                               (https_proxy, no_proxy, ...); "": no proxy;
                               otherwise a proxy URL. A loopback endpoint
                               never goes through a proxy. */
    const char *language; /**< X-TC-Language ("en-US", "zh-CN"); NULL: not
                               sent */

    long connect_timeout_ms;   /**< per connection attempt; 0: 10000; at
                                    most TCSS_MAX_TIMEOUT_MS */
    long timeout_ms;           /**< the whole call, every attempt and every
                                    wait between attempts (and in the rate
                                    limiter) included; 0: 60000; at most
                                    TCSS_MAX_TIMEOUT_MS (24 h), a larger
                                    value is TCSS_EINVAL */
    unsigned int max_attempts; /**< including the first; 0: 3. Attempts
                                    answered RequestLimitExceeded do not
                                    count: those are retried until
                                    timeout_ms runs out */
    int requests_per_second;   /**< 0: 20 (the API's limit);
                                    TCSS_RATE_UNLIMITED: no client-side limit */

    tcss_log_fn log_fn; /**< NULL: no logging */
    void *log_userdata; /**< passed to log_fn */
    int log_level;      /**< most verbose level delivered; 0..3 */

    /* ---- version 2: keyless credentials ---- */
    const char *sts_endpoint;            /**< NULL: $TCSS_STS_ENDPOINT, else
                                              "https://sts.intl.tencentcloudapi.com"
                                              ("https://sts.tencentcloudapi.com" when the
                                              API endpoint is a mainland
                                              *.tencentcloudapi.com host); the endpoint's
                                              TLS and loopback-only-http rules */
    const char *metadata_endpoint;       /**< CVM metadata base URL; NULL:
                                         $TCSS_METADATA_ENDPOINT, else
                                         "http://metadata.tencentyun.com" */
    int no_metadata;                     /**< 1: never ask the metadata service (also
                                              TCSS_NO_METADATA=1) */
    const char *role_arn;                /**< web identity role; NULL:
                                              $TENCENTCLOUD_ASSUME_ROLE_ARN, $TKE_ROLE_ARN */
    const char *provider_id;             /**< NULL: $TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID,
                                              $TKE_PROVIDER_ID, else "OIDC" */
    const char *web_identity_token;      /**< the OIDC token (a secret) */
    const char *web_identity_token_file; /**< a file holding it, read
                                   (checked) by tcss_client_new and again
                                   at every exchange (rotation) */
    const char *role_session_name;       /**< NULL:
                                         $TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME, else
                                         from the CI job (CI_JOB_ID, BUILD_TAG,
                                         CI_PIPELINE_NUMBER, GITHUB_RUN_ID) */
    unsigned int session_duration;       /**< seconds, 1..43200; 0:
                                         $TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION,
                                         else 7200 */

    /* ---- version 3 (1.1) ---- */
    int dry_run; /**< 1: this client sends nothing, to TCSS,
                      STS or the metadata service. Credentials
                      are not fetched: which source would give
                      them is said in the previews (a missing
                      one too: a dry run needs none). Only the
                      *_preview functions may be called; every
                      other call is TCSS_EINVAL. */
} tcss_client_options;

/** Static initialiser: `tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;` */
#define TCSS_CLIENT_OPTIONS_INIT \
    { \
        TCSS_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, 0, \
            NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 \
    }

/**
 * Initialise `opts` with the defaults for `version`.
 * @return 0, or TCSS_EINVAL when opts is NULL or version is unknown.
 */
TCSS_EXTERN(int) tcss_client_options_init(tcss_client_options *opts, unsigned int version);

/**
 * Create a client. Finds where credentials come from and validates the
 * endpoint now, so a missing key, a missing token file or a forbidden
 * endpoint fails here rather than at the first call. Nothing is sent, to the
 * API, STS or the metadata service: keys from the options, the environment
 * or a profile file are read now; a keyless source (web identity, AssumeRole,
 * GitHub Actions, the CVM role) is fetched by the first call, within that
 * call's timeout_ms, and its errors (an STS refusal: TCSS_ECREDENTIALS with
 * STS's code and RequestId; STS unreachable: TCSS_ENETWORK, TCSS_ETLS or
 * TCSS_ETIMEOUT; no CVM role after all: TCSS_ECREDENTIALS "no credentials
 * found") are that call's.
 *
 * @param[out] out   the new client, owned by the caller
 * @param opts       options; NULL means all defaults
 * @return 0, TCSS_EINVAL, TCSS_ECREDENTIALS or TCSS_ENOMEM
 */
TCSS_EXTERN(int) tcss_client_new(tcss_client **out, const tcss_client_options *opts);

/** Release a client and wipe its secrets. NULL is a no-op. */
TCSS_EXTERN(void) tcss_client_free(tcss_client *client);

/* ------------------------------------------------------------------------ */
/* AddAssetImageRegistryRegistryDetail                                      */
/* ------------------------------------------------------------------------ */

/** "Not set" for the integer inputs of tcss_registry_spec. */
#define TCSS_UNSET (-2147483647 - 1)

/** One ConnDetectConfig item. Both fields optional (NULL: not sent). */
typedef struct tcss_conn_detect {
    const char *quuid;
    const char *uuid;
} tcss_conn_detect;

#define TCSS_REGISTRY_SPEC_VERSION 1

/**
 * The inputs of AddAssetImageRegistryRegistryDetail. A NULL string or a
 * TCSS_UNSET integer is "not set" and is left out of the request.
 */
typedef struct tcss_registry_spec {
    unsigned int version; /**< TCSS_REGISTRY_SPEC_VERSION */

    const char *name;                    /**< Name, required */
    const char *username;                /**< Username, required */
    const char *password;                /**< Password, required (a secret) */
    const char *url;                     /**< Url, required: http(s)://host[:port] */
    const char *registry_type;           /**< RegistryType, required: harbor, quay,
                                              jfrog, aws, azure or other-tcr */
    const char *net_type;                /**< NetType, required: "public" */
    const char *registry_version;        /**< RegistryVersion, e.g. "V2" */
    const char *registry_region;         /**< RegistryRegion; the service's default
                                              is "default" */
    long long speed_limit;               /**< SpeedLimit, >= 0, or TCSS_UNSET */
    int insecure;                        /**< Insecure: 0 verify the registry's
                                              certificate, 1 skip; or TCSS_UNSET.
                                              About TCSS's connection to the
                                              registry, never libtcss's own. */
    const tcss_conn_detect *conn_detect; /**< ConnDetectConfig items */
    size_t conn_detect_count;            /**< 0: not sent */
    int need_scan;                       /**< NeedScan: 0 or 1, or TCSS_UNSET */
    int sync_mode;                       /**< SyncMode: 0 full, 1 incremental, or
                                              TCSS_UNSET */
    const char *webhook_url;             /**< WebhookUrl */
    const char *webhook_token;           /**< WebhookToken (a secret) */
    const char *instance_id;             /**< InstanceId (TCR instance) */
} tcss_registry_spec;

#define TCSS_REGISTRY_SPEC_INIT \
    { \
        TCSS_REGISTRY_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TCSS_UNSET, TCSS_UNSET, NULL, 0, \
            TCSS_UNSET, TCSS_UNSET, NULL, NULL, NULL \
    }

/**
 * Initialise `spec`: every string NULL, every integer TCSS_UNSET.
 * @return 0, or TCSS_EINVAL when spec is NULL or version is unknown.
 */
TCSS_EXTERN(int) tcss_registry_spec_init(tcss_registry_spec *spec, unsigned int version);

/**
 * The outputs of a successful Add. Allocated by the library; the caller
 * frees it with tcss_registry_result_free(). New fields are only ever added
 * at the end, so reading the fields below stays valid across 1.x. Its
 * strings come from the service and are cleaned like the error strings:
 * secrets masked, control characters escaped, valid UTF-8, at most 4 KiB.
 */
typedef struct tcss_registry_result {
    long long registry_id;        /**< RegistryId */
    const char *request_id;       /**< RequestId of the response that decided */
    const char *health_check_err; /**< HealthCheckErr; "" when healthy. A
                                       non-empty value still means "added":
                                       TCSS could not reach the registry. */
    const char *name_repeat_err;  /**< NameRepeatErr; "" when the name was
                                       new */
    int already_existed;          /**< 1 when a registry of this name was there
                                       before this call (the service said the
                                       name was taken); 0 when this call added
                                       it, including when an attempt's answer
                                       was lost and a lookup found it */
    unsigned int attempts;        /**< attempts this call made (>= 1) */
} tcss_registry_result;

/**
 * Register an image registry with TCSS (AddAssetImageRegistryRegistryDetail).
 *
 * The spec is validated first; a bad field fails with TCSS_EINVAL naming the
 * field and the rule, and nothing is sent. The request is signed with
 * TC3-HMAC-SHA256, re-signed for every attempt, paced by the client's rate
 * limiter (waiting for it counts against timeout_ms), and retried with
 * exponential backoff and jitter on InternalError, HTTP 5xx, connection
 * failures and timeouts, up to max_attempts. RequestLimitExceeded (and its
 * variants) is retried until timeout_ms runs out, whatever max_attempts
 * says, with random waits of 250 ms to 1.5 s so that many runners refused
 * together spread over the service's one-second windows; no wait goes past
 * the deadline. Auth and parameter errors are never retried.
 *
 * Add is not idempotent on the service; this call is. When a registry of the
 * same name already exists, the call succeeds with that registry's id and
 * already_existed = 1, whether TCSS answers NameRepeatErr with the id,
 * without one (it is then looked up by name) or refuses the name (a
 * FailedOperation or ResourceInUse error is checked against a lookup). Add
 * is never sent again blindly: after an InternalError, HTTP 5xx or an answer
 * lost after sending, the name is looked up first; a registry found then is
 * this call's (already_existed = 0, health_check_err read from its
 * connectivity result, request_id ""), and only when none is found is Add
 * sent again. A timeout that used up timeout_ms ends the call.
 *
 * Thread-safe: many threads may call this on one client at once.
 *
 * @param[out] out  the result, owned by the caller; untouched on failure
 * @param client    the client
 * @param spec      the inputs
 * @return 0 or a negative tcss_error_code; see tcss_error_last()
 */
TCSS_EXTERN(int) tcss_add_registry(tcss_registry_result **out, tcss_client *client, const tcss_registry_spec *spec);

/** Release a result. NULL is a no-op. */
TCSS_EXTERN(void) tcss_registry_result_free(tcss_registry_result *result);

/**
 * Describe, without sending anything, the exact HTTP request that
 * tcss_add_registry() would send now: request line, headers and body, with
 * the password, webhook token, session token and signature masked as
 * "********". Validation runs first, exactly as for tcss_add_registry().
 *
 * @param[out] out  a NUL-terminated string; free with tcss_string_free()
 * @return 0 or a negative tcss_error_code
 */
TCSS_EXTERN(int) tcss_add_registry_preview(char **out, tcss_client *client, const tcss_registry_spec *spec);

/** Release a string returned by the library. NULL is a no-op. The memory is
 *  wiped before it is released. */
TCSS_EXTERN(void) tcss_string_free(char *str);

/* ------------------------------------------------------------------------ */
/* 1.1: the recurring job — ensure, list, show, remove, sync, scan           */
/* ------------------------------------------------------------------------ */

/*
 * Every call below runs its requests on the same engine as
 * tcss_add_registry(): signed, paced per action, each request-and-retries
 * bounded by timeout_ms, RequestLimitExceeded retried until then. A wait
 * (wait_ms) bounds polling on top of that and is never exceeded; polls come
 * at most once a second. Registries are named by Name, the identity TCSS
 * keeps unique per account; an unknown name is TCSS_ENOTFOUND.
 *
 * Results are opaque: tcss_result_json() gives the whole result as JSON
 * (what `tcss ... --output json` prints; its members are documented with
 * each call), tcss_result_string()/tcss_result_int() read one top-level
 * member. Every string in a result that came from the service is cleaned as
 * the error strings are (secrets masked, control characters escaped, valid
 * UTF-8). A registry's password or webhook token is never in a result, not
 * even as TCSS returned it.
 */

/**
 * Mask `secret` in everything this client returns, logs or writes from now
 * on (results, errors, log lines, reports), in every encoding the library
 * masks its own secrets in, and inside a base64 Basic credential
 * ("user:secret") whatever the user name. For values a call is never given but the
 * service may echo: the registry password during tcss_scan_image(), for
 * instance (tcss_ensure_registry() and tcss_add_registry() mask the spec's
 * password and webhook token themselves). Values shorter than 4 bytes are
 * not searched for in free text. Thread-safe.
 */
TCSS_EXTERN(int) tcss_client_add_secret(tcss_client *client, const char *secret);

/** Opaque result of a 1.1 call; free with tcss_result_free(). */
typedef struct tcss_result tcss_result;

/** The result as one line of JSON (borrowed, valid until the result is
 *  freed). "{}" for NULL. */
TCSS_EXTERN(const char *) tcss_result_json(const tcss_result *result);

/** A top-level member as text: a string as it is, a number in decimal,
 *  "true"/"false"; "" when absent or not a scalar. Borrowed, valid until
 *  the result is freed or this function is called again on it. */
TCSS_EXTERN(const char *) tcss_result_string(const tcss_result *result, const char *key);

/** A top-level integer member, or `fallback` when absent or not an
 *  integer. */
TCSS_EXTERN(long long) tcss_result_int(const tcss_result *result, const char *key, long long fallback);

/** Release a result. NULL is a no-op. */
TCSS_EXTERN(void) tcss_result_free(tcss_result *result);

/** What tcss_ensure_registry() does with a registry that exists. */
typedef enum tcss_update_policy {
    /** Update when a setting given differs from TCSS's, or when TCSS reports
     *  the registry's credentials failing (status_auth_failed). */
    TCSS_UPDATE_AUTO = 0,
    /** Update on every run (a rotated password TCSS has not noticed yet). */
    TCSS_UPDATE_ALWAYS = 1,
    /** Never update; report the differences. */
    TCSS_UPDATE_NEVER = 2
} tcss_update_policy;

/**
 * Make sure the registry `spec` describes is registered, the same way every
 * run: found by Name (DescribeAssetImageRegistryRegistryList, a page of 100
 * at a time); absent, it is added; present, its detail is read
 * (DescribeAssetImageRegistryRegistryDetail) and, as `update` says, it is
 * updated in place (UpdateAssetImageRegistryRegistryDetail: the same
 * RegistryId, never a second Add). The spec is validated first, exactly as
 * for tcss_add_registry(). Nothing changed costs two requests.
 *
 * Result members: "Action" ("added", "updated", "unchanged"), "RegistryId",
 * "Name", "Changed" (the API names of the settings that differed),
 * "Reason" (why it was updated, or what differs under TCSS_UPDATE_NEVER),
 * "HealthCheckErr" ("" when TCSS reached the registry), "RequestId",
 * "Requests" (requests sent).
 */
TCSS_EXTERN(int)
tcss_ensure_registry(tcss_result **out, tcss_client *client, const tcss_registry_spec *spec, int update);

/** Every registry of the account (all pages). Result: "TotalCount",
 *  "Registries" (each: RegistryId, Name, RegistryType, Url, NetType,
 *  RegistryRegion, RegistryVersion, SyncStatus, LatestSyncTime,
 *  ConnDetectStatus). */
TCSS_EXTERN(int) tcss_list_registries(tcss_result **out, tcss_client *client);

/** One registry by name: its list row and its detail (Username, Insecure,
 *  SpeedLimit, SyncMode, NeedScan, ConnDetect[]), never its password.
 *  TCSS_ENOTFOUND when there is none of that name. */
TCSS_EXTERN(int) tcss_show_registry(tcss_result **out, tcss_client *client, const char *name);

/** Remove the registry of that name (RemoveAssetImageRegistryRegistryDetail).
 *  Result: "RegistryId", "Name", "RequestId". TCSS_ENOTFOUND when there is
 *  none. */
TCSS_EXTERN(int) tcss_remove_registry(tcss_result **out, tcss_client *client, const char *name);

/**
 * Ask TCSS to sync the registry of that name (SyncAssetImageRegistryAsset)
 * and, when wait_ms > 0, wait until this sync has finished (the registry's
 * SyncStatus is success or failed with a LatestSyncTime no older than the
 * request). Result: "RegistryId", "Name", "SyncStatus" ("doing", "success",
 * "failed"), "LatestSyncTime", "SyncFailReason", "Finished" (the sync ended
 * within the wait), "WaitedMs".
 */
TCSS_EXTERN(int) tcss_sync_registry(tcss_result **out, tcss_client *client, const char *name, long wait_ms);

#define TCSS_SCAN_OPTIONS_VERSION 1

/** How to scan one image and judge it. Initialise with
 *  TCSS_SCAN_OPTIONS_INIT or tcss_scan_options_init(). */
typedef struct tcss_scan_options {
    unsigned int version;      /**< TCSS_SCAN_OPTIONS_VERSION */
    const char *registry_name; /**< the registry's Name, required */
    const char *image;         /**< HOST/PATH:TAG[@sha256:DIGEST] (or
                                    HOST/PATH@sha256:DIGEST), required; the
                                    digest, when given, decides the row */
    int sync;                  /**< 1: sync the registry first and wait for
                                    it (within wait_ms) */
    long wait_ms;              /**< the whole wait: the sync, the image row
                                    appearing, the scan; 0: 600000 (10 min) */
    const char *fail_on;       /**< "critical", "high", "medium", "low" or
                                    "none" (the default: no severity fails
                                    by itself) */
    long long max_critical;    /**< most findings allowed per severity;
                                    TCSS_UNSET: no limit */
    long long max_high;
    long long max_medium;
    long long max_low;
    int only_fixed;          /**< 1: count only findings with a fix */
    const char *ignore_file; /**< CVE or POCID entries with a reason and
                                  an optional expiry; NULL: none */
} tcss_scan_options;

#define TCSS_SCAN_OPTIONS_INIT \
    { TCSS_SCAN_OPTIONS_VERSION, NULL, NULL, 0, 0, NULL, TCSS_UNSET, TCSS_UNSET, TCSS_UNSET, TCSS_UNSET, 0, NULL }

/** Initialise `opts` with the defaults for `version`. */
TCSS_EXTERN(int) tcss_scan_options_init(tcss_scan_options *opts, unsigned int version);

/** How a scan ended (the result's "Outcome", as text and as this number in
 *  "OutcomeCode"). */
typedef enum tcss_scan_outcome {
    TCSS_SCAN_PASSED = 0,      /**< scanned; the gate passed */
    TCSS_SCAN_GATE_FAILED = 1, /**< scanned; findings over the threshold */
    TCSS_SCAN_INCOMPLETE = 2   /**< the scan erred, timed out, was
                                    canceled, or the wait ran out (the
                                    scan was then stopped) */
} tcss_scan_outcome;

/**
 * Scan the image just pushed and judge the findings: find the image row
 * (after a sync when opts->sync), start a CVE scan
 * (CreateAssetImageRegistryScanTask; a scan already running is joined), wait
 * for it, read every finding (DescribeAssetImageRegistryVulList, all pages)
 * and apply the gate. Returns 0 with a result for each tcss_scan_outcome,
 * so a report can be written for a failed gate or an unfinished scan too;
 * TCSS_ENOTFOUND when the registry, or the image after the sync and the
 * wait, is not in TCSS; another error class when the calls themselves fail.
 * Result members: "Outcome", "OutcomeCode", "Image", "ImageId", "ScanStatus",
 * "Counts", "Gate", "Findings" (see the json report format).
 */
TCSS_EXTERN(int) tcss_scan_image(tcss_result **out, tcss_client *client, const tcss_scan_options *opts);

/**
 * Write a scan result as a report: `format` "gitlab" (GitLab
 * container_scanning, security report schema 15), "sarif" (SARIF 2.1.0 as
 * GitHub code scanning takes it), "junit" (one test case per finding, a
 * failure for each that fails the gate) or "json". The file is written
 * whole or not at all (a temporary file renamed into place).
 */
TCSS_EXTERN(int) tcss_result_write_report(const tcss_result *scan, const char *format, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* TCSS_TCSS_H */
