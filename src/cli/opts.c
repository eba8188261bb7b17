/*
 * The option table: one row per option with its long name, the ordinary
 * variable and the PLUGIN_* setting that can stand for it, the converter
 * that checks its form and stores it, and its --help text. The lists of
 * values, defaults and limits come from the public header (TCSS_REGISTRY_TYPES,
 * TCSS_DEFAULT_*, ...), never from a copy. libgit2's cli_opt_spec is the
 * model (src/cli/opt.h in libgit2).
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELD(f) offsetof(struct cli_config, f)

/* The field a row fills, typed by its converter. */
#define AT(type, cfg, spec) ((type *)(void *)((char *)(cfg) + (spec)->offset))

int cli_parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    size_t i;
    for (i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

/* Index of v in a comma-separated list, or -1. */
static int choice_index(const char *choices, const char *v)
{
    size_t len = strlen(v);
    int i = 0;
    const char *p = choices;
    while (p != NULL) {
        const char *comma = strchr(p, ',');
        size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (len > 0 && n == len && strncmp(p, v, n) == 0) {
            return i;
        }
        p = comma != NULL ? comma + 1 : NULL;
        i++;
    }
    return -1;
}

/* Digits only: no sign, no spaces, no hex, no trailing junk. */
static int parse_whole(const char *v, long long min, long long max,
                       long long *out)
{
    char *end;
    long long n;
    if (v[0] == '\0' || strspn(v, "0123456789") != strlen(v)) {
        return -1;
    }
    errno = 0;
    n = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || n < min || n > max) {
        return -1;
    }
    *out = n;
    return 0;
}

static int bad_value(const struct cli_opt_spec *spec, const char *value,
                     const char *shown, char *msg, size_t msg_size)
{
    if (spec->choices != NULL) {
        char list[256];
        size_t i, j = 0;
        /* "a,b,c" reads "a, b, c" in a message. */
        for (i = 0; spec->choices[i] != '\0' && j + 3 < sizeof list; i++) {
            list[j++] = spec->choices[i];
            if (spec->choices[i] == ',') {
                list[j++] = ' ';
            }
        }
        list[j] = '\0';
        snprintf(msg, msg_size, "%s: '%s' is not one of %s", shown, value,
                 list);
    } else if (spec->expect != NULL) {
        snprintf(msg, msg_size, "%s: '%s' is not %s", shown, value,
                 spec->expect);
    } else if (spec->max == LLONG_MAX) {
        snprintf(msg, msg_size, "%s: '%s' is not a whole number >= %lld",
                 shown, value, spec->min);
    } else {
        snprintf(msg, msg_size,
                 "%s: '%s' is not a whole number from %lld to %lld", shown,
                 value, spec->min, spec->max);
    }
    return CLI_EXIT_USAGE;
}

static int conv_string(struct cli_config *cfg, const struct cli_opt_spec *spec,
                       const char *value, const char *shown, char *msg,
                       size_t msg_size)
{
    (void)shown, (void)msg, (void)msg_size;
    *AT(const char *, cfg, spec) = value;
    return 0;
}

