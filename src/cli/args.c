/*
 * The command line and the Woodpecker/Drone PLUGIN_* settings: collected raw
 * first (flags, then PLUGIN_* for whatever no flag set), then checked for
 * form in one place so every message names the flag or variable it is about.
 */
#include "cli.h"

#include <cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum opt_kind {
    KIND_VALUE,   /* --flag VALUE or --flag=VALUE */
    KIND_BOOL,    /* --flag, or --flag=true|false */
    KIND_LIST     /* repeatable --flag VALUE */
};

struct opt_def {
    const char *flag;        /* without the leading "--" */
    const char *plugin_env;  /* NULL: not settable through PLUGIN_* */
    enum opt_kind kind;
};

static const struct opt_def opt_defs[OPT__COUNT] = {
    [OPT_NAME] = {"name", "PLUGIN_NAME", KIND_VALUE},
    [OPT_URL] = {"url", "PLUGIN_URL", KIND_VALUE},
    [OPT_REGISTRY_TYPE] = {"registry-type", "PLUGIN_REGISTRY_TYPE", KIND_VALUE},
    [OPT_USERNAME] = {"username", "PLUGIN_USERNAME", KIND_VALUE},
    [OPT_NET_TYPE] = {"net-type", "PLUGIN_NET_TYPE", KIND_VALUE},
    [OPT_REGISTRY_VERSION] = {"registry-version", "PLUGIN_REGISTRY_VERSION",
                              KIND_VALUE},
    [OPT_REGISTRY_REGION] = {"registry-region", "PLUGIN_REGISTRY_REGION",
                             KIND_VALUE},
    [OPT_SPEED_LIMIT] = {"speed-limit", "PLUGIN_SPEED_LIMIT", KIND_VALUE},
    [OPT_INSECURE] = {"insecure", "PLUGIN_INSECURE", KIND_BOOL},
    [OPT_CONN_DETECT] = {"conn-detect", "PLUGIN_CONN_DETECT", KIND_LIST},
    [OPT_NEED_SCAN] = {"need-scan", "PLUGIN_NEED_SCAN", KIND_BOOL},
    [OPT_SYNC_MODE] = {"sync-mode", "PLUGIN_SYNC_MODE", KIND_VALUE},
    [OPT_WEBHOOK_URL] = {"webhook-url", "PLUGIN_WEBHOOK_URL", KIND_VALUE},
    [OPT_INSTANCE_ID] = {"instance-id", "PLUGIN_INSTANCE_ID", KIND_VALUE},
    [OPT_PASSWORD_STDIN] = {"password-stdin", NULL, KIND_BOOL},
    [OPT_PASSWORD_FILE] = {"password-file", "PLUGIN_PASSWORD_FILE", KIND_VALUE},
    [OPT_WEBHOOK_TOKEN_FILE] = {"webhook-token-file",
                                "PLUGIN_WEBHOOK_TOKEN_FILE", KIND_VALUE},
    [OPT_FAIL_ON_HEALTH_CHECK] = {"fail-on-health-check",
                                  "PLUGIN_FAIL_ON_HEALTH_CHECK", KIND_BOOL},
    [OPT_ENDPOINT] = {"endpoint", "PLUGIN_ENDPOINT", KIND_VALUE},
    [OPT_REGION] = {"region", "PLUGIN_REGION", KIND_VALUE},
    [OPT_PROFILE] = {"profile", "PLUGIN_PROFILE", KIND_VALUE},
    [OPT_CA_FILE] = {"ca-file", "PLUGIN_CA_FILE", KIND_VALUE},
    [OPT_TIMEOUT] = {"timeout", "PLUGIN_TIMEOUT", KIND_VALUE},
    [OPT_MAX_ATTEMPTS] = {"max-attempts", "PLUGIN_MAX_ATTEMPTS", KIND_VALUE},
    [OPT_OUTPUT] = {"output", "PLUGIN_OUTPUT", KIND_VALUE},
    [OPT_VERBOSE] = {"verbose", "PLUGIN_VERBOSE", KIND_BOOL},
    [OPT_DRY_RUN] = {"dry-run", "PLUGIN_DRY_RUN", KIND_BOOL},
    [OPT_VERSION] = {"version", NULL, KIND_BOOL},
    [OPT_HELP] = {"help", NULL, KIND_BOOL},
};

