/*
 * The command line: collected raw (every value as typed, and where it came
 * from), its form checked later in one place (config.c) against the option
 * table (opts.c). Nothing typed where it does not belong is ever echoed: it
 * may be a secret.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Flags that look like they take a secret: refused with the right ways. */
static const char password_hint[] = "the registry password is never taken from the command line (it would "
                                    "show in ps and shell history); use --password-stdin, --password-file "
                                    "FILE, or the TCSS_REGISTRY_PASSWORD environment variable";
static const char webhook_hint[] = "the webhook token is never taken from the command line; use "
                                   "--webhook-token-file FILE or the TCSS_WEBHOOK_TOKEN environment variable";
static const char key_hint[] = "there is no flag for the SecretId/SecretKey: set TENCENTCLOUD_SECRET_ID "
                               "and TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SESSION_TOKEN), or use a "
                               "profile in ~/.tencentcloud/credentials (--profile NAME)";

/* "<before><value><after>": one shape for the parser's messages, so the
 * format string stays a literal. */
static int fail(char *msg, size_t msg_size, const char *before, const char *value, const char *after) {
    snprintf(msg, msg_size, "%s%s%s", before, value, after);
    return CLI_EXIT_USAGE;
}

static int is_refused_secret_flag(const char *name, size_t len, const char **hint) {
    static const struct {
        const char *name;
        const char *hint;
    } refused[] = {
        {"password", password_hint}, {"registry-password", password_hint},
        {"pass", password_hint},     {"webhook-token", webhook_hint},
        {"secret-key", key_hint},    {"secret-id", key_hint},
        {"session-token", key_hint}, {"token", key_hint},
    };
    size_t i;
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (strlen(refused[i].name) == len && strncmp(refused[i].name, name, len) == 0) {
            *hint = refused[i].hint;
            return 1;
        }
    }
    return 0;
}

static enum cli_format format_named(const char *v) {
    return strcmp(v, "json") == 0 ? FORMAT_JSON : strcmp(v, "env") == 0 ? FORMAT_ENV : FORMAT_TEXT;
}

enum cli_format cli_prescan_format(int argc, char **argv) {
    /* Usage errors are reported in the format asked for, even when the bad
     * flag comes before --output. The last --output wins, as in parsing;
     * else the CI mode's setting (a GitHub step has no arguments). */
    const char *v = NULL;
    int i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            break;
        }
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            v = argv[++i];
        } else if (strncmp(argv[i], "--output=", 9) == 0) {
            v = argv[i] + 9;
        }
    }
    if (v == NULL && cli_plugin_mode_wanted()) {
        v = cli_setting_value(OPT_OUTPUT, MODE_PLUGIN);
    } else if (v == NULL && argc <= 1 && cli_github_mode_wanted()) {
        v = cli_setting_value(OPT_OUTPUT, MODE_GITHUB);
    }
    return v != NULL ? format_named(v) : FORMAT_TEXT;
}

struct cli_list *cli_args_list(struct cli_args *args, int opt) {
    return opt == OPT_REPORT ? &args->report : &args->conn_detect;
}

int cli_add_list_value(struct cli_list *list, const char *value, enum cli_source source) {
    size_t n = list->count + 1;
    const char **v = realloc((void *)list->value, n * sizeof *v);
    enum cli_source *s;
    if (v == NULL) {
        return -1;
    }
    list->value = v;
    s = realloc(list->source, n * sizeof *s);
    if (s == NULL) {
        return -1;
    }
    list->source = s;
    v[n - 1] = value;
    s[n - 1] = source;
    list->count = n;
    return 0;
}

/* Where the parser is: what came last, for messages that must not quote. */
struct parse_state {
    int only_positional;
    int last_flag; /* -1: none yet */
    int last_took_value;
};

static const char commands[] = "add-registry,ensure-registry,list-registries,show-registry,"
                               "remove-registry,sync,scan,help,completion";

static int unknown_command(const char *arg, int position, char *msg, size_t msg_size) {
    char hint[64];
    struct cli_suggestion near;
    cli_suggest_init(&near, arg, strlen(arg));
    cli_suggest_list(&near, commands);
    cli_suggestion_text(&near, "", hint, sizeof hint);
    /* Shown only as the very first word and only when shaped like a
     * command: anywhere later it may be a secret typed after a flag that
     * takes no value ("tcss --password-stdin hunter add-registry"). The
     * suggestion is a command's name, never the word. */
    if (position == 1 && strspn(arg, "abcdefghijklmnopqrstuvwxyz-") == strlen(arg) && strlen(arg) <= 40) {
        snprintf(msg, msg_size,
                 "unknown command '%s'%s (try 'tcss --help' for the "
                 "commands)",
                 arg, near.best != NULL ? hint : "");
        return CLI_EXIT_USAGE;
    }
    snprintf(msg, msg_size,
             "unknown command (argument %d, not shown: it "
             "may be a secret)%s; try 'tcss --help' for the commands",
             position, near.best != NULL ? hint : "");
    return CLI_EXIT_USAGE;
}

static enum cli_command command_named(const char *arg) {
    const struct cli_command_info *c = cli_command_named(arg);
    return c != NULL ? c->command : CMD_NONE;
}

