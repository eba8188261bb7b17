/*
 * The CI modes. Run with no arguments (or just add-registry) while
 * PLUGIN_NAME or PLUGIN_URL is set, tcss is a Woodpecker/Drone plugin and
 * takes its settings from the PLUGIN_* variables those CI systems export for
 * a step's `settings:`. Run with no command while GITHUB_ACTIONS=true, it is
 * a GitHub Actions Docker container action and takes them from the INPUT_*
 * variables GitHub sets for the action's inputs (INPUT_ and the input's name
 * in capitals, '-' kept: INPUT_REGISTRY-TYPE). Both names come from the
 * option table's rows (opts.c, cli_setting_var()); flags win over settings,
 * settings over the ordinary environment. A variable with the prefix that no
 * row names is warned about (with the nearest name), not silently ignored.
 * See plugins/woodpecker/README.md and src/cli/README.md.
 */
#include "cli.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

const char *cli_plugin_value(const char *env_name) {
    const char *v = getenv(env_name);
    /* Woodpecker and Drone export unset settings as empty strings. */
    return v != NULL && v[0] != '\0' ? v : NULL;
}

int cli_plugin_mode_wanted(void) {
    return cli_plugin_value("PLUGIN_NAME") != NULL || cli_plugin_value("PLUGIN_URL") != NULL;
}

int cli_github_mode_wanted(void) {
    const char *v = getenv("GITHUB_ACTIONS");
    return v != NULL && strcmp(v, "true") == 0;
}

static enum cli_source mode_source(enum cli_mode mode) { return mode == MODE_GITHUB ? SRC_INPUT : SRC_PLUGIN; }

const char *cli_setting_value(int opt, enum cli_mode mode) {
    char var[64];
    if (mode == MODE_COMMAND_LINE || cli_opt_specs[opt].reach == REACH_FLAG_ONLY) {
        return NULL;
    }
    return cli_plugin_value(cli_setting_var(var, sizeof var, opt, mode_source(mode)));
}

/* One JSON list item as its halves: a "Q:U" string (u NULL) or a
 * {"quuid", "uuid"} object. Returns 0, or -1 for any other shape. */
static int json_item_halves(const cJSON *item, const char **q, const char **u) {
    const cJSON *jq, *ju;
    if (cJSON_IsString(item)) {
        *q = item->valuestring;
        *u = NULL;
        return strchr(*q, ',') != NULL ? -1 : 0;
    }
    if (!cJSON_IsObject(item)) {
        return -1;
    }
    jq = cJSON_GetObjectItem(item, "quuid");
    ju = cJSON_GetObjectItem(item, "uuid");
    if ((jq != NULL && !cJSON_IsString(jq)) || (ju != NULL && !cJSON_IsString(ju))) {
        return -1;
    }
    *q = jq != NULL ? jq->valuestring : "";
    *u = ju != NULL ? ju->valuestring : "";
    return strpbrk(*q, ",:") != NULL || strpbrk(*u, ",:") != NULL ? -1 : 0;
}

/* A JSON array setting (how Woodpecker passes a list of maps, and may pass
 * any list): ["Q:U", ...] or [{"quuid": "Q", "uuid": "U"}, ...]. Returns
 * the same items as "Q:U,Q:U" for the comma splitter, or NULL and a
 * message. */
static char *conn_detect_from_json(const char *v, const char *name, char *msg, size_t msg_size) {
    cJSON *arr = cJSON_Parse(v), *item;
    /* Each item is at most as long as its JSON text, plus ':' and ','. */
    size_t cap = strlen(v) + 2, len = 0;
    char *out = NULL;
    if (arr == NULL || !cJSON_IsArray(arr)) {
        snprintf(msg, msg_size,
                 "%s: not a JSON array of \"QUUID:UUID\" "
                 "strings or {quuid, uuid} objects",
                 name);
    } else if ((out = malloc(cap)) == NULL) {
        snprintf(msg, msg_size, "out of memory");
    } else {
        out[0] = '\0';
        cJSON_ArrayForEach(item, arr) {
            const char *q, *u;
            int n = -1;
            if (json_item_halves(item, &q, &u) == 0) {
                n = snprintf(out + len, cap - len, "%s%s%s%s", len > 0 ? "," : "", q, u != NULL ? ":" : "",
                             u != NULL ? u : "");
            }
            if (n < 0 || (size_t)n >= cap - len) {
                snprintf(msg, msg_size,
                         "%s: every item must be a "
                         "\"QUUID:UUID\" string or a {quuid, uuid} object "
                         "of strings without ',' or ':'",
                         name);
                free(out);
                out = NULL;
                break;
            }
            len += (size_t)n;
        }
    }
    cJSON_Delete(arr);
    return out;
}

/* PLUGIN_CONN_DETECT / INPUT_CONN-DETECT, PLUGIN_REPORT / INPUT_REPORT:
 * items separated by commas (a YAML list of strings arrives joined with
 * commas) or line breaks (a GitHub input written as a `|` block); the
 * connectivity checks also as a JSON array. */
static int plugin_list(struct cli_args *args, int opt, const char *v, char *msg, size_t msg_size) {
    char *item, name[64];
    enum cli_source source = mode_source(args->mode);
    struct cli_list *list = cli_args_list(args, opt);
    cli_source_name(name, sizeof name, opt, source);
    v += strspn(v, " ");
    if (*v == '[' && opt == OPT_CONN_DETECT) {
        list->env_copy = conn_detect_from_json(v, name, msg, msg_size);
        if (list->env_copy == NULL) {
            return CLI_EXIT_USAGE;
        }
    } else {
        list->env_copy = malloc(strlen(v) + 1);
        if (list->env_copy == NULL) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        strcpy(list->env_copy, v);
    }
    for (item = list->env_copy; item != NULL;) {
        char *comma = strpbrk(item, ",\r\n");
        if (comma != NULL) {
            *comma = '\0';
        }
        item += strspn(item, " ");
        if (*item != '\0' && cli_add_list_value(list, item, source) != 0) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        item = comma != NULL ? comma + 1 : NULL;
    }
    return 0;
}

