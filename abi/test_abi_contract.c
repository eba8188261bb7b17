/*
 * abi.contract: the parts of abi/ABI.md that are values rather than symbols
 * or layouts, checked against the header at compile time and against the
 * shared library actually loaded at run time.
 */
#include <tcss/tcss.h>

#include <stdio.h>
#include <string.h>

/* Error codes are stable: these numbers never change in 1.x (ABI.md). */
_Static_assert(TCSS_OK == 0, "TCSS_OK");
_Static_assert(TCSS_EINVAL == -1, "TCSS_EINVAL");
_Static_assert(TCSS_ECREDENTIALS == -2, "TCSS_ECREDENTIALS");
_Static_assert(TCSS_EAUTH == -3, "TCSS_EAUTH");
_Static_assert(TCSS_ESERVICE == -4, "TCSS_ESERVICE");
_Static_assert(TCSS_ERATELIMIT == -5, "TCSS_ERATELIMIT");
_Static_assert(TCSS_ENETWORK == -6, "TCSS_ENETWORK");
_Static_assert(TCSS_ETIMEOUT == -7, "TCSS_ETIMEOUT");
_Static_assert(TCSS_ETLS == -8, "TCSS_ETLS");
_Static_assert(TCSS_EBADRESPONSE == -9, "TCSS_EBADRESPONSE");
_Static_assert(TCSS_ENOMEM == -10, "TCSS_ENOMEM");
_Static_assert(TCSS_EINTERNAL == -11, "TCSS_EINTERNAL");
_Static_assert(TCSS_LOG_ERROR == 0 && TCSS_LOG_WARN == 1 && TCSS_LOG_INFO == 2 && TCSS_LOG_DEBUG == 3, "log levels");
_Static_assert(TCSS_UNSET == -2147483647 - 1, "TCSS_UNSET");
_Static_assert(TCSS_RATE_UNLIMITED == -1, "TCSS_RATE_UNLIMITED");
/* Version 1 of each struct is what 1.0.0 shipped; a later minor may raise
 * these, never lower them. */
_Static_assert(TCSS_CLIENT_OPTIONS_VERSION >= 1, "options version");
_Static_assert(TCSS_REGISTRY_SPEC_VERSION >= 1, "spec version");
/* `version` stays the first field: old callers' structs are read through it. */
_Static_assert(offsetof(tcss_client_options, version) == 0, "options.version first");
_Static_assert(offsetof(tcss_registry_spec, version) == 0, "spec.version first");
_Static_assert(TCSS_VERSION_NUMBER == TCSS_VERSION_MAJOR * 10000 + TCSS_VERSION_MINOR * 100 + TCSS_VERSION_PATCH,
               "TCSS_VERSION_NUMBER");
/* The SONAME carries the major version (libtcss.so.1). */
_Static_assert(TCSS_VERSION_MAJOR == 1, "major version 1 is libtcss.so.1");

static int failures;

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++; \
        } \
    } while (0)

#define STR_(x) #x
#define STR(x) STR_(x)

int main(void) {
    /* The header, the library and the build agree on the version. */
    CHECK(tcss_version_number() == TCSS_VERSION_NUMBER);
    CHECK(strcmp(tcss_version(), TCSS_VERSION_STRING) == 0);
    CHECK(strcmp(TCSS_VERSION_STRING,
                 STR(TCSS_VERSION_MAJOR) "." STR(TCSS_VERSION_MINOR) "." STR(TCSS_VERSION_PATCH)) == 0);
#ifdef TCSS_PROJECT_VERSION
    CHECK(strcmp(TCSS_VERSION_STRING, TCSS_PROJECT_VERSION) == 0);
#endif

    /* Stable class names (documented in the header). */
    CHECK(strcmp(tcss_error_class_name(TCSS_OK), "ok") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_EINVAL), "invalid_argument") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_EAUTH), "auth") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ESERVICE), "service") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ERATELIMIT), "rate_limited") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ENETWORK), "network") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ETIMEOUT), "timeout") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ETLS), "tls") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_EBADRESPONSE), "bad_response") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ENOMEM), "out_of_memory") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_EINTERNAL), "internal") == 0);
    CHECK(strcmp(tcss_error_class_name(-12345), "unknown") == 0);
    CHECK(strcmp(tcss_error_class_name(TCSS_ECREDENTIALS), "credentials") == 0);

    /* A struct version the library does not know is rejected, and the
     * struct is left untouched; the version it knows is accepted. */
    {
        tcss_client_options opts;
        memset(&opts, 0xA5, sizeof opts);
        CHECK(tcss_client_options_init(&opts, TCSS_CLIENT_OPTIONS_VERSION + 1) == TCSS_EINVAL);
        CHECK(tcss_error_code_of(tcss_error_last()) == TCSS_EINVAL);
        CHECK(opts.version == 0xA5A5A5A5u);
        CHECK(tcss_client_options_init(&opts, TCSS_CLIENT_OPTIONS_VERSION) == TCSS_OK);
        CHECK(opts.version == TCSS_CLIENT_OPTIONS_VERSION);
        CHECK(opts.secret_key == NULL && opts.timeout_ms == 0 && opts.log_fn == NULL);
    }
    {
        tcss_registry_spec spec;
        memset(&spec, 0xA5, sizeof spec);
        CHECK(tcss_registry_spec_init(&spec, 0) == TCSS_EINVAL);
        CHECK(spec.version == 0xA5A5A5A5u);
        CHECK(tcss_registry_spec_init(&spec, TCSS_REGISTRY_SPEC_VERSION) == TCSS_OK);
        CHECK(spec.version == TCSS_REGISTRY_SPEC_VERSION);
        CHECK(spec.name == NULL && spec.speed_limit == TCSS_UNSET && spec.insecure == TCSS_UNSET &&
              spec.conn_detect_count == 0);
    }
    {
        /* A client made with an unknown options version is refused before
         * anything else is looked at (no credentials needed to see this). */
        tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
        tcss_client *client = (tcss_client *)&opts; /* must stay untouched */
        opts.version = TCSS_CLIENT_OPTIONS_VERSION + 1;
        CHECK(tcss_client_new(&client, &opts) == TCSS_EINVAL);
        CHECK(client == (tcss_client *)&opts);
    }

    if (failures) {
        fprintf(stderr, "abi.contract: %d check(s) failed\n", failures);
        return 1;
    }
    printf("abi.contract: passed\n");
    return 0;
}