static int positional(struct cli_args *args, const struct parse_state *st, const char *arg, int i, char *msg,
                      size_t msg_size) {
    char after[64] = "the command";
    if (args->command == CMD_NONE) {
        args->command = command_named(arg);
        return args->command != CMD_NONE ? 0 : unknown_command(arg, i, msg, msg_size);
    }
    if ((args->command == CMD_HELP || args->command == CMD_COMPLETION) && args->topic == NULL) {
        args->topic = arg;
        return 0;
    }
    /* Not echoed: a stray word is often a secret typed after a flag that
     * takes none ("--password-stdin hunter2"). */
    if (st->last_flag >= 0) {
        snprintf(after, sizeof after, st->last_took_value ? "the value of --%s" : "--%s",
                 cli_opt_specs[st->last_flag].flag);
    }
    snprintf(msg, msg_size,
             "unexpected argument %d (after %s; not shown, it may be a "
             "secret): every value belongs to a flag, and a true/false flag "
             "takes its value as --flag=false",
             i, after);
    return CLI_EXIT_USAGE;
}

static int find_flag(const char *name, size_t name_len, char *msg, size_t msg_size) {
    const char *hint;
    char shown[64], near_text[64];
    struct cli_suggestion near;
    int o;
    cli_suggest_init(&near, name, name_len);
    for (o = 0; o < OPT__COUNT; o++) {
        const char *flag = cli_opt_specs[o].flag;
        if (cli_opt_specs[o].reach == REACH_SETTING_ONLY) {
            continue;
        }
        if (strlen(flag) == name_len && strncmp(flag, name, name_len) == 0) {
            return o;
        }
        cli_suggest_offer(&near, flag, strlen(flag));
    }
    if (is_refused_secret_flag(name, name_len, &hint)) {
        snprintf(msg, msg_size, "--%.*s is not accepted: %s", (int)name_len, name, hint);
        return -1;
    }
    /* The part after '=' could be a secret typed in the wrong place: show
     * the flag name only. */
    snprintf(shown, sizeof shown, "--%.*s", (int)(name_len > 40 ? 40 : name_len), name);
    snprintf(msg, msg_size,
             "unknown option '%s'%s (try 'tcss --help' or 'tcss COMMAND "
             "--help')",
             shown, cli_suggestion_text(&near, "--", near_text, sizeof near_text));
    return -1;
}

/* "--flag", "--flag=VALUE" or "--flag VALUE" (then *i moves on). */
static int long_flag(struct cli_args *args, struct parse_state *st, int argc, char **argv, int *i, char *msg,
                     size_t msg_size) {
    const char *name = argv[*i] + 2, *eq = strchr(name, '='), *value;
    size_t name_len = eq != NULL ? (size_t)(eq - name) : strlen(name);
    int o = find_flag(name, name_len, msg, msg_size);
    const struct cli_opt_spec *spec;
    if (o < 0) {
        return CLI_EXIT_USAGE;
    }
    spec = &cli_opt_specs[o];
    st->last_flag = o;
    st->last_took_value = spec->kind != KIND_BOOL;
    if (eq != NULL) {
        value = eq + 1;
    } else if (spec->kind == KIND_BOOL) {
        value = "true";
    } else if (*i + 1 < argc) {
        value = argv[++*i];
    } else {
        return fail(msg, msg_size, "--", spec->flag, " needs a value");
    }
    if (spec->kind == KIND_LIST) {
        if (cli_add_list_value(cli_args_list(args, o), value, SRC_FLAG) != 0) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        return 0;
    }
    /* Repeating a single-valued flag: the last one wins. */
    args->value[o] = value;
    args->source[o] = SRC_FLAG;
    return 0;
}

static int one_argument(struct cli_args *args, struct parse_state *st, int argc, char **argv, int *i, char *msg,
                        size_t msg_size) {
    const char *arg = argv[*i];
    if (st->only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
        return positional(args, st, arg, *i, msg, msg_size);
    }
    if (strcmp(arg, "--") == 0) {
        st->only_positional = 1;
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "-V") == 0) {
        int o = arg[1] == 'h' ? OPT_HELP : OPT_VERSION;
        args->value[o] = "true";
        args->source[o] = SRC_FLAG;
    } else if (arg[1] != '-') {
        /* Never echo more than the flag: "-p<secret>" stays unprinted. */
        char shown[3] = {arg[0], arg[1], '\0'};
        return fail(msg, msg_size, "unknown option '", shown,
                    "' (options are long: --name, --url, ...; try 'tcss "
                    "--help')");
    } else {
        return long_flag(args, st, argc, argv, i, msg, msg_size);
    }
    return 0;
}

int cli_parse_args(struct cli_args *args, int argc, char **argv, char *msg, size_t msg_size) {
    struct parse_state st = {0, -1, 0};
    int i, rc;
    memset(args, 0, sizeof *args);
    for (i = 1; i < argc; i++) {
        if ((rc = one_argument(args, &st, argc, argv, &i, msg, msg_size)) != 0) {
            return rc;
        }
    }
    if (args->command == CMD_HELP) {
        args->value[OPT_HELP] = "true";
    }
    return CLI_EXIT_OK;
}

void cli_args_free(struct cli_args *args) {
    struct cli_list *lists[] = {&args->conn_detect, &args->report};
    size_t i;
    for (i = 0; i < 2; i++) {
        free((void *)lists[i]->value);
        free(lists[i]->source);
        free(lists[i]->env_copy);
    }
    memset(args, 0, sizeof *args);
}