static int conv_choice(struct cli_config *cfg, const struct cli_opt_spec *spec,
                       const char *value, const char *shown, char *msg,
                       size_t msg_size)
{
    if (choice_index(spec->choices, value) < 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(const char *, cfg, spec) = value;
    return 0;
}

/* A choice stored as its index; a number 0..max is accepted too. */
static int conv_index(struct cli_config *cfg, const struct cli_opt_spec *spec,
                      const char *value, const char *shown, char *msg,
                      size_t msg_size)
{
    long long n = choice_index(spec->choices, value);
    if (n < 0 && parse_whole(value, 0, spec->max, &n) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(int, cfg, spec) = (int)n;
    return 0;
}

static int conv_output(struct cli_config *cfg, const struct cli_opt_spec *spec,
                       const char *value, const char *shown, char *msg,
                       size_t msg_size)
{
    int i = choice_index(spec->choices, value);
    if (i < 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    cfg->format = i == 1 ? FORMAT_JSON : i == 2 ? FORMAT_ENV : FORMAT_TEXT;
    return 0;
}

static int conv_bool(struct cli_config *cfg, const struct cli_opt_spec *spec,
                     const char *value, const char *shown, char *msg,
                     size_t msg_size)
{
    if (cli_parse_bool(value, AT(int, cfg, spec)) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    return 0;
}

/* "--password-stdin=VALUE" may well be the password itself: never shown. */
static int conv_secret_switch(struct cli_config *cfg,
                              const struct cli_opt_spec *spec,
                              const char *value, const char *shown, char *msg,
                              size_t msg_size)
{
    if (cli_parse_bool(value, AT(int, cfg, spec)) != 0) {
        snprintf(msg, msg_size, "%s takes no value (%s)", shown, spec->expect);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int conv_long_long(struct cli_config *cfg,
                          const struct cli_opt_spec *spec, const char *value,
                          const char *shown, char *msg, size_t msg_size)
{
    if (parse_whole(value, spec->min, spec->max, AT(long long, cfg, spec)) !=
        0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    return 0;
}

static int conv_unsigned(struct cli_config *cfg,
                         const struct cli_opt_spec *spec, const char *value,
                         const char *shown, char *msg, size_t msg_size)
{
    long long n;
    if (parse_whole(value, spec->min, spec->max, &n) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(unsigned int, cfg, spec) = (unsigned int)n;
    return 0;
}

/* Decimal seconds into milliseconds: strtod alone would take "inf",
 * "0x1p3", "1e3". */
static int conv_seconds(struct cli_config *cfg, const struct cli_opt_spec *spec,
                        const char *value, const char *shown, char *msg,
                        size_t msg_size)
{
    char *end;
    double secs;
    errno = 0;
    secs = strtod(value, &end);
    if (value[0] < '0' || value[0] > '9' || errno != 0 || *end != '\0' ||
        strpbrk(value, "xXeEpPnN") != NULL || !(secs > 0) ||
        secs > (double)spec->max || secs * 1000.0 < 1.0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(long, cfg, spec) = (long)(secs * 1000.0 + 0.5);
    return 0;
}

#define TIMEOUT_MAX_S 86400
#define STR_(x) #x
#define STR(x) STR_(x)

const struct cli_opt_spec cli_opt_specs[OPT__COUNT] = {
    [OPT_NAME] = {"name", "NAME", NULL, "PLUGIN_NAME", KIND_VALUE,
                  GROUP_REGISTRY, conv_string, FIELD(spec.name), NULL, 0, 0,
                  NULL, NULL, 0, "registry name (required)"},
    [OPT_URL] = {"url", "URL", NULL, "PLUGIN_URL", KIND_VALUE, GROUP_REGISTRY,
                 conv_string, FIELD(spec.url), NULL, 0, 0, NULL, NULL, 0,
                 "http(s)://host[:port] (required)"},
    [OPT_REGISTRY_TYPE] = {"registry-type", "TYPE", NULL,
                           "PLUGIN_REGISTRY_TYPE", KIND_VALUE, GROUP_REGISTRY,
                           conv_choice, FIELD(spec.registry_type),
                           TCSS_REGISTRY_TYPES, 0, 0, NULL, NULL, 0,
                           "registry type (required)"},
    [OPT_USERNAME] = {"username", "USER", NULL, "PLUGIN_USERNAME", KIND_VALUE,
                      GROUP_REGISTRY, conv_string, FIELD(spec.username), NULL,
                      0, 0, NULL, NULL, 0, "registry user name (required)"},
    [OPT_NET_TYPE] = {"net-type", "TYPE", NULL, "PLUGIN_NET_TYPE", KIND_VALUE,
                      GROUP_REGISTRY, conv_choice, FIELD(spec.net_type),
                      TCSS_NET_TYPES, 0, 0, NULL, "public", 0,
                      "network type"},
    [OPT_REGISTRY_VERSION] = {"registry-version", "VERSION", NULL,
                              "PLUGIN_REGISTRY_VERSION", KIND_VALUE,
                              GROUP_REGISTRY, conv_string,
                              FIELD(spec.registry_version), NULL, 0, 0, NULL,
                              NULL, 0, "e.g. V2"},
    [OPT_REGISTRY_REGION] = {"registry-region", "REGION", NULL,
                             "PLUGIN_REGISTRY_REGION", KIND_VALUE,
                             GROUP_REGISTRY, conv_string,
                             FIELD(spec.registry_region), NULL, 0, 0, NULL,
                             NULL, 0,
                             "registry region (the service's default: "
                             "default)"},
    [OPT_SPEED_LIMIT] = {"speed-limit", "N", NULL, "PLUGIN_SPEED_LIMIT",
                         KIND_VALUE, GROUP_REGISTRY, conv_long_long,
                         FIELD(spec.speed_limit), NULL, 0, LLONG_MAX, NULL,
                         NULL, 0,
                         "speed limit, a whole number >= 0"},
    [OPT_INSECURE] = {"insecure", NULL, NULL, "PLUGIN_INSECURE", KIND_BOOL,
                      GROUP_REGISTRY, conv_bool, FIELD(spec.insecure), NULL,
                      0, 0, "a boolean (use true or false)", NULL, 0,
                      "TCSS skips the registry's certificate check"},
    [OPT_CONN_DETECT] = {"conn-detect", "QUUID:UUID", NULL,
                         "PLUGIN_CONN_DETECT", KIND_LIST, GROUP_REGISTRY, NULL,
                         0, NULL, 0, 0, NULL, NULL, 0,
                         "connectivity-check host (repeatable; either half "
                         "may be empty, not both)"},
    [OPT_NEED_SCAN] = {"need-scan", NULL, NULL, "PLUGIN_NEED_SCAN", KIND_BOOL,
                       GROUP_REGISTRY, conv_bool, FIELD(spec.need_scan), NULL,
                       0, 0, "a boolean (use true or false)", NULL, 0,
                       "authorize and scan images automatically"},
    [OPT_SYNC_MODE] = {"sync-mode", "MODE", NULL, "PLUGIN_SYNC_MODE",
                       KIND_VALUE, GROUP_REGISTRY, conv_index,
                       FIELD(spec.sync_mode), "full,incremental", 0, 1, NULL,
                       NULL, 0, "how images are synchronised; 0 and 1 stand for full and "
                       "incremental"},
    [OPT_WEBHOOK_URL] = {"webhook-url", "URL", NULL, "PLUGIN_WEBHOOK_URL",
                         KIND_VALUE, GROUP_REGISTRY, conv_string,
                         FIELD(spec.webhook_url), NULL, 0, 0, NULL, NULL, 0,
                         "webhook address"},
    [OPT_INSTANCE_ID] = {"instance-id", "ID", NULL, "PLUGIN_INSTANCE_ID",
                         KIND_VALUE, GROUP_REGISTRY, conv_string,
                         FIELD(spec.instance_id), NULL, 0, 0, NULL, NULL, 0,
                         "TCR instance id"},
    [OPT_PASSWORD_STDIN] = {"password-stdin", NULL, NULL, NULL, KIND_BOOL,
                            GROUP_SECRET, conv_secret_switch,
                            FIELD(password_stdin), NULL, 0, 0,
                            "the password comes on standard input; the value "
                            "given is not shown",
                            NULL, 0,
                            "read the registry password from standard input"},
    [OPT_PASSWORD_FILE] = {"password-file", "FILE", "TCSS_REGISTRY_PASSWORD",
                           "PLUGIN_PASSWORD_FILE", KIND_VALUE, GROUP_SECRET,
                           conv_string, FIELD(password_file), NULL, 0, 0, NULL,
                           NULL, 0, "read the registry password from FILE"},
    [OPT_WEBHOOK_TOKEN_FILE] = {"webhook-token-file", "FILE",
                                "TCSS_WEBHOOK_TOKEN",
                                "PLUGIN_WEBHOOK_TOKEN_FILE", KIND_VALUE,
                                GROUP_SECRET, conv_string,
                                FIELD(webhook_token_file), NULL, 0, 0, NULL,
                                NULL, 0, "read the webhook token from FILE"},
    [OPT_FAIL_ON_HEALTH_CHECK] = {
        "fail-on-health-check", NULL, NULL, "PLUGIN_FAIL_ON_HEALTH_CHECK",
        KIND_BOOL, GROUP_REGISTRY, conv_bool, FIELD(fail_on_health_check),
        NULL, 0, 0, "a boolean (use true or false)", NULL, 0,
        "exit 8 when TCSS added the registry but could not reach it (default: "
        "warn, exit 0). TCSS health-checks a registry only when it adds it: "
        "when the name already existed there is no result to fail on, and "
        "the output says so (HealthChecked false)"},
    [OPT_ENDPOINT] = {"endpoint", "URL", "TCSS_ENDPOINT", "PLUGIN_ENDPOINT",
                      KIND_VALUE, GROUP_GLOBAL, conv_string,
                      FIELD(client.endpoint), NULL, 0, 0, NULL,
                      TCSS_DEFAULT_ENDPOINT, 0,
                      "API endpoint (http:// only for loopback hosts)"},
    [OPT_REGION] = {"region", "REGION", "TENCENTCLOUD_REGION", "PLUGIN_REGION",
                    KIND_VALUE, GROUP_GLOBAL, conv_string,
                    FIELD(client.region), NULL, 0, 0, NULL, "not sent", 0,
                    "X-TC-Region"},
    [OPT_PROFILE] = {"profile", "NAME", "TENCENTCLOUD_PROFILE",
                     "PLUGIN_PROFILE", KIND_VALUE, GROUP_GLOBAL, conv_string,
                     FIELD(client.profile), NULL, 0, 0, NULL, "default", 0,
                     "profile in ~/.tencentcloud/credentials"},
    /* Keyless credentials. The library reads the Terraform provider's and
     * TKE's variables itself (TENCENTCLOUD_ASSUME_ROLE_*, TKE_*), so these
     * rows name no variable of their own except the endpoints. */
    [OPT_STS_ENDPOINT] = {"sts-endpoint", "URL", "TCSS_STS_ENDPOINT",
                          "PLUGIN_STS_ENDPOINT", KIND_VALUE, GROUP_GLOBAL,
                          conv_string, FIELD(client.sts_endpoint), NULL, 0, 0,
                          NULL, "https://sts.intl.tencentcloudapi.com", 0,
                          "STS endpoint for the web identity exchange "
                          "(http:// only for loopback hosts)"},
    [OPT_ROLE_ARN] = {"role-arn", "ARN", NULL, "PLUGIN_ROLE_ARN", KIND_VALUE,
                      GROUP_GLOBAL, conv_string, FIELD(client.role_arn), NULL,
                      0, 0, NULL, "$TENCENTCLOUD_ASSUME_ROLE_ARN", 0,
                      "keyless: the CAM role to assume with the web "
                      "identity token"},
    [OPT_PROVIDER_ID] = {"provider-id", "ID", NULL, "PLUGIN_PROVIDER_ID",
                         KIND_VALUE, GROUP_GLOBAL, conv_string,
                         FIELD(client.provider_id), NULL, 0, 0, NULL,
                         "$TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID, else OIDC", 0,
                         "keyless: the CAM identity provider"},
    [OPT_WEB_IDENTITY_TOKEN_FILE] = {
        "web-identity-token-file", "FILE", NULL,
        "PLUGIN_WEB_IDENTITY_TOKEN_FILE", KIND_VALUE, GROUP_GLOBAL,
        conv_string, FIELD(client.web_identity_token_file), NULL, 0, 0, NULL,
        "$TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN(_FILE)", 0,
        "keyless: a file holding the CI job's OIDC token (read again when it "
        "is rotated)"},
    [OPT_ROLE_SESSION_NAME] = {"role-session-name", "NAME", NULL,
                               "PLUGIN_ROLE_SESSION_NAME", KIND_VALUE,
                               GROUP_GLOBAL, conv_string,
                               FIELD(client.role_session_name), NULL, 0, 0,
                               NULL, "from the CI job", 0,
                               "keyless: the role session name"},
    [OPT_SESSION_DURATION] = {"session-duration", "SECONDS", NULL,
                              "PLUGIN_SESSION_DURATION", KIND_VALUE,
                              GROUP_GLOBAL, conv_unsigned,
                              FIELD(client.session_duration), NULL, 1, 43200,
                              NULL, NULL, 7200,
                              "keyless: lifetime of the temporary "
                              "credentials"},
    [OPT_METADATA_ENDPOINT] = {"metadata-endpoint", "URL",
                               "TCSS_METADATA_ENDPOINT",
                               "PLUGIN_METADATA_ENDPOINT", KIND_VALUE,
                               GROUP_GLOBAL, conv_string,
                               FIELD(client.metadata_endpoint), NULL, 0, 0,
                               NULL, "http://metadata.tencentyun.com", 0,
                               "CVM metadata service (instance role "
                               "credentials, the last source)"},
    [OPT_NO_METADATA] = {"no-metadata", NULL, NULL, "PLUGIN_NO_METADATA",
                         KIND_BOOL, GROUP_GLOBAL, conv_bool,
                         FIELD(client.no_metadata), NULL, 0, 0,
                         "a boolean (use true or false)", NULL, 0,
                         "never ask the CVM metadata service (also "
                         "TCSS_NO_METADATA=1)"},
    [OPT_CA_FILE] = {"ca-file", "FILE", NULL, "PLUGIN_CA_FILE", KIND_VALUE,
                     GROUP_GLOBAL, conv_string, FIELD(client.ca_file), NULL, 0,
                     0, NULL, NULL, 0,
                     "PEM CA bundle for the endpoint (verification is always "
                     "on)"},
    [OPT_TIMEOUT] = {"timeout", "SECONDS", NULL, "PLUGIN_TIMEOUT", KIND_VALUE,
                     GROUP_GLOBAL, conv_seconds, FIELD(client.timeout_ms),
                     NULL, 0, TIMEOUT_MAX_S,
                     "a number of seconds (more than 0, at most "
                     STR(TIMEOUT_MAX_S) ", e.g. 30 or 2.5)",
                     NULL, TCSS_DEFAULT_TIMEOUT_MS / 1000,
                     "the whole call, retries included; decimals allowed, at "
                     "most " STR(TIMEOUT_MAX_S)},
    [OPT_MAX_ATTEMPTS] = {"max-attempts", "N", NULL, "PLUGIN_MAX_ATTEMPTS",
                          KIND_VALUE, GROUP_GLOBAL, conv_unsigned,
                          FIELD(client.max_attempts), NULL, 1,
                          TCSS_MAX_ATTEMPTS_LIMIT,
                          NULL, NULL,
                          TCSS_DEFAULT_MAX_ATTEMPTS,
                          "attempts including the first"},
    [OPT_OUTPUT] = {"output", "FORMAT", NULL, "PLUGIN_OUTPUT", KIND_VALUE,
                    GROUP_GLOBAL, conv_output, 0, "text,json,env", 0, 0,
                    NULL, "text", 0,
                    "output format (env: dotenv lines, TCSS_KEY=value, "
                    "percent-encoded, never quoted)"},
    [OPT_VERBOSE] = {"verbose", NULL, NULL, "PLUGIN_VERBOSE", KIND_BOOL,
                     GROUP_GLOBAL, conv_bool, FIELD(verbose), NULL, 0, 0,
                     "a boolean (use true or false)", NULL, 0,
                     "trace requests and responses on stderr (secrets "
                     "masked)"},
    [OPT_DRY_RUN] = {"dry-run", NULL, NULL, "PLUGIN_DRY_RUN", KIND_BOOL,
                     GROUP_GLOBAL, conv_bool, FIELD(dry_run), NULL, 0, 0,
                     "a boolean (use true or false)", NULL, 0,
                     "print the request that would be sent; send nothing"},
    [OPT_VERSION] = {"version", NULL, NULL, NULL, KIND_BOOL, GROUP_GLOBAL,
                     NULL, 0, NULL, 0, 0, NULL, NULL, 0,
                     "print the tcss and libtcss versions (also -V)"},
    [OPT_HELP] = {"help", NULL, NULL, NULL, KIND_BOOL, GROUP_GLOBAL, NULL, 0,
                  NULL, 0, 0, NULL, NULL, 0,
                  "show help (also -h; tcss add-registry --help for its "
                  "options)"},
};

const char *cli_source_name(char *buf, size_t size, int opt,
                            enum cli_source source)
{
    const struct cli_opt_spec *spec = &cli_opt_specs[opt];
    if (source == SRC_PLUGIN && spec->plugin_env != NULL) {
        return spec->plugin_env;
    }
    if (source == SRC_ENV && spec->env != NULL) {
        return spec->env;
    }
    snprintf(buf, size, "--%s", spec->flag);
    return buf;
}