/* Flags that look like they take a secret: refused with the right ways. */
static const char password_hint[] =
    "the registry password is never taken from the command line (it would "
    "show in ps and shell history); use --password-stdin, --password-file "
    "FILE, or the TCSS_REGISTRY_PASSWORD environment variable";
static const char webhook_hint[] =
    "the webhook token is never taken from the command line; use "
    "--webhook-token-file FILE or the TCSS_WEBHOOK_TOKEN environment variable";
static const char key_hint[] =
    "there is no flag for the SecretId/SecretKey: set TENCENTCLOUD_SECRET_ID "
    "and TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), or use a "
    "profile in ~/.tencentcloud/credentials (--profile NAME)";

/* "<before><value><after>": one shape for the parser's messages, so the
 * format string stays a literal. */
static int fail(char *msg, size_t msg_size, const char *before,
                const char *value, const char *after)
{
    snprintf(msg, msg_size, "%s%s%s", before, value, after);
    return CLI_EXIT_USAGE;
}

static int is_refused_secret_flag(const char *name, size_t len,
                                  const char **hint)
{
    static const struct {
        const char *name;
        const char *hint;
    } refused[] = {
        {"password", password_hint},     {"registry-password", password_hint},
        {"pass", password_hint},         {"webhook-token", webhook_hint},
        {"secret-key", key_hint},        {"secret-id", key_hint},
        {"session-token", key_hint},     {"token", key_hint},
    };
    size_t i;
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (strlen(refused[i].name) == len &&
            strncmp(refused[i].name, name, len) == 0) {
            *hint = refused[i].hint;
            return 1;
        }
    }
    return 0;
}

static const char *plugin_value(const char *env_name)
{
    const char *v = getenv(env_name);
    /* Woodpecker and Drone export unset settings as empty strings. */
    return v != NULL && v[0] != '\0' ? v : NULL;
}

enum cli_format cli_prescan_format(int argc, char **argv)
{
    /* Usage errors are reported in the format asked for, even when the bad
     * flag comes before --output. The last --output wins, as in parsing. */
    enum cli_format format = FORMAT_TEXT;
    const char *env = getenv("PLUGIN_OUTPUT");
    int i, flag_seen = 0;
    for (i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--") == 0) {
            break;
        }
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            v = argv[++i];
        } else if (strncmp(argv[i], "--output=", 9) == 0) {
            v = argv[i] + 9;
        }
        if (v != NULL) {
            flag_seen = 1;
            format = strcmp(v, "json") == 0 ? FORMAT_JSON : FORMAT_TEXT;
        }
    }
    if (!flag_seen && env != NULL && strcmp(env, "json") == 0 &&
        (plugin_value("PLUGIN_NAME") != NULL ||
         plugin_value("PLUGIN_URL") != NULL)) {
        format = FORMAT_JSON;
    }
    return format;
}

static int add_list_value(struct cli_args *args, const char *value,
                          const char *source)
{
    size_t n = args->conn_detect_count + 1;
    const char **v = realloc((void *)args->conn_detect, n * sizeof *v);
    const char **s;
    if (v == NULL) {
        return -1;
    }
    args->conn_detect = v;
    s = realloc((void *)args->conn_detect_source, n * sizeof *s);
    if (s == NULL) {
        return -1;
    }
    args->conn_detect_source = s;
    v[n - 1] = value;
    s[n - 1] = source;
    args->conn_detect_count = n;
    return 0;
}

