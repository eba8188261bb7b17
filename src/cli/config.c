/*
 * From raw values to checked settings: one loop over the option table
 * (opts.c) runs each row's converter, so every message names the flag or
 * PLUGIN_* variable the value came from; then the list option and the
 * secrets, which have more than one source.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int convert_one(struct cli_config *cfg, const struct cli_args *a, int opt, char *msg, size_t msg_size) {
    const struct cli_opt_spec *spec = &cli_opt_specs[opt];
    char buf[64];
    if (a->value[opt] == NULL || spec->convert == NULL) {
        return 0;
    }
    return spec->convert(cfg, spec, a->value[opt], cli_source_name(buf, sizeof buf, opt, a->source[opt]), msg,
                         msg_size);
}

static int convert_options(struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    int o;
    /* --output first: any later failure is then reported in that format;
     * a bad --output itself is reported as text. */
    int rc = convert_one(cfg, a, OPT_OUTPUT, msg, msg_size);
    for (o = 0; rc == 0 && o < OPT__COUNT; o++) {
        if (o != OPT_OUTPUT) {
            rc = convert_one(cfg, a, o, msg, msg_size);
        }
    }
    return rc;
}

static int check_conn_detect(const struct cli_args *a, size_t *total, char *msg, size_t msg_size) {
    size_t i;
    char buf[64];
    *total = 0;
    for (i = 0; i < a->conn_detect.count; i++) {
        const char *v = a->conn_detect.value[i];
        const char *colon = strchr(v, ':');
        if (colon == NULL || strchr(colon + 1, ':') != NULL || (colon == v && colon[1] == '\0')) {
            snprintf(msg, msg_size,
                     "%s: '%s' is not QUUID:UUID (either half may be "
                     "empty, not both)",
                     cli_source_name(buf, sizeof buf, OPT_CONN_DETECT, a->conn_detect.source[i]), v);
            return CLI_EXIT_USAGE;
        }
        *total += strlen(v) + 1;
    }
    return 0;
}

static int build_conn_detect(struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    size_t i, total;
    char *p;
    int rc;
    if (a->conn_detect.count == 0) {
        return 0;
    }
    if ((rc = check_conn_detect(a, &total, msg, msg_size)) != 0) {
        return rc;
    }
    /* argv and the environment stay untouched: the halves are split in one
     * owned copy of every item. */
    cfg->conn_detect = calloc(a->conn_detect.count, sizeof *cfg->conn_detect);
    cfg->conn_detect_strings = malloc(total);
    if (cfg->conn_detect == NULL || cfg->conn_detect_strings == NULL) {
        snprintf(msg, msg_size, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    p = cfg->conn_detect_strings;
    for (i = 0; i < a->conn_detect.count; i++) {
        size_t len = strlen(a->conn_detect.value[i]);
        char *colon;
        memcpy(p, a->conn_detect.value[i], len + 1);
        colon = strchr(p, ':');
        *colon = '\0';
        cfg->conn_detect[i].quuid = p[0] != '\0' ? p : NULL;
        cfg->conn_detect[i].uuid = colon[1] != '\0' ? colon + 1 : NULL;
        p += len + 1;
    }
    cfg->spec.conn_detect = cfg->conn_detect;
    cfg->spec.conn_detect_count = a->conn_detect.count;
    return 0;
}

/* The report formats of tcss_result_write_report(). */
static const char report_formats[] = "gitlab,sarif,junit,json";

static int is_report_format(const char *v, size_t n) {
    const char *p = report_formats;
    while (n > 0 && p != NULL) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0) {
            return 1;
        }
        p = comma != NULL ? comma + 1 : NULL;
    }
    return 0;
}