/* A variable's name as a warning may show it: only the characters a
 * setting's name has, else not at all. */
static int showable_name(const char *name, size_t len) {
    size_t i;
    if (len > 60) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", name[i]) == NULL) {
            return 0;
        }
    }
    return 1;
}

static void warn_unknown(enum cli_mode mode, const char *name, size_t len, const char *hint) {
    const char *what = mode == MODE_GITHUB ? "an input" : "a setting";
    if (!showable_name(name, len)) {
        name = "(a name with other characters)";
        len = strlen(name);
        hint = "";
    }
    fprintf(stderr, "%s%.*s is not %s tcss knows; it is ignored%s\n",
            mode == MODE_GITHUB ? "::warning::" : "tcss: warning: ", (int)len, name, what, hint);
}

/* Every PLUGIN_* (INPUT_*) variable that no row names is a typo or a
 * setting of another version: said, with the nearest name. */
static void warn_unknown_settings(enum cli_mode mode) {
    char vars[OPT__COUNT][64], hint[96];
    const char *prefix = mode == MODE_GITHUB ? "INPUT_" : "PLUGIN_";
    char **e;
    int o;
    for (o = 0; o < OPT__COUNT; o++) {
        cli_setting_var(vars[o], sizeof vars[o], o, mode_source(mode));
    }
    for (e = environ; e != NULL && *e != NULL; e++) {
        size_t len = strcspn(*e, "=");
        struct cli_suggestion near;
        int known = 0;
        if (strncmp(*e, prefix, strlen(prefix)) != 0) {
            continue;
        }
        cli_suggest_init(&near, *e, len);
        for (o = 0; o < OPT__COUNT && !known; o++) {
            if (cli_opt_specs[o].reach != REACH_FLAG_ONLY) {
                known = strlen(vars[o]) == len && strncmp(vars[o], *e, len) == 0;
                cli_suggest_offer(&near, vars[o], strlen(vars[o]));
            }
        }
        if (!known) {
            warn_unknown(mode, *e, len, cli_suggestion_text(&near, "", hint, sizeof hint));
        }
    }
}

static enum cli_mode wanted_mode(const struct cli_args *args) {
    if ((args->command == CMD_NONE || args->command == CMD_ADD_REGISTRY) && cli_plugin_mode_wanted()) {
        return MODE_PLUGIN;
    }
    if (args->command == CMD_NONE && cli_github_mode_wanted()) {
        return MODE_GITHUB;
    }
    return MODE_COMMAND_LINE;
}

/* The command a CI step runs: PLUGIN_COMMAND / INPUT_COMMAND, else
 * add-registry; a command given on the command line must agree. */
static int setting_command(struct cli_args *args, char *msg, size_t msg_size) {
    const struct cli_opt_spec *spec = &cli_opt_specs[OPT_COMMAND];
    const char *v = cli_setting_value(OPT_COMMAND, args->mode);
    const struct cli_command_info *c = cli_command_named(v);
    char name[64], hint[64];
    struct cli_suggestion near;
    cli_source_name(name, sizeof name, OPT_COMMAND, mode_source(args->mode));
    if (v == NULL) {
        c = cli_command_named(spec->def);
    } else if (c == NULL || strstr(spec->choices, c->name) == NULL) {
        cli_suggest_init(&near, v, strlen(v));
        cli_suggest_list(&near, spec->choices);
        snprintf(msg, msg_size,
                 "%s: '%.40s' is not one of add-registry, "
                 "ensure-registry, scan%s",
                 name, v, cli_suggestion_text(&near, "", hint, sizeof hint));
        return CLI_EXIT_USAGE;
    }
    if (args->command != CMD_NONE && args->command != c->command) {
        snprintf(msg, msg_size, "the command given (%s) is not %s's (%s)", cli_command_name(args->command), name,
                 c->name);
        return CLI_EXIT_USAGE;
    }
    args->command = c->command;
    return 0;
}

int cli_apply_plugin_env(struct cli_args *args, char *msg, size_t msg_size) {
    const char *v;
    int o, rc;
    args->mode = wanted_mode(args);
    if (args->mode == MODE_COMMAND_LINE) {
        return 0;
    }
    warn_unknown_settings(args->mode);
    if ((rc = setting_command(args, msg, msg_size)) != 0) {
        return rc;
    }
    for (o = 0; o < OPT__COUNT; o++) {
        if (args->value[o] != NULL || cli_opt_specs[o].kind == KIND_LIST) {
            continue;
        }
        v = cli_setting_value(o, args->mode);
        if (v != NULL) {
            args->value[o] = v;
            args->source[o] = mode_source(args->mode);
        }
    }
    /* Any --conn-detect (--report) flag replaces the setting's list. */
    for (o = 0; o < OPT__COUNT; o++) {
        v = cli_setting_value(o, args->mode);
        if (cli_opt_specs[o].kind == KIND_LIST && v != NULL && cli_args_list(args, o)->count == 0 &&
            (rc = plugin_list(args, o, v, msg, msg_size)) != 0) {
            return rc;
        }
    }
    return 0;
}