int cli_parse_args(struct cli_args *args, int argc, char **argv, char *msg,
                   size_t msg_size)
{
    int i, only_positional = 0, last_flag = -1, last_took_value = 0;
    memset(args, 0, sizeof *args);
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *name, *eq, *value = NULL;
        size_t name_len;
        int o, found = -1;

        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (args->command == CMD_NONE) {
                if (strcmp(arg, "add-registry") == 0) {
                    args->command = CMD_ADD_REGISTRY;
                } else if (strcmp(arg, "help") == 0) {
                    args->command = CMD_HELP;
                } else if (i == 1 &&
                           strspn(arg, "abcdefghijklmnopqrstuvwxyz-") ==
                               strlen(arg) &&
                           strlen(arg) <= 40) {
                    /* Shown only as the very first word: anywhere later it
                     * may be a secret typed after a flag that takes no
                     * value ("tcss --password-stdin hunter add-registry"). */
                    return fail(msg, msg_size, "unknown command '", arg,
                                "' (the command is add-registry; try 'tcss "
                                "--help')");
                } else {
                    return fail(msg, msg_size, "unknown command (not shown, "
                                "it may be a secret)", "", "; the command "
                                "is add-registry (try 'tcss --help')");
                }
            } else if (args->command == CMD_HELP && args->help_topic == NULL) {
                args->help_topic = arg;
            } else {
                /* Not echoed: a stray word is often a secret typed after a
                 * flag that takes none ("--password-stdin hunter2"). */
                char after[64] = "the command";
                if (last_flag >= 0) {
                    snprintf(after, sizeof after,
                             last_took_value ? "the value of --%s" : "--%s",
                             opt_defs[last_flag].flag);
                }
                snprintf(msg, msg_size,
                         "unexpected argument %d (after %s; not shown, it may "
                         "be a secret): every value belongs to a flag, and a "
                         "true/false flag takes its value as --flag=false",
                         i, after);
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(arg, "-h") == 0) {
            args->value[OPT_HELP] = "1";
            args->source[OPT_HELP] = "-h";
            continue;
        }
        if (strcmp(arg, "-V") == 0) {
            args->value[OPT_VERSION] = "1";
            args->source[OPT_VERSION] = "-V";
            continue;
        }
        if (arg[1] != '-') {
            /* Never echo more than the flag: "-p<secret>" stays unprinted. */
            char shown[3] = {arg[0], arg[1], '\0'};
            return fail(msg, msg_size, "unknown option '", shown,
                        "' (options are long: --name, --url, ...; try "
                        "'tcss --help')");
        }
        name = arg + 2;
        eq = strchr(name, '=');
        name_len = eq != NULL ? (size_t)(eq - name) : strlen(name);
        for (o = 0; o < OPT__COUNT; o++) {
            if (strlen(opt_defs[o].flag) == name_len &&
                strncmp(opt_defs[o].flag, name, name_len) == 0) {
                found = o;
                break;
            }
        }
        if (found < 0) {
            const char *hint;
            char shown[64];
            if (is_refused_secret_flag(name, name_len, &hint)) {
                snprintf(msg, msg_size, "--%.*s is not accepted: %s",
                         (int)name_len, name, hint);
                return CLI_EXIT_USAGE;
            }
            /* The part after '=' could be a secret typed in the wrong place:
             * show the flag name only. */
            snprintf(shown, sizeof shown, "--%.*s",
                     (int)(name_len > 40 ? 40 : name_len), name);
            return fail(msg, msg_size, "unknown option '", shown,
                        "' (try 'tcss --help' or 'tcss add-registry "
                        "--help')");
        }
        last_flag = found;
        last_took_value = opt_defs[found].kind != KIND_BOOL;
        if (opt_defs[found].kind == KIND_BOOL) {
            value = eq != NULL ? eq + 1 : "true";
        } else if (eq != NULL) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return fail(msg, msg_size, "--", opt_defs[found].flag,
                        " needs a value");
        }
        if (opt_defs[found].kind == KIND_LIST) {
            if (add_list_value(args, value, opt_defs[found].flag) != 0) {
                snprintf(msg, msg_size, "out of memory");
                return CLI_EXIT_INTERNAL;
            }
        } else {
            /* Repeating a single-valued flag: the last one wins. The
             * source is the flag's name only, never "--flag=VALUE". */
            args->value[found] = value;
            args->source[found] = opt_defs[found].flag;
        }
    }
    if (args->command == CMD_HELP) {
        args->value[OPT_HELP] = "1";
    }
    return CLI_EXIT_OK;
}

