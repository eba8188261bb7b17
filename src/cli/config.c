/*
 * From raw values to checked settings: one loop over the option table
 * (opts.c) runs each row's converter, so every message names the flag or
 * PLUGIN_* variable the value came from; then the list option and the
 * secrets, which have more than one source.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int convert_one(struct cli_config *cfg, const struct cli_args *a,
                       int opt, char *msg, size_t msg_size)
{
    const struct cli_opt_spec *spec = &cli_opt_specs[opt];
    char buf[64];
    if (a->value[opt] == NULL || spec->convert == NULL) {
        return 0;
    }
    return spec->convert(
        cfg, spec, a->value[opt],
        cli_source_name(buf, sizeof buf, opt, a->source[opt]), msg, msg_size);
}

static int convert_options(struct cli_config *cfg, const struct cli_args *a,
                           char *msg, size_t msg_size)
{
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

static int check_conn_detect(const struct cli_args *a, size_t *total,
                             char *msg, size_t msg_size)
{
    size_t i;
    char buf[64];
    *total = 0;
    for (i = 0; i < a->conn_detect_count; i++) {
        const char *v = a->conn_detect[i];
        const char *colon = strchr(v, ':');
        if (colon == NULL || strchr(colon + 1, ':') != NULL ||
            (colon == v && colon[1] == '\0')) {
            snprintf(msg, msg_size,
                     "%s: '%s' is not QUUID:UUID (either half may be "
                     "empty, not both)",
                     cli_source_name(buf, sizeof buf, OPT_CONN_DETECT,
                                     a->conn_detect_source[i]),
                     v);
            return CLI_EXIT_USAGE;
        }
        *total += strlen(v) + 1;
    }
    return 0;
}

static int build_conn_detect(struct cli_config *cfg, const struct cli_args *a,
                             char *msg, size_t msg_size)
{
    size_t i, total;
    char *p;
    int rc;
    if (a->conn_detect_count == 0) {
        return 0;
    }
    if ((rc = check_conn_detect(a, &total, msg, msg_size)) != 0) {
        return rc;
    }
    /* argv and the environment stay untouched: the halves are split in one
     * owned copy of every item. */
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
    return 0;
}

/* One secret: standard input, else FILE, else the PLUGIN_* setting (plugin
 * mode), else the ordinary variable (see src/cli/README.md, "Secrets"). */
static int read_secret(char **out, int from_stdin, const char *file, int opt,
                       enum cli_source file_source, const char *plugin_env,
                       char *msg, size_t msg_size)
{
    const char *v = NULL;
    char buf[64];
    if (from_stdin) {
        /* Unbuffered, so no stdio copy of the secret outlives the wipe. */
        setvbuf(stdin, NULL, _IONBF, 0);
        *out = cli_read_secret_stream(stdin, "--password-stdin", msg,
                                      msg_size);
        return *out != NULL ? 0 : CLI_EXIT_USAGE;
    }
    if (file != NULL) {
        *out = cli_read_secret_file(
            file, cli_source_name(buf, sizeof buf, opt, file_source), msg,
            msg_size);
        return *out != NULL ? 0 : CLI_EXIT_USAGE;
    }
    if (plugin_env != NULL) {
        v = cli_plugin_value(plugin_env);
    }
    if (v == NULL) {
        v = cli_plugin_value(cli_opt_specs[opt].env);
    }
    if (v != NULL && (*out = cli_strdup_secret(v)) == NULL) {
        snprintf(msg, msg_size, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    return 0;
}

static int read_secrets(struct cli_config *cfg, const struct cli_args *a,
                        char *msg, size_t msg_size)
{
    int rc;
    /* Two explicit sources for one secret is a mistake to report, not to
     * settle silently; a PLUGIN_PASSWORD_FILE yields to the flag. */
    if (cfg->password_stdin && a->value[OPT_PASSWORD_FILE] != NULL &&
        a->source[OPT_PASSWORD_FILE] == SRC_FLAG) {
        snprintf(msg, msg_size,
                 "--password-stdin and --password-file both given: use one");
        return CLI_EXIT_USAGE;
    }
    rc = read_secret(&cfg->password, cfg->password_stdin,
                     cfg->password_stdin ? NULL : cfg->password_file,
                     OPT_PASSWORD_FILE, a->source[OPT_PASSWORD_FILE],
                     a->plugin_mode ? "PLUGIN_PASSWORD" : NULL, msg, msg_size);
    if (rc == 0) {
        rc = read_secret(&cfg->webhook_token, 0, cfg->webhook_token_file,
                         OPT_WEBHOOK_TOKEN_FILE,
                         a->source[OPT_WEBHOOK_TOKEN_FILE], a->plugin_mode ? "PLUGIN_WEBHOOK_TOKEN" : NULL, msg,
                         msg_size);
    }
    cfg->spec.password = cfg->password;
    cfg->spec.webhook_token = cfg->webhook_token;
    if (rc == 0 && a->plugin_mode) {
        rc = cli_plugin_credentials(cfg, msg, msg_size);
    }
    return rc;
}

int cli_build_config(struct cli_config *cfg, const struct cli_args *a,
                     char *msg, size_t msg_size)
{
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

    if ((rc = convert_options(cfg, a, msg, msg_size)) != 0 ||
        (rc = build_conn_detect(cfg, a, msg, msg_size)) != 0) {
        return rc;
    }
    return read_secrets(cfg, a, msg, msg_size);
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
