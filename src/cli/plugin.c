/*
 * The Woodpecker/Drone plugin mode. Run with no arguments (or just
 * add-registry) while PLUGIN_NAME or PLUGIN_URL is set, tcss takes its
 * settings from the PLUGIN_* variables those CI systems export for a step's
 * `settings:`. Every setting is the PLUGIN_* name in the option table
 * (opts.c); flags win over settings, settings over the ordinary
 * environment. See plugins/woodpecker/README.md and src/cli/README.md.
 */
#include "cli.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

const char *cli_plugin_value(const char *env_name)
{
    const char *v = getenv(env_name);
    /* Woodpecker and Drone export unset settings as empty strings. */
    return v != NULL && v[0] != '\0' ? v : NULL;
}

int cli_plugin_mode_wanted(void)
{
    return cli_plugin_value("PLUGIN_NAME") != NULL ||
           cli_plugin_value("PLUGIN_URL") != NULL;
}

/* One JSON list item as its halves: a "Q:U" string (u NULL) or a
 * {"quuid", "uuid"} object. Returns 0, or -1 for any other shape. */
static int json_item_halves(const cJSON *item, const char **q,
                            const char **u)
{
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
    if ((jq != NULL && !cJSON_IsString(jq)) ||
        (ju != NULL && !cJSON_IsString(ju))) {
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
static char *conn_detect_from_json(const char *v, char *msg, size_t msg_size)
{
    cJSON *arr = cJSON_Parse(v), *item;
    /* Each item is at most as long as its JSON text, plus ':' and ','. */
    size_t cap = strlen(v) + 2, len = 0;
    char *out = NULL;
    if (arr == NULL || !cJSON_IsArray(arr)) {
        snprintf(msg, msg_size, "PLUGIN_CONN_DETECT: not a JSON array of "
                 "\"QUUID:UUID\" strings or {quuid, uuid} objects");
    } else if ((out = malloc(cap)) == NULL) {
        snprintf(msg, msg_size, "out of memory");
    } else {
        out[0] = '\0';
        cJSON_ArrayForEach(item, arr) {
            const char *q, *u;
            int n = -1;
            if (json_item_halves(item, &q, &u) == 0) {
                n = snprintf(out + len, cap - len, "%s%s%s%s",
                             len > 0 ? "," : "", q, u != NULL ? ":" : "",
                             u != NULL ? u : "");
            }
            if (n < 0 || (size_t)n >= cap - len) {
                snprintf(msg, msg_size, "PLUGIN_CONN_DETECT: every item must "
                         "be a \"QUUID:UUID\" string or a {quuid, uuid} "
                         "object of strings without ',' or ':'");
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

/* PLUGIN_CONN_DETECT: comma-separated items (a YAML list of strings
 * arrives joined with commas) or a JSON array. */
static int plugin_conn_detect(struct cli_args *args, const char *v,
                              char *msg, size_t msg_size)
{
    char *item;
    v += strspn(v, " ");
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
    for (item = args->conn_detect_env_copy; item != NULL;) {
        char *comma = strchr(item, ',');
        if (comma != NULL) {
            *comma = '\0';
        }
        item += strspn(item, " ");
        if (*item != '\0' &&
            cli_add_list_value(args, item, SRC_PLUGIN) != 0) {
            snprintf(msg, msg_size, "out of memory");
            return CLI_EXIT_INTERNAL;
        }
        item = comma != NULL ? comma + 1 : NULL;
    }
    return 0;
}

int cli_apply_plugin_env(struct cli_args *args, char *msg, size_t msg_size)
{
    const char *v;
    int o;
    if ((args->command != CMD_NONE && args->command != CMD_ADD_REGISTRY) ||
        !cli_plugin_mode_wanted()) {
        return 0;
    }
    args->plugin_mode = 1;
    args->command = CMD_ADD_REGISTRY;
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        if (spec->plugin_env == NULL || args->value[o] != NULL ||
            spec->kind == KIND_LIST) {
            continue;
        }
        v = cli_plugin_value(spec->plugin_env);
        if (v != NULL) {
            args->value[o] = v;
            args->source[o] = SRC_PLUGIN;
        }
    }
    /* Any --conn-detect flag replaces the whole PLUGIN_CONN_DETECT list. */
    v = cli_plugin_value(cli_opt_specs[OPT_CONN_DETECT].plugin_env);
    if (args->conn_detect_count > 0 || v == NULL) {
        return 0;
    }
    return plugin_conn_detect(args, v, msg, msg_size);
}

static int copy_setting(char **out, const char *env_name)
{
    const char *v = cli_plugin_value(env_name);
    if (v == NULL) {
        return 0;
    }
    *out = cli_strdup_secret(v);
    return *out != NULL ? 0 : -1;
}

/* The API key pair a plugin step may carry (secret_id, secret_key,
 * session_token); without it the library's credential chain (environment,
 * profile file) finds one. */
int cli_plugin_credentials(struct cli_config *cfg, char *msg,
                           size_t msg_size)
{
    if (copy_setting(&cfg->secret_id, "PLUGIN_SECRET_ID") != 0 ||
        copy_setting(&cfg->secret_key, "PLUGIN_SECRET_KEY") != 0 ||
        copy_setting(&cfg->session_token, "PLUGIN_SESSION_TOKEN") != 0) {
        snprintf(msg, msg_size, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    cfg->client.secret_id = cfg->secret_id;
    cfg->client.secret_key = cfg->secret_key;
    cfg->client.session_token = cfg->session_token;
    return 0;
}
