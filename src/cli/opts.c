/*
 * The option table: one row per option with its long name, the ordinary
 * variable and the PLUGIN_* setting that can stand for it, the converter
 * that checks its form and stores it, and its --help text. The lists of
 * values, defaults and limits come from the public header (TCSS_REGISTRY_TYPES,
 * TCSS_DEFAULT_*, ...), never from a copy. libgit2's cli_opt_spec is the
 * model (src/cli/opt.h in libgit2).
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The field a row fills, typed by its converter. */
#define AT(type, cfg, spec) ((type *)(void *)((char *)(cfg) + (spec)->offset))

int cli_parse_bool(const char *v, int *out) {
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
static int choice_index(const char *choices, const char *v) {
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
static int parse_whole(const char *v, long long min, long long max, long long *out) {
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

static int bad_value(const struct cli_opt_spec *spec, const char *value, const char *shown, char *msg,
                     size_t msg_size) {
    if (spec->choices != NULL) {
        char list[256], hint[80];
        struct cli_suggestion near;
        size_t i, j = 0;
        /* "a,b,c" reads "a, b, c" in a message. */
        for (i = 0; spec->choices[i] != '\0' && j + 3 < sizeof list; i++) {
            list[j++] = spec->choices[i];
            if (spec->choices[i] == ',') {
                list[j++] = ' ';
            }
        }
        list[j] = '\0';
        cli_suggest_init(&near, value, strlen(value));
        cli_suggest_list(&near, spec->choices);
        snprintf(msg, msg_size, "%s: '%s' is not one of %s%s", shown, value, list,
                 cli_suggestion_text(&near, "", hint, sizeof hint));
    } else if (spec->expect != NULL) {
        snprintf(msg, msg_size, "%s: '%s' is not %s", shown, value, spec->expect);
    } else if (spec->max == LLONG_MAX) {
        snprintf(msg, msg_size, "%s: '%s' is not a whole number >= %lld", shown, value, spec->min);
    } else {
        snprintf(msg, msg_size, "%s: '%s' is not a whole number from %lld to %lld", shown, value, spec->min, spec->max);
    }
    return CLI_EXIT_USAGE;
}

static int conv_string(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                       char *msg, size_t msg_size) {
    (void)shown, (void)msg, (void)msg_size;
    *AT(const char *, cfg, spec) = value;
    return 0;
}

static int conv_choice(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                       char *msg, size_t msg_size) {
    if (choice_index(spec->choices, value) < 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(const char *, cfg, spec) = value;
    return 0;
}

/* A choice stored as its index; a number 0..max is accepted too. */
static int conv_index(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                      char *msg, size_t msg_size) {
    long long n = choice_index(spec->choices, value);
    if (n < 0 && parse_whole(value, 0, spec->max, &n) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(int, cfg, spec) = (int)n;
    return 0;
}

static int conv_output(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                       char *msg, size_t msg_size) {
    int i = choice_index(spec->choices, value);
    if (i < 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    cfg->format = i == 1 ? FORMAT_JSON : i == 2 ? FORMAT_ENV : FORMAT_TEXT;
    return 0;
}

static int conv_bool(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                     char *msg, size_t msg_size) {
    if (cli_parse_bool(value, AT(int, cfg, spec)) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    return 0;
}

/* "--password-stdin=VALUE" may well be the password itself: never shown. */
static int conv_secret_switch(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value,
                              const char *shown, char *msg, size_t msg_size) {
    if (cli_parse_bool(value, AT(int, cfg, spec)) != 0) {
        snprintf(msg, msg_size, "%s takes no value (%s)", shown, spec->expect);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int conv_long_long(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                          char *msg, size_t msg_size) {
    if (parse_whole(value, spec->min, spec->max, AT(long long, cfg, spec)) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    return 0;
}

static int conv_unsigned(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                         char *msg, size_t msg_size) {
    long long n;
    if (parse_whole(value, spec->min, spec->max, &n) != 0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(unsigned int, cfg, spec) = (unsigned int)n;
    return 0;
}

/* Decimal seconds into milliseconds: strtod alone would take "inf",
 * "0x1p3", "1e3". */
static int conv_seconds(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value, const char *shown,
                        char *msg, size_t msg_size) {
    char *end;
    double secs;
    errno = 0;
    secs = strtod(value, &end);
    if (value[0] < '0' || value[0] > '9' || errno != 0 || *end != '\0' || strpbrk(value, "xXeEpPnN") != NULL ||
        !(secs > 0) || secs > (double)spec->max || secs * 1000.0 < 1.0) {
        return bad_value(spec, value, shown, msg, msg_size);
    }
    *AT(long, cfg, spec) = (long)(secs * 1000.0 + 0.5);
    return 0;
}

#define TIMEOUT_MAX_S 86400
#define STR_(x) #x
#define STR(x) STR_(x)

/* The field a row fills: in the registry spec, in the client options (with
 * the library's name for it, which its messages use), or the CLI's own. */
#define SPEC_AT(f) .offset = offsetof(struct cli_config, spec.f)
#define SPEC(f) SPEC_AT(f), .commands = CMDS_REGISTER
#define SCAN_AT(f) .offset = offsetof(struct cli_config, scan.f)
#define SCAN(f) SCAN_AT(f), .group = GROUP_JOB, .commands = CMD_BIT(CMD_SCAN)
#define CLIENT(f) .offset = offsetof(struct cli_config, client.f), .lib_field = #f
#define OWN(f) .offset = offsetof(struct cli_config, f)
/* A keyless-credentials text option: the client field f. */
#define KEYLESS(f) .group = GROUP_KEYLESS, .convert = conv_string, CLIENT(f)
/* A switch: --flag, --flag=true|false, a setting true|false. */
#define SWITCH .kind = KIND_BOOL, .convert = conv_bool, .expect = "a boolean (use true or false)"
/* A secret only a CI step's settings carry (PLUGIN_PASSWORD, INPUT_PASSWORD):
 * read by config.c, never a flag. */
#define SETTING_ONLY(lib) .reach = REACH_SETTING_ONLY, .group = GROUP_SECRET, .secret = 1, .lib_field = lib

/* One of scan's --max-SEVERITY rows. */
#define MAX_OF(f, severity) \
    .value_name = "N", .convert = conv_long_long, SCAN(f), .min = 0, .max = LLONG_MAX, \
    .help = "most " severity " findings allowed; more fail the gate"

const struct cli_command_info cli_commands[] = {
    {CMD_ADD_REGISTRY, "add-registry",
     "--name NAME --url URL "
     "--registry-type TYPE --username USER (--password-stdin | "
     "--password-file FILE) [OPTIONS]",
     "register an image registry (AddAssetImageRegistryRegistryDetail)"},
    {CMD_ENSURE_REGISTRY, "ensure-registry",
     "(the options of add-registry) "
     "[--update auto|always|never]",
     "add the registry, or update it in place when a setting differs or "
     "its credentials fail"},
    {CMD_LIST_REGISTRIES, "list-registries", "", "list every registry"},
    {CMD_SHOW_REGISTRY, "show-registry", "--name NAME", "show one registry (never its password)"},
    {CMD_REMOVE_REGISTRY, "remove-registry", "--name NAME --yes", "remove a registry"},
    {CMD_SYNC, "sync", "--name NAME [--wait SECONDS]", "ask TCSS to sync the registry's images (and wait for it)"},
    {CMD_SCAN, "scan",
     "--name NAME --image HOST/PATH:TAG[@sha256:DIGEST] "
     "[--sync] [--wait SECONDS] [--fail-on SEVERITY] [--max-critical N] "
     "[--max-high N] [--max-medium N] [--max-low N] [--only-fixed] "
     "[--ignore-file FILE] [--report FORMAT=PATH]...",
     "scan an image in TCSS and gate on its findings"},
    {CMD_HELP, "help", "[COMMAND]", "show help"},
    {CMD_COMPLETION, "completion", "bash|zsh|fish", "print a shell completion script"},
    {CMD_NONE, NULL, NULL, NULL},
};

const struct cli_command_info *cli_command_named(const char *name) {
    const struct cli_command_info *c;
    for (c = cli_commands; name != NULL && c->name != NULL; c++) {
        if (strcmp(c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

const char *cli_command_name(enum cli_command command) {
    const struct cli_command_info *c;
    for (c = cli_commands; c->name != NULL; c++) {
        if (c->command == command) {
            return c->name;
        }
    }
    return "tcss";
}

const struct cli_opt_spec cli_opt_specs[OPT__COUNT] = {
    [OPT_NAME] = {.flag = "name",
                  .value_name = "NAME",
                  .convert = conv_string,
                  SPEC_AT(name),
                  .commands = CMDS_NAMED,
                  .required = CMDS_NAMED,
                  .help = "registry name (required)"},
    [OPT_URL] = {.flag = "url",
                 .value_name = "URL",
                 .required = CMDS_REGISTER,
                 .convert = conv_string,
                 SPEC(url),
                 .help = "http(s)://host[:port] (required)"},
    [OPT_REGISTRY_TYPE] = {.flag = "registry-type",
                           .value_name = "TYPE",
                           .required = CMDS_REGISTER,
                           .convert = conv_choice,
                           SPEC(registry_type),
                           .choices = TCSS_REGISTRY_TYPES,
                           .help = "registry type (required)"},
    [OPT_USERNAME] = {.flag = "username",
                      .value_name = "USER",
                      .required = CMDS_REGISTER,
                      .convert = conv_string,
                      SPEC(username),
                      .help = "registry user name (required)"},
    [OPT_NET_TYPE] = {.flag = "net-type",
                      .value_name = "TYPE",
                      .convert = conv_choice,
                      SPEC(net_type),
                      .choices = TCSS_NET_TYPES,
                      .def = "public",
                      .help = "network type"},
    [OPT_REGISTRY_VERSION] = {.flag = "registry-version",
                              .value_name = "VERSION",
                              .convert = conv_string,
                              SPEC(registry_version),
                              .help = "e.g. V2"},
    [OPT_REGISTRY_REGION] = {.flag = "registry-region",
                             .value_name = "REGION",
                             .convert = conv_string,
                             SPEC(registry_region),
                             .help = "registry region (the service's "
                                     "default: default)"},
    [OPT_SPEED_LIMIT] = {.flag = "speed-limit",
                         .value_name = "N",
                         .convert = conv_long_long,
                         SPEC(speed_limit),
                         .min = 0,
                         .max = LLONG_MAX,
                         .help = "speed limit, a whole number >= 0"},
    [OPT_INSECURE] = {.flag = "insecure",
                      SWITCH,
                      SPEC(insecure),
                      .help = "TCSS skips the registry's certificate check"},
    [OPT_CONN_DETECT] = {.flag = "conn-detect",
                         .value_name = "QUUID:UUID",
                         .kind = KIND_LIST,
                         .commands = CMDS_REGISTER,
                         .help = "connectivity-check host (repeatable; either "
                                 "half may be empty, not both)"},
    [OPT_NEED_SCAN] = {.flag = "need-scan", SWITCH, SPEC(need_scan), .help = "authorize and scan images automatically"},
    [OPT_SYNC_MODE] = {.flag = "sync-mode",
                       .value_name = "MODE",
                       .convert = conv_index,
                       SPEC(sync_mode),
                       .choices = "full,incremental",
                       .max = 1,
                       .help = "how images are synchronised; 0 and 1 stand "
                               "for full and incremental"},
    [OPT_WEBHOOK_URL] = {.flag = "webhook-url",
                         .value_name = "URL",
                         .convert = conv_string,
                         SPEC(webhook_url),
                         .help = "webhook address"},
    [OPT_INSTANCE_ID] = {.flag = "instance-id",
                         .value_name = "ID",
                         .convert = conv_string,
                         SPEC(instance_id),
                         .help = "TCR instance id"},
    [OPT_PASSWORD_STDIN] = {.flag = "password-stdin",
                            .kind = KIND_BOOL,
                            .reach = REACH_FLAG_ONLY,
                            .group = GROUP_SECRET,
                            .commands = CMDS_REGISTER,
                            .convert = conv_secret_switch,
                            OWN(password_stdin),
                            .expect = "the password comes on standard input; "
                                      "the value given is not shown",
                            .help = "read the registry password from "
                                    "standard input"},
    [OPT_PASSWORD_FILE] = {.flag = "password-file",
                           .value_name = "FILE",
                           .group = GROUP_SECRET,
                           .commands = CMDS_REGISTER,
                           .env = "TCSS_REGISTRY_PASSWORD",
                           .convert = conv_string,
                           OWN(password_file),
                           .help = "read the registry password from FILE"},
    [OPT_WEBHOOK_TOKEN_FILE] = {.flag = "webhook-token-file",
                                .value_name = "FILE",
                                .env = "TCSS_WEBHOOK_TOKEN",
                                .group = GROUP_SECRET,
                                .convert = conv_string,
                                .commands = CMDS_REGISTER,
                                OWN(webhook_token_file),
                                .help = "read the webhook token from FILE"},
    [OPT_FAIL_ON_HEALTH_CHECK] = {.flag = "fail-on-health-check",
                                  SWITCH,
                                  OWN(fail_on_health_check),
                                  .commands = CMDS_REGISTER,
                                  .help = "exit 8 when TCSS added the registry but could not reach it "
                                          "(default: warn, exit 0). TCSS health-checks a registry only "
                                          "when it adds it: when the name already existed there is no "
                                          "result to fail on, and the output says so (HealthChecked "
                                          "false)"},
    [OPT_UPDATE] = {.flag = "update",
                    .value_name = "WHEN",
                    .group = GROUP_JOB,
                    .commands = CMD_BIT(CMD_ENSURE_REGISTRY),
                    .convert = conv_index,
                    OWN(update),
                    .choices = "auto,always,never",
                    .max = 2,
                    .def = "auto",
                    .help = "ensure-registry: when to update a registry "
                            "that exists: auto (a setting given differs, or "
                            "TCSS reports its credentials failing), always, "
                            "or never (only say what differs)"},
    [OPT_YES] = {.flag = "yes",
                 SWITCH,
                 .reach = REACH_FLAG_ONLY,
                 .group = GROUP_JOB,
                 .commands = CMD_BIT(CMD_REMOVE_REGISTRY),
                 OWN(yes),
                 .help = "remove-registry: confirm the removal (without it "
                         "nothing is sent)"},
    [OPT_IMAGE] = {.flag = "image",
                   .value_name = "IMAGE",
                   .convert = conv_string,
                   SCAN(image),
                   .required = CMD_BIT(CMD_SCAN),
                   .help = "HOST/PATH:TAG[@sha256:DIGEST], the image to scan "
                           "(required); the digest, when given, decides"},
    [OPT_SYNC] = {.flag = "sync", SWITCH, SCAN(sync), .help = "sync the registry first, then find the image"},
    [OPT_WAIT] = {.flag = "wait",
                  .value_name = "SECONDS",
                  .convert = conv_seconds,
                  SCAN_AT(wait_ms),
                  .group = GROUP_JOB,
                  .commands = CMD_BIT(CMD_SYNC) | CMD_BIT(CMD_SCAN),
                  .max = TIMEOUT_MAX_S,
                  .expect = "a number of seconds (more than 0, at most " STR(TIMEOUT_MAX_S) ")",
                  .def = "sync: no wait; scan: 600",
                  .help = "sync: wait until this sync has finished; scan: "
                          "the whole wait (the sync, the image appearing, "
                          "the scan), then the scan is stopped"},
    [OPT_FAIL_ON] = {.flag = "fail-on",
                     .value_name = "SEVERITY",
                     .convert = conv_choice,
                     SCAN(fail_on),
                     .choices = "critical,high,medium,low,none",
                     .def = "none",
                     .help = "fail the gate on any finding at this severity "
                             "or above"},
    [OPT_MAX_CRITICAL] = {.flag = "max-critical", MAX_OF(max_critical, "critical")},
    [OPT_MAX_HIGH] = {.flag = "max-high", MAX_OF(max_high, "high")},
    [OPT_MAX_MEDIUM] = {.flag = "max-medium", MAX_OF(max_medium, "medium")},
    [OPT_MAX_LOW] = {.flag = "max-low", MAX_OF(max_low, "low")},
    [OPT_ONLY_FIXED] = {.flag = "only-fixed", SWITCH, SCAN(only_fixed), .help = "count only findings that have a fix"},
    [OPT_IGNORE_FILE] = {.flag = "ignore-file",
                         .value_name = "FILE",
                         .convert = conv_string,
                         SCAN(ignore_file),
                         .help = "CVE or POCID entries to ignore, each with a "
                                 "reason and an optional expiry date"},
    [OPT_REPORT] = {.flag = "report",
                    .value_name = "FORMAT=PATH",
                    .kind = KIND_LIST,
                    .group = GROUP_JOB,
                    .commands = CMD_BIT(CMD_SCAN),
                    .help = "write a report; FORMAT is gitlab, sarif, junit "
                            "or json (repeatable; written whatever the "
                            "outcome)"},
    [OPT_PASSWORD] = {.flag = "password", SETTING_ONLY(NULL), .help = "the registry password"},
    [OPT_WEBHOOK_TOKEN] = {.flag = "webhook-token", SETTING_ONLY(NULL), .help = "the webhook token"},
    [OPT_SECRET_ID] = {.flag = "secret-id", SETTING_ONLY("secret_id"), .help = "the API SecretId"},
    [OPT_SECRET_KEY] = {.flag = "secret-key", SETTING_ONLY("secret_key"), .help = "the API SecretKey"},
    [OPT_SESSION_TOKEN] = {.flag = "session-token",
                           SETTING_ONLY("session_token"),
                           .help = "the API session token (temporary keys)"},
    [OPT_COMMAND] = {.flag = "command",
                     .reach = REACH_SETTING_ONLY,
                     .group = GROUP_GLOBAL,
                     .choices = "add-registry,ensure-registry,scan",
                     .def = "add-registry",
                     .help = "the command a CI step runs: add-registry "
                             "(the default), ensure-registry or scan"},
    [OPT_ENDPOINT] = {.flag = "endpoint",
                      .value_name = "URL",
                      .env = "TCSS_ENDPOINT",
                      .group = GROUP_GLOBAL,
                      .convert = conv_string,
                      CLIENT(endpoint),
                      .def = TCSS_DEFAULT_ENDPOINT,
                      .help = "API endpoint (http:// only for loopback "
                              "hosts)"},
    [OPT_REGION] = {.flag = "region",
                    .value_name = "REGION",
                    .env = "TENCENTCLOUD_REGION",
                    .group = GROUP_GLOBAL,
                    .convert = conv_string,
                    CLIENT(region),
                    .def = "not sent",
                    .help = "X-TC-Region"},
    [OPT_PROFILE] = {.flag = "profile",
                     .value_name = "NAME",
                     .env = "TENCENTCLOUD_PROFILE",
                     .group = GROUP_GLOBAL,
                     .convert = conv_string,
                     CLIENT(profile),
                     .def = "default",
                     .help = "profile in ~/.tencentcloud/credentials"},
    /* Keyless credentials. The library reads the Terraform provider's and
     * TKE's variables itself (TENCENTCLOUD_ASSUME_ROLE_*, TKE_*), so these
     * rows name no variable of their own except the endpoints. */
    [OPT_STS_ENDPOINT] = {.flag = "sts-endpoint",
                          .value_name = "URL",
                          .env = "TCSS_STS_ENDPOINT",
                          KEYLESS(sts_endpoint),
                          .def = TCSS_DEFAULT_STS_ENDPOINT "; " TCSS_MAINLAND_STS_ENDPOINT " for a mainland "
                                                           "endpoint",
                          .help = "STS endpoint for the web identity exchange "
                                  "(http:// only for loopback hosts)"},
    [OPT_ROLE_ARN] = {.flag = "role-arn",
                      .value_name = "ARN",
                      KEYLESS(role_arn),
                      .def = "$TENCENTCLOUD_ASSUME_ROLE_ARN",
                      .help = "keyless: the CAM role to assume with the web "
                              "identity token"},
    [OPT_PROVIDER_ID] = {.flag = "provider-id",
                         .value_name = "ID",
                         KEYLESS(provider_id),
                         .def = "$TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID, else "
                                "OIDC",
                         .help = "keyless: the CAM identity provider"},
    [OPT_WEB_IDENTITY_TOKEN_FILE] = {.flag = "web-identity-token-file",
                                     .value_name = "FILE",
                                     KEYLESS(web_identity_token_file),
                                     .def = "$TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN(_FILE)",
                                     .help = "keyless: a file holding the CI job's OIDC token (read again "
                                             "when it is rotated)"},
    [OPT_ROLE_SESSION_NAME] = {.flag = "role-session-name",
                               .value_name = "NAME",
                               KEYLESS(role_session_name),
                               .def = "from the CI job",
                               .help = "keyless: the role session name"},
    [OPT_SESSION_DURATION] = {.flag = "session-duration",
                              .value_name = "SECONDS",
                              .group = GROUP_KEYLESS,
                              .convert = conv_unsigned,
                              CLIENT(session_duration),
                              .min = TCSS_MIN_SESSION_DURATION,
                              .max = TCSS_MAX_SESSION_DURATION,
                              .def_num = TCSS_DEFAULT_SESSION_DURATION,
                              .help = "keyless: lifetime of the temporary "
                                      "credentials"},
    [OPT_METADATA_ENDPOINT] = {.flag = "metadata-endpoint",
                               .value_name = "URL",
                               .env = "TCSS_METADATA_ENDPOINT",
                               KEYLESS(metadata_endpoint),
                               .def = TCSS_DEFAULT_METADATA_ENDPOINT,
                               .help = "CVM metadata service (instance role "
                                       "credentials, the last source)"},
    [OPT_NO_METADATA] = {.flag = "no-metadata",
                         SWITCH,
                         .group = GROUP_KEYLESS,
                         CLIENT(no_metadata),
                         .help = "never ask the CVM metadata service (also "
                                 "TCSS_NO_METADATA=1)"},
    [OPT_CA_FILE] = {.flag = "ca-file",
                     .value_name = "FILE",
                     .group = GROUP_GLOBAL,
                     .convert = conv_string,
                     CLIENT(ca_file),
                     .help = "PEM CA bundle for the endpoint (verification "
                             "is always on)"},
    [OPT_TIMEOUT] = {.flag = "timeout",
                     .value_name = "SECONDS",
                     .group = GROUP_GLOBAL,
                     .convert = conv_seconds,
                     CLIENT(timeout_ms),
                     .max = TIMEOUT_MAX_S,
                     .expect = "a number of seconds (more than 0, at most " STR(TIMEOUT_MAX_S) ", e.g. 30 or 2.5)",
                     .def_num = TCSS_DEFAULT_TIMEOUT_MS / 1000,
                     .help = "the whole call, retries included; decimals "
                             "allowed, at most " STR(TIMEOUT_MAX_S)},
    [OPT_MAX_ATTEMPTS] = {.flag = "max-attempts",
                          .value_name = "N",
                          .group = GROUP_GLOBAL,
                          .convert = conv_unsigned,
                          CLIENT(max_attempts),
                          .min = 1,
                          .max = TCSS_MAX_ATTEMPTS_LIMIT,
                          .def_num = TCSS_DEFAULT_MAX_ATTEMPTS,
                          .help = "attempts including the first"},
    [OPT_OUTPUT] = {.flag = "output",
                    .value_name = "FORMAT",
                    .group = GROUP_GLOBAL,
                    .convert = conv_output,
                    .choices = "text,json,env",
                    .def = "text",
                    .help = "output format (env: dotenv lines, TCSS_KEY=value, "
                            "percent-encoded, never quoted)"},
    [OPT_VERBOSE] = {.flag = "verbose",
                     SWITCH,
                     .group = GROUP_GLOBAL,
                     OWN(verbose),
                     .help = "trace requests and responses on stderr "
                             "(secrets masked)"},
    [OPT_QUIET] = {.flag = "quiet",
                   SWITCH,
                   .group = GROUP_GLOBAL,
                   OWN(quiet),
                   .help = "for scripts: no result line and no notes in text "
                           "output (the exit code says it); warnings and "
                           "errors still on stderr"},
    [OPT_DRY_RUN] = {.flag = "dry-run",
                     SWITCH,
                     .group = GROUP_GLOBAL,
                     .commands = CMD_BIT(CMD_ADD_REGISTRY),
                     OWN(dry_run),
                     .help = "print the request that would be sent; send "
                             "nothing"},
    [OPT_VERSION] = {.flag = "version",
                     .kind = KIND_BOOL,
                     .reach = REACH_FLAG_ONLY,
                     .group = GROUP_GLOBAL,
                     .help = "print the tcss and libtcss versions (also -V)"},
    [OPT_HELP] = {.flag = "help",
                  .kind = KIND_BOOL,
                  .reach = REACH_FLAG_ONLY,
                  .group = GROUP_GLOBAL,
                  .help = "show help (also -h; tcss add-registry --help for "
                          "its options)"},
};

/* PLUGIN_REGISTRY_TYPE (Woodpecker, Drone: '-' as '_') or
 * INPUT_REGISTRY-TYPE (GitHub Actions: '-' kept). */
const char *cli_setting_var(char *buf, size_t size, int opt, enum cli_source source) {
    const char *prefix = source == SRC_INPUT ? "INPUT_" : "PLUGIN_";
    const char *p = cli_opt_specs[opt].flag;
    size_t j = (size_t)snprintf(buf, size, "%s", prefix);
    for (; *p != '\0' && j + 1 < size; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        buf[j++] = c == '-' && source != SRC_INPUT ? '_' : c;
    }
    buf[j < size ? j : size - 1] = '\0';
    return buf;
}

const char *cli_source_name(char *buf, size_t size, int opt, enum cli_source source) {
    const struct cli_opt_spec *spec = &cli_opt_specs[opt];
    if (source == SRC_ENV && spec->env != NULL) {
        return spec->env;
    }
    if (source == SRC_INPUT) {
        snprintf(buf, size, "input %s", spec->flag);
        return buf;
    }
    if (source == SRC_PLUGIN || spec->reach == REACH_SETTING_ONLY) {
        return cli_setting_var(buf, size, opt, SRC_PLUGIN);
    }
    snprintf(buf, size, "--%s", spec->flag);
    return buf;
}

/* Edits between a and b, case folded, a swap of two neighbours counting as
 * one (optimal string alignment); words longer than 63 bytes: a lot. */
static size_t distance(const char *a, size_t n, const char *b, size_t m) {
    size_t d[64][64], i, j;
    if (n >= 64 || m >= 64) {
        return 64;
    }
    for (i = 0; i <= n; i++) {
        for (j = 0; j <= m; j++) {
            size_t best = i + j, cost;
            if (i > 0 && j > 0) {
                cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
                best = d[i - 1][j - 1] + cost;
                best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
                best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best) {
                    best = d[i - 2][j - 2] + 1;
                }
            }
            d[i][j] = best;
        }
    }
    return d[n][m];
}

void cli_suggest_init(struct cli_suggestion *s, const char *word, size_t len) {
    s->word = word;
    s->len = len;
    s->best = NULL;
    s->best_len = 0;
    s->best_distance = 3;
}

void cli_suggest_offer(struct cli_suggestion *s, const char *cand, size_t len) {
    /* Near enough: at most two edits, and one for a word of under six. */
    size_t limit = len < 6 ? 1 : 2;
    size_t d = distance(s->word, s->len, cand, len);
    if (d <= limit && d < s->best_distance) {
        s->best = cand;
        s->best_len = len;
        s->best_distance = d;
    }
}

void cli_suggest_list(struct cli_suggestion *s, const char *list) {
    while (list != NULL) {
        const char *comma = strchr(list, ',');
        cli_suggest_offer(s, list, comma != NULL ? (size_t)(comma - list) : strlen(list));
        list = comma != NULL ? comma + 1 : NULL;
    }
}

/* " (did you mean --registry-type?)", or "" when nothing is near. */
const char *cli_suggestion_text(const struct cli_suggestion *s, const char *prefix, char *buf, size_t size) {
    if (s->best == NULL) {
        return "";
    }
    snprintf(buf, size, " (did you mean %s%.*s?)", prefix, (int)s->best_len, s->best);
    return buf;
}