/* A JSON array setting (how Woodpecker passes a list of maps, and may pass
 * any list): ["Q:U", ...] or [{"quuid": "Q", "uuid": "U"}, ...]. Returns
 * the same items as "Q:U,Q:U" for the comma splitter, or NULL and a
 * message. */
static char *conn_detect_from_json(const char *v, char *msg, size_t msg_size)
{
    cJSON *arr = cJSON_Parse(v), *item;
    size_t cap = strlen(v) + 2, len = 0;
    char *out = NULL;
    if (arr == NULL || !cJSON_IsArray(arr)) {
        snprintf(msg, msg_size, "PLUGIN_CONN_DETECT: not a JSON array of "
                 "\"QUUID:UUID\" strings or {quuid, uuid} objects");
        goto done;
    }
    out = malloc(cap);
    if (out == NULL) {
        snprintf(msg, msg_size, "out of memory");
        goto done;
    }
    out[0] = '\0';
    cJSON_ArrayForEach(item, arr) {
        const char *q = "", *u = "";
        int n;
        if (cJSON_IsString(item)) {
            q = item->valuestring;
            u = NULL;
        } else if (cJSON_IsObject(item)) {
            const cJSON *jq = cJSON_GetObjectItem(item, "quuid");
            const cJSON *ju = cJSON_GetObjectItem(item, "uuid");
            if ((jq != NULL && !cJSON_IsString(jq)) ||
                (ju != NULL && !cJSON_IsString(ju))) {
                q = NULL;
            } else {
                q = jq != NULL ? jq->valuestring : "";
                u = ju != NULL ? ju->valuestring : "";
            }
        } else {
            q = NULL;
        }
        if (q == NULL || strchr(q, ',') != NULL ||
            (u != NULL && (strchr(u, ',') != NULL || strchr(u, ':') != NULL ||
                           strchr(q, ':') != NULL))) {
            snprintf(msg, msg_size, "PLUGIN_CONN_DETECT: every item must be "
                     "a \"QUUID:UUID\" string or a {quuid, uuid} object of "
                     "strings without ',' or ':'");
            free(out);
            out = NULL;
            goto done;
        }
        /* Each item is at most as long as its JSON text, plus ':' and ','. */
        n = snprintf(out + len, cap - len, "%s%s%s%s", len > 0 ? "," : "", q,
                     u != NULL ? ":" : "", u != NULL ? u : "");
        if (n < 0 || (size_t)n >= cap - len) {
            snprintf(msg, msg_size, "PLUGIN_CONN_DETECT: too long");
            free(out);
            out = NULL;
            goto done;
        }
        len += (size_t)n;
    }
done:
    cJSON_Delete(arr);
    return out;
}