/* --report FORMAT=PATH, each checked before anything is sent. */
static int build_reports(struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    size_t i;
    if (a->report.count == 0) {
        return 0;
    }
    cfg->reports = calloc(a->report.count, sizeof *cfg->reports);
    if (cfg->reports == NULL) {
        snprintf(msg, msg_size, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    for (i = 0; i < a->report.count; i++) {
        const char *v = a->report.value[i], *eq = strchr(v, '=');
        size_t n = eq != NULL ? (size_t)(eq - v) : strlen(v);
        struct cli_suggestion near;
        char hint[64], buf[64];
        if (eq == NULL || eq[1] == '\0' || !is_report_format(v, n)) {
            cli_suggest_init(&near, v, n);
            cli_suggest_list(&near, report_formats);
            snprintf(msg, msg_size,
                     "%s: '%s' is not FORMAT=PATH with FORMAT gitlab, sarif, "
                     "junit or json%s",
                     cli_source_name(buf, sizeof buf, OPT_REPORT, a->report.source[i]), v,
                     cli_suggestion_text(&near, "", hint, sizeof hint));
            return CLI_EXIT_USAGE;
        }
        memcpy(cfg->reports[i].format, v, n);
        cfg->reports[i].path = eq + 1;
    }
    cfg->report_count = a->report.count;
    return 0;
}

/* A flag the command does not take is a mistake to say, not to ignore
 * (settings are shared by a CI step's commands, so only flags). */
static int check_applicable(const struct cli_args *a, char *msg, size_t msg_size) {
    unsigned int bit = CMD_BIT(a->command);
    int o;
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        const struct cli_list *list = o == OPT_REPORT ? &a->report : o == OPT_CONN_DETECT ? &a->conn_detect : NULL;
        int given = list != NULL ? list->count > 0 && list->source[0] == SRC_FLAG
                                 : a->value[o] != NULL && a->source[o] == SRC_FLAG;
        if (given && spec->commands != 0 && (spec->commands & bit) == 0) {
            snprintf(msg, msg_size,
                     "--%s does not apply to %s (see 'tcss "
                     "%s --help')",
                     spec->flag, cli_command_name(a->command), cli_command_name(a->command));
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

static enum cli_source mode_source(enum cli_mode mode) {
    return mode == MODE_GITHUB ? SRC_INPUT : mode == MODE_PLUGIN ? SRC_PLUGIN : SRC_FLAG;
}

/* Running in a container (Docker's and Podman's marker files): there an
 * empty standard input usually means `docker run` without -i. */
static int in_container(void) {
    FILE *f = fopen("/.dockerenv", "r");
    if (f == NULL) {
        f = fopen("/run/.containerenv", "r");
    }
    if (f != NULL) {
        fclose(f);
    }
    return f != NULL;
}

static int empty_secret(const char *shown, int from_stdin, char *msg, size_t msg_size) {
    if (from_stdin) {
        snprintf(msg, msg_size,
                 "%s: standard input was empty: pipe the "
                 "password in (printf '%%s' \"$PASSWORD\" | tcss ...)%s",
                 shown,
                 in_container() ? "; in a container, docker run "
                                  "(or podman run) needs -i to pass standard input on"
                                : "");
    } else {
        snprintf(msg, msg_size, "%s: the file is empty", shown);
    }
    return CLI_EXIT_USAGE;
}

/* Where one secret is read from: standard input, else FILE, else the CI
 * step's setting, else the ordinary variable (src/cli/README.md,
 * "Secrets"). */
struct secret_source {
    int from_stdin;
    const char *file; /* the converted value of file_opt */
    int file_opt;     /* OPT_PASSWORD_FILE, OPT_WEBHOOK_TOKEN_FILE */
    int setting_opt;  /* OPT_PASSWORD, OPT_WEBHOOK_TOKEN */
};

static int read_secret(char **out, const struct cli_args *a, const struct secret_source *from, char *msg,
                       size_t msg_size) {
    const char *v = a->value[from->setting_opt];
    char shown[64] = "--password-stdin";
    if (from->from_stdin) {
        /* Unbuffered, so no stdio copy of the secret outlives the wipe. */
        setvbuf(stdin, NULL, _IONBF, 0);
        *out = cli_read_secret_stream(stdin, shown, msg, msg_size);
    } else if (from->file != NULL) {
        cli_source_name(shown, sizeof shown, from->file_opt, a->source[from->file_opt]);
        *out = cli_read_secret_file(from->file, shown, msg, msg_size);
    } else {
        if (v == NULL) {
            v = cli_plugin_value(cli_opt_specs[from->file_opt].env);
        }
        if (v != NULL && (*out = cli_strdup_secret(v)) == NULL) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        return 0;
    }
    if (*out == NULL) {
        return CLI_EXIT_USAGE;
    }
    return (*out)[0] != '\0' ? 0 : empty_secret(shown, from->from_stdin, msg, msg_size);
}

/* The API key a CI step may carry (secret-id, secret-key, session-token);
 * without it the library's credential chain finds one. */
static int setting_credentials(struct cli_config *cfg, const struct cli_args *a) {
    static const int opts[] = {OPT_SECRET_ID, OPT_SECRET_KEY, OPT_SESSION_TOKEN};
    char **copies[] = {&cfg->secret_id, &cfg->secret_key, &cfg->session_token};
    size_t i;
    for (i = 0; i < 3; i++) {
        const char *v = a->value[opts[i]];
        if (v != NULL && (*copies[i] = cli_strdup_secret(v)) == NULL) {
            return CLI_EXIT_INTERNAL;
        }
    }
    cfg->client.secret_id = cfg->secret_id;
    cfg->client.secret_key = cfg->secret_key;
    cfg->client.session_token = cfg->session_token;
    return 0;
}

static int read_secrets(struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    struct secret_source password = {0, NULL, OPT_PASSWORD_FILE, OPT_PASSWORD};
    struct secret_source token = {0, NULL, OPT_WEBHOOK_TOKEN_FILE, OPT_WEBHOOK_TOKEN};
    int registering = (CMD_BIT(a->command) & CMDS_REGISTER) != 0;
    int rc;
    /* Two explicit sources for one secret is a mistake to report, not to
     * settle silently; a file setting yields to the flag. */
    if (cfg->password_stdin && a->value[OPT_PASSWORD_FILE] != NULL && a->source[OPT_PASSWORD_FILE] == SRC_FLAG) {
        snprintf(msg, msg_size, "--password-stdin and --password-file both given: use one");
        return CLI_EXIT_USAGE;
    }
    password.from_stdin = cfg->password_stdin;
    password.file = cfg->password_stdin ? NULL : cfg->password_file;
    token.file = cfg->webhook_token_file;
    /* Only the commands that send a registry's settings read its secrets
     * from every source; the others keep the password a CI step passes as
     * a setting (or $TCSS_REGISTRY_PASSWORD) only to mask it in GitHub's
     * log, and never send it. */
    if (!registering) {
        password.from_stdin = 0;
        password.file = NULL;
    }
    rc = read_secret(&cfg->password, a, &password, msg, msg_size);
    if (rc == 0 && registering) {
        rc = read_secret(&cfg->webhook_token, a, &token, msg, msg_size);
    }
    cfg->spec.password = cfg->password;
    cfg->spec.webhook_token = cfg->webhook_token;
    if (rc == 0 && setting_credentials(cfg, a) != 0) {
        snprintf(msg, msg_size, "out of memory");
        rc = CLI_EXIT_INTERNAL;
    }
    return rc;
}

/* Appends ", what" (or "what" first) to msg; the list is cut, never
 * overrun. */
static void add_missing(char *msg, size_t msg_size, const char *what) {
    size_t len = strlen(msg);
    snprintf(msg + len, msg_size - len, "%s%s", strcmp(msg, "missing: ") == 0 ? "" : ", ", what);
}

/* Every required input that is not there, in one message, named the way
 * this run takes it (flag, PLUGIN_* setting or GitHub input): checked
 * before any credential is looked for. */
static int check_required(const struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    enum cli_source src = mode_source(a->mode);
    char name[64], file[64], setting[64], password[256];
    int o;
    snprintf(msg, msg_size, "missing: ");
    for (o = 0; o < OPT__COUNT; o++) {
        if ((cli_opt_specs[o].required & CMD_BIT(a->command)) != 0 && (a->value[o] == NULL || a->value[o][0] == '\0')) {
            add_missing(msg, msg_size, cli_source_name(name, sizeof name, o, src));
        }
    }
    if (a->command == CMD_REMOVE_REGISTRY && !cfg->yes) {
        add_missing(msg, msg_size,
                    "--yes (remove-registry removes the "
                    "registry from TCSS; nothing is sent without it)");
    }
    if (cfg->password == NULL && (CMD_BIT(a->command) & CMDS_REGISTER) != 0) {
        cli_source_name(file, sizeof file, OPT_PASSWORD_FILE, src);
        cli_source_name(setting, sizeof setting, OPT_PASSWORD, src);
        snprintf(password, sizeof password, "the registry password (%s, %s%s or $%s)",
                 src == SRC_FLAG ? "--password-stdin" : setting, file, src == SRC_FLAG ? " FILE" : "",
                 cli_opt_specs[OPT_PASSWORD_FILE].env);
        add_missing(msg, msg_size, password);
    }
    if (strcmp(msg, "missing: ") == 0) {
        msg[0] = '\0';
        return 0;
    }
    return CLI_EXIT_USAGE;
}

/* Only add-registry can show its request unsent: any other command with
 * --dry-run (or its setting) would otherwise really run. */
static int check_dry_run(const struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    char buf[64];
    if (!cfg->dry_run || a->command == CMD_ADD_REGISTRY) {
        return 0;
    }
    snprintf(msg, msg_size,
             "%s: only add-registry can show its request "
             "without sending it; %s would send its requests",
             cli_source_name(buf, sizeof buf, OPT_DRY_RUN, a->source[OPT_DRY_RUN]), cli_command_name(a->command));
    return CLI_EXIT_USAGE;
}

/* The header's defaults (TCSS_SCAN_OPTIONS_INIT), set here too for the
 * same reason as the client's and the spec's below. */
static void scan_defaults(tcss_scan_options *scan) {
    static const tcss_scan_options init = TCSS_SCAN_OPTIONS_INIT;
    *scan = init;
    tcss_scan_options_init(scan, TCSS_SCAN_OPTIONS_VERSION);
}

int cli_build_config(struct cli_config *cfg, const struct cli_args *a, char *msg, size_t msg_size) {
    int rc;
    memset(cfg, 0, sizeof *cfg);
    tcss_client_options_init(&cfg->client, TCSS_CLIENT_OPTIONS_VERSION);
    tcss_registry_spec_init(&cfg->spec, TCSS_REGISTRY_SPEC_VERSION);
    /* The _init functions are the library's; the fields below are what the
     * header promises they set, so a library still being written cannot
     * leave them half-set. */
    cfg->client.version = TCSS_CLIENT_OPTIONS_VERSION;
    cfg->spec.version = TCSS_REGISTRY_SPEC_VERSION;
    cfg->spec.net_type = cli_opt_specs[OPT_NET_TYPE].def;
    cfg->command = a->command;
    scan_defaults(&cfg->scan);

    if ((rc = convert_options(cfg, a, msg, msg_size)) != 0 || (rc = check_applicable(a, msg, msg_size)) != 0 ||
        (rc = check_dry_run(cfg, a, msg, msg_size)) != 0 || (rc = build_reports(cfg, a, msg, msg_size)) != 0 ||
        (rc = build_conn_detect(cfg, a, msg, msg_size)) != 0 || (rc = read_secrets(cfg, a, msg, msg_size)) != 0) {
        return rc;
    }
    cfg->scan.registry_name = cfg->spec.name;
    return check_required(cfg, a, msg, msg_size);
}

void cli_config_free(struct cli_config *cfg) {
    cli_free_secret(cfg->password);
    cli_free_secret(cfg->webhook_token);
    cli_free_secret(cfg->secret_id);
    cli_free_secret(cfg->secret_key);
    cli_free_secret(cfg->session_token);
    free(cfg->conn_detect);
    free(cfg->conn_detect_strings);
    free(cfg->reports);
    memset(cfg, 0, sizeof *cfg);
}