int cli_apply_plugin_env(struct cli_args *args, char *msg, size_t msg_size)
{
    const char *v;
    char *item;
    int o;
    if (args->command != CMD_NONE && args->command != CMD_ADD_REGISTRY) {
        return 0;
    }
    if (plugin_value("PLUGIN_NAME") == NULL &&
        plugin_value("PLUGIN_URL") == NULL) {
        return 0;
    }
    args->plugin_mode = 1;
    args->command = CMD_ADD_REGISTRY;
    for (o = 0; o < OPT__COUNT; o++) {
        const char *env = opt_defs[o].plugin_env;
        if (env == NULL || args->value[o] != NULL ||
            opt_defs[o].kind == KIND_LIST) {
            continue;
        }
        v = plugin_value(env);
        if (v != NULL) {
            args->value[o] = v;
            args->source[o] = env;
        }
    }

    /* Any --conn-detect flag replaces the whole PLUGIN_CONN_DETECT list. */
    v = plugin_value("PLUGIN_CONN_DETECT");
    if (args->conn_detect_count > 0 || v == NULL) {
        return 0;
    }
    while (*v == ' ') {
        v++;
    }
    if (*v == '[') {
        args->conn_detect_env_copy = conn_detect_from_json(v, msg, msg_size);
        if (args->conn_detect_env_copy == NULL) {
            return CLI_EXIT_USAGE;
        }
    } else {
        args->conn_detect_env_copy = malloc(strlen(v) + 1);
        if (args->conn_detect_env_copy == NULL) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        strcpy(args->conn_detect_env_copy, v);
    }
    /* A YAML list of strings arrives joined with commas. */
    item = args->conn_detect_env_copy;
    while (item != NULL) {
        char *comma = strchr(item, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        while (*item == ' ') {
            item++;
        }
        if (*item != '\0' &&
            add_list_value(args, item, "PLUGIN_CONN_DETECT") != 0) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        item = comma != NULL ? comma + 1 : NULL;
    }
    return 0;
}

void cli_args_free(struct cli_args *args)
{
    free((void *)args->conn_detect);
    free((void *)args->conn_detect_source);
    free(args->conn_detect_env_copy);
    memset(args, 0, sizeof *args);
}

/* "--name" for a flag, "PLUGIN_NAME" for a plugin setting. */
static void describe_source(char *buf, size_t size, const struct cli_args *a,
                            int o)
{
    const char *src = a->source[o];
    if (src != NULL && strncmp(src, "PLUGIN_", 7) == 0) {
        snprintf(buf, size, "%s", src);
    } else {
        snprintf(buf, size, "--%s", opt_defs[o].flag);
    }
}

static int parse_bool(const char *v, int *out)
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

/* Digits only: no sign, no spaces, no hex, no trailing junk. */
static int parse_nonneg(const char *v, long long max, long long *out)
{
    const char *p;
    long long n;
    char *end;
    if (v[0] == '\0') {
        return -1;
    }
    for (p = v; *p != '\0'; p++) {
        if (*p < '0' || *p > '9') {
            return -1;
        }
    }
    errno = 0;
    n = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || n > max) {
        return -1;
    }
    *out = n;
    return 0;
}

static int check_enum(const char *v, const char *const *allowed, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (strcmp(v, allowed[i]) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int get_bool(const struct cli_args *a, int o, int *out, char *msg,
                    size_t msg_size)
{
    char src[64];
    if (a->value[o] == NULL) {
        return 0;
    }
    if (parse_bool(a->value[o], out) != 0) {
        describe_source(src, sizeof src, a, o);
        if (o == OPT_PASSWORD_STDIN) {
            /* "--password-stdin=VALUE" may well be the password itself. */
            snprintf(msg, msg_size,
                     "%s takes no value (the password comes on standard "
                     "input; the value given is not shown)",
                     src);
        } else {
            snprintf(msg, msg_size,
                     "%s: '%s' is not a boolean (use true or false)", src,
                     a->value[o]);
        }
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static int read_secret_setting(char **out, const char *flag_file,
                               const char *file_desc, const char *env_name,
                               const char *plugin_env, int from_stdin,
                               char *msg, size_t msg_size)
{
    const char *v;
    if (from_stdin) {
        /* Unbuffered, so no stdio copy of the secret outlives the wipe. */
        setvbuf(stdin, NULL, _IONBF, 0);
        *out = cli_read_secret_stream(stdin, "--password-stdin", msg,
                                      msg_size);
        return *out != NULL ? 0 : CLI_EXIT_USAGE;
    }
    if (flag_file != NULL) {
        *out = cli_read_secret_file(flag_file, file_desc, msg, msg_size);
        return *out != NULL ? 0 : CLI_EXIT_USAGE;
    }
    /* Order below --password-file: PLUGIN_* settings, then the tool's own
     * variable (see src/cli/README.md, "Precedence"). */
    v = plugin_env != NULL ? getenv(plugin_env) : NULL;
    if (v == NULL || v[0] == '\0') {
        v = getenv(env_name);
    }
    if (v != NULL && v[0] != '\0') {
        *out = cli_strdup_secret(v);
        if (*out == NULL) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
    }
    return 0;
}

int cli_build_config(struct cli_config *cfg, const struct cli_args *a,
                     char *msg, size_t msg_size)
{
    static const char *const registry_types[] = {"harbor", "quay",  "jfrog",
                                                 "aws",    "azure", "other-tcr"};
    static const char *const net_types[] = {"public"};
    static const char *const sync_modes[] = {"full", "incremental"};
    static const char *const outputs[] = {"text", "json"};
    char src[64];
    long long n;
    int rc, b;
    size_t i;

    memset(cfg, 0, sizeof *cfg);
    tcss_client_options_init(&cfg->client, TCSS_CLIENT_OPTIONS_VERSION);
    tcss_registry_spec_init(&cfg->spec, TCSS_REGISTRY_SPEC_VERSION);
    /* The _init functions are the library's; the fields below are what the
     * header promises they set, so a library still being written cannot
     * leave them half-set. */
    cfg->client.version = TCSS_CLIENT_OPTIONS_VERSION;
    cfg->spec.version = TCSS_REGISTRY_SPEC_VERSION;

    if (a->value[OPT_OUTPUT] != NULL) {
        int f = check_enum(a->value[OPT_OUTPUT], outputs, 2);
        if (f < 0) {
            describe_source(src, sizeof src, a, OPT_OUTPUT);
            snprintf(msg, msg_size, "%s: '%s' is not text or json", src,
                     a->value[OPT_OUTPUT]);
            return CLI_EXIT_USAGE;
        }
        cfg->format = f == 1 ? FORMAT_JSON : FORMAT_TEXT;
    }
    if ((rc = get_bool(a, OPT_VERBOSE, &cfg->verbose, msg, msg_size)) != 0 ||
        (rc = get_bool(a, OPT_DRY_RUN, &cfg->dry_run, msg, msg_size)) != 0 ||
        (rc = get_bool(a, OPT_FAIL_ON_HEALTH_CHECK, &cfg->fail_on_health_check,
                       msg, msg_size)) != 0) {
        return rc;
    }

    /* Client options. */
    cfg->client.endpoint = a->value[OPT_ENDPOINT];
    cfg->client.region = a->value[OPT_REGION];
    cfg->client.profile = a->value[OPT_PROFILE];
    cfg->client.ca_file = a->value[OPT_CA_FILE];
    if (a->value[OPT_TIMEOUT] != NULL) {
        const char *v = a->value[OPT_TIMEOUT];
        char *end;
        double secs;
        errno = 0;
        secs = strtod(v, &end);
        /* Decimal seconds only: strtod would also take "inf", "0x1p3". */
        if (v[0] < '0' || v[0] > '9' || errno != 0 || *end != '\0' ||
            strpbrk(v, "xXeEpPnN") != NULL || !(secs > 0) ||
            secs > 86400.0 || secs * 1000.0 < 1.0) {
            describe_source(src, sizeof src, a, OPT_TIMEOUT);
            snprintf(msg, msg_size,
                     "%s: '%s' is not a number of seconds (more than 0, at "
                     "most 86400, e.g. 30 or 2.5)",
                     src, v);
            return CLI_EXIT_USAGE;
        }
        cfg->client.timeout_ms = (long)(secs * 1000.0 + 0.5);
    }
    if (a->value[OPT_MAX_ATTEMPTS] != NULL) {
        if (parse_nonneg(a->value[OPT_MAX_ATTEMPTS], 100, &n) != 0 || n < 1) {
            describe_source(src, sizeof src, a, OPT_MAX_ATTEMPTS);
            snprintf(msg, msg_size,
                     "%s: '%s' is not a whole number from 1 to 100", src,
                     a->value[OPT_MAX_ATTEMPTS]);
            return CLI_EXIT_USAGE;
        }
        cfg->client.max_attempts = (unsigned int)n;
    }

    /* Registry fields: form here, meaning in the library. */
    cfg->spec.name = a->value[OPT_NAME];
    cfg->spec.url = a->value[OPT_URL];
    cfg->spec.username = a->value[OPT_USERNAME];
    cfg->spec.registry_version = a->value[OPT_REGISTRY_VERSION];
    cfg->spec.registry_region = a->value[OPT_REGISTRY_REGION];
    cfg->spec.webhook_url = a->value[OPT_WEBHOOK_URL];
    cfg->spec.instance_id = a->value[OPT_INSTANCE_ID];
    if (a->value[OPT_REGISTRY_TYPE] != NULL) {
        if (check_enum(a->value[OPT_REGISTRY_TYPE], registry_types, 6) < 0) {
            describe_source(src, sizeof src, a, OPT_REGISTRY_TYPE);
            snprintf(msg, msg_size,
                     "%s: '%s' is not one of harbor, quay, jfrog, aws, azure, "
                     "other-tcr",
                     src, a->value[OPT_REGISTRY_TYPE]);
            return CLI_EXIT_USAGE;
        }
        cfg->spec.registry_type = a->value[OPT_REGISTRY_TYPE];
    }
    cfg->spec.net_type = "public";
    if (a->value[OPT_NET_TYPE] != NULL) {
        if (check_enum(a->value[OPT_NET_TYPE], net_types, 1) < 0) {
            describe_source(src, sizeof src, a, OPT_NET_TYPE);
            snprintf(msg, msg_size,
                     "%s: '%s' is not a network type the service knows "
                     "(public)",
                     src, a->value[OPT_NET_TYPE]);
            return CLI_EXIT_USAGE;
        }
        cfg->spec.net_type = a->value[OPT_NET_TYPE];
    }
    if (a->value[OPT_SPEED_LIMIT] != NULL) {
        if (parse_nonneg(a->value[OPT_SPEED_LIMIT], LLONG_MAX, &n) != 0) {
            describe_source(src, sizeof src, a, OPT_SPEED_LIMIT);
            snprintf(msg, msg_size, "%s: '%s' is not a whole number >= 0",
                     src, a->value[OPT_SPEED_LIMIT]);
            return CLI_EXIT_USAGE;
        }
        cfg->spec.speed_limit = n;
    }
    if (a->value[OPT_INSECURE] != NULL) {
        if ((rc = get_bool(a, OPT_INSECURE, &b, msg, msg_size)) != 0) {
            return rc;
        }
        cfg->spec.insecure = b;
    }
    if (a->value[OPT_NEED_SCAN] != NULL) {
        if ((rc = get_bool(a, OPT_NEED_SCAN, &b, msg, msg_size)) != 0) {
            return rc;
        }
        cfg->spec.need_scan = b;
    }
    if (a->value[OPT_SYNC_MODE] != NULL) {
        const char *v = a->value[OPT_SYNC_MODE];
        int m = check_enum(v, sync_modes, 2);
        if (m < 0 && strcmp(v, "0") == 0) {
            m = 0;
        } else if (m < 0 && strcmp(v, "1") == 0) {
            m = 1;
        }
        if (m < 0) {
            describe_source(src, sizeof src, a, OPT_SYNC_MODE);
            snprintf(msg, msg_size, "%s: '%s' is not full or incremental", src,
                     v);
            return CLI_EXIT_USAGE;
        }
        cfg->spec.sync_mode = m;
    }
    if (a->conn_detect_count > 0) {
        size_t total = 0;
        char *p;
        for (i = 0; i < a->conn_detect_count; i++) {
            const char *v = a->conn_detect[i];
            const char *colon = strchr(v, ':');
            const char *shown =
                strncmp(a->conn_detect_source[i], "PLUGIN_", 7) == 0
                    ? "PLUGIN_CONN_DETECT"
                    : "--conn-detect";
            if (colon == NULL || strchr(colon + 1, ':') != NULL ||
                (colon == v && colon[1] == '\0')) {
                snprintf(msg, msg_size,
                         "%s: '%s' is not QUUID:UUID (either half may be "
                         "empty, not both)",
                         shown, v);
                return CLI_EXIT_USAGE;
            }
            total += strlen(v) + 1;
        }
        /* argv and the environment stay untouched: the halves are split in
         * one owned copy of every item. */
        cfg->conn_detect = calloc(a->conn_detect_count, sizeof *cfg->conn_detect);
        cfg->conn_detect_strings = malloc(total);
        if (cfg->conn_detect == NULL || cfg->conn_detect_strings == NULL) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        p = cfg->conn_detect_strings;
        for (i = 0; i < a->conn_detect_count; i++) {
            size_t len = strlen(a->conn_detect[i]);
            char *colon;
            memcpy(p, a->conn_detect[i], len + 1);
            colon = strchr(p, ':');
            *colon = '\0';
            cfg->conn_detect[i].quuid = p[0] != '\0' ? p : NULL;
            cfg->conn_detect[i].uuid = colon[1] != '\0' ? colon + 1 : NULL;
            p += len + 1;
        }
        cfg->spec.conn_detect = cfg->conn_detect;
        cfg->spec.conn_detect_count = a->conn_detect_count;
    }

    /* Secrets. Two explicit sources for one secret is a mistake to report,
     * not to settle silently. */
    if (a->value[OPT_PASSWORD_STDIN] != NULL) {
        if ((rc = get_bool(a, OPT_PASSWORD_STDIN, &b, msg, msg_size)) != 0) {
            return rc;
        }
    } else {
        b = 0;
    }
    if (b && a->value[OPT_PASSWORD_FILE] != NULL &&
        strncmp(a->source[OPT_PASSWORD_FILE], "PLUGIN_", 7) != 0) {
        snprintf(msg, msg_size,
                 "--password-stdin and --password-file both given: use one");
        return CLI_EXIT_USAGE;
    }
    rc = read_secret_setting(&cfg->password,
                             b ? NULL : a->value[OPT_PASSWORD_FILE],
                             "--password-file", "TCSS_REGISTRY_PASSWORD",
                             a->plugin_mode ? "PLUGIN_PASSWORD" : NULL, b, msg,
                             msg_size);
    if (rc != 0) {
        return rc;
    }
    rc = read_secret_setting(&cfg->webhook_token,
                             a->value[OPT_WEBHOOK_TOKEN_FILE],
                             "--webhook-token-file", "TCSS_WEBHOOK_TOKEN",
                             a->plugin_mode ? "PLUGIN_WEBHOOK_TOKEN" : NULL, 0,
                             msg, msg_size);
    if (rc != 0) {
        return rc;
    }
    cfg->spec.password = cfg->password;
    cfg->spec.webhook_token = cfg->webhook_token;

    /* Plugin mode may carry the API key pair; otherwise the library's
     * credential chain (environment, profile file) finds it. */
    if (a->plugin_mode) {
        const char *id = getenv("PLUGIN_SECRET_ID");
        const char *key = getenv("PLUGIN_SECRET_KEY");
        const char *token = getenv("PLUGIN_SESSION_TOKEN");
        if (id != NULL && id[0] != '\0') {
            cfg->secret_id = cli_strdup_secret(id);
        }
        if (key != NULL && key[0] != '\0') {
            cfg->secret_key = cli_strdup_secret(key);
        }
        if (token != NULL && token[0] != '\0') {
            cfg->session_token = cli_strdup_secret(token);
        }
        if ((id != NULL && id[0] != '\0' && cfg->secret_id == NULL) ||
            (key != NULL && key[0] != '\0' && cfg->secret_key == NULL) ||
            (token != NULL && token[0] != '\0' &&
             cfg->session_token == NULL)) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        cfg->client.secret_id = cfg->secret_id;
        cfg->client.secret_key = cfg->secret_key;
        cfg->client.session_token = cfg->session_token;
    }
    return 0;
}

void cli_config_free(struct cli_config *cfg)
{
    cli_free_secret(cfg->password);
    cli_free_secret(cfg->webhook_token);
    cli_free_secret(cfg->secret_id);
    cli_free_secret(cfg->secret_key);
    cli_free_secret(cfg->session_token);
    free(cfg->conn_detect);
    free(cfg->conn_detect_strings);
    memset(cfg, 0, sizeof *cfg);
}
