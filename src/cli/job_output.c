/*
 * What the recurring job's commands print (jobs.c). JSON: the result's own
 * JSON (tcss_result_json(), what the library documents for each call; a
 * scan's gains "Reports"), one line. Env: TCSS_* dotenv lines, one per
 * scalar member of the result (CamelCase as CAMEL_CASE), values
 * percent-encoded as add-registry's are; a scan's also the outcome, the
 * counts per severity and the reports. Text: what was done, every string
 * from the service through cli_sanitize() (the library cleaned it already;
 * the terminal gets the CLI's own cleaning on top, as add-registry's).
 */
#include "cli.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const severities[] = {"critical", "high", "medium", "low", "unknown"};

/* Writes fmt to stdout; each %s argument is cleaned first. Only %s. */
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        if (fmt[0] == '%' && fmt[1] == 's') {
            char *clean = cli_sanitize(va_arg(ap, const char *));
            fputs(clean != NULL ? clean : "(not shown: out of memory)", stdout);
            free(clean);
            fmt++;
        } else {
            fputc(*fmt, stdout);
        }
    }
    va_end(ap);
}

/* A scalar member as text in buf (cut at its size); "" for anything
 * else. */
static const char *scalar(const cJSON *item, char *buf, size_t size) {
    buf[0] = '\0';
    if (cJSON_IsString(item)) {
        snprintf(buf, size, "%s", item->valuestring);
    } else if (cJSON_IsBool(item)) {
        snprintf(buf, size, "%s", cJSON_IsTrue(item) ? "true" : "false");
    } else if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        if (d == (double)(long long)d) {
            snprintf(buf, size, "%lld", (long long)d);
        } else {
            snprintf(buf, size, "%g", d);
        }
    }
    return buf;
}

static const char *member(const cJSON *obj, const char *key, char *buf, size_t size) {
    return scalar(cJSON_GetObjectItemCaseSensitive(obj, key), buf, size);
}

/* Strings and numbers of an array, joined by sep (cut at size). */
static const char *joined(const cJSON *arr, const char *sep, char *buf, size_t size) {
    const cJSON *item;
    size_t len = 0;
    buf[0] = '\0';
    cJSON_ArrayForEach(item, arr) {
        char one[64];
        const char *v = scalar(item, one, sizeof one);
        int n = snprintf(buf + len, size - len, "%s%s", len > 0 ? sep : "", v);
        if (n < 0 || (size_t)n >= size - len) {
            break;
        }
        len += (size_t)n;
    }
    return buf;
}

/* "RegistryId" as "REGISTRY_ID", "TaskID" as "TASK_ID", prefixed. */
static const char *env_key(const char *prefix, const char *key, char *buf, size_t size) {
    size_t j = (size_t)snprintf(buf, size, "%s", prefix);
    const char *p;
    for (p = key; *p != '\0' && j + 2 < size; p++) {
        int upper = *p >= 'A' && *p <= 'Z';
        if (upper && p > key &&
            ((p[-1] >= 'a' && p[-1] <= 'z') || (p[1] >= 'a' && p[1] <= 'z' && p[-1] >= 'A' && p[-1] <= 'Z'))) {
            buf[j++] = '_';
        }
        buf[j++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p == '-' ? '_' : *p;
    }
    buf[j] = '\0';
    return buf;
}

/* Every scalar member (and array of scalars, comma-joined) of obj as a
 * TCSS_<PREFIX><KEY> line; arrays of objects one level down, numbered
 * (REGISTRIES_0_NAME), unless `flat`. */
static void env_members(const cJSON *obj, const char *prefix, int flat) {
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        char key[96], buf[2048];
        env_key(prefix, item->string, key, sizeof key);
        if (!cJSON_IsArray(item) && !cJSON_IsObject(item)) {
            cli_emit_env(key, scalar(item, buf, sizeof buf));
        } else if (cJSON_IsArray(item) && (item->child == NULL || !cJSON_IsObject(item->child))) {
            cli_emit_env(key, joined(item, ",", buf, sizeof buf));
        } else if (cJSON_IsArray(item) && !flat) {
            const cJSON *row;
            int i = 0;
            cJSON_ArrayForEach(row, item) {
                char sub[128];
                snprintf(sub, sizeof sub, "%s_%d_", key, i++);
                env_members(row, sub, 1);
            }
        }
    }
}

static const cJSON *path2(const cJSON *root, const char *a, const char *b) {
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, a), b);
}

/* The scan's verdict in a few lines a later job can act on. */
static void env_scan(const struct cli_config *cfg, const cJSON *root) {
    const cJSON *counts = path2(root, "gate", "counts");
    char buf[64], key[32];
    size_t i;
    cli_emit_env("PASSED", scalar(path2(root, "gate", "passed"), buf, sizeof buf));
    for (i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(counts, severities[i]);
        cli_emit_env(env_key("", severities[i], key, sizeof key), member(c, "all", buf, sizeof buf));
        snprintf(key, sizeof key, "%s_FAILING", env_key("", severities[i], buf, sizeof buf));
        cli_emit_env(key, member(c, "failing", buf, sizeof buf));
    }
    {
        char summary[1024]; /* the gate's one line, whole */
        cli_emit_env("GATE_SUMMARY",
                     member(cJSON_GetObjectItemCaseSensitive(root, "gate"), "summary", summary, sizeof summary));
    }
    for (i = 0; i < cfg->report_count; i++) {
        if (cfg->reports[i].written) {
            snprintf(key, sizeof key, "REPORT_%s", env_key("", cfg->reports[i].format, buf, sizeof buf));
            cli_emit_env(key, cfg->reports[i].path);
        }
    }
}

static void print_env(const struct cli_config *cfg, const cJSON *root) {
    env_members(root, "", cfg->command == CMD_SCAN);
    if (cfg->command == CMD_SCAN) {
        env_scan(cfg, root);
    }
    fflush(stdout);
}

/* The result's JSON; a scan's with "Reports": [{Format, Path, Written}]
 * spliced in before its closing brace. */
static void print_json(const struct cli_config *cfg, const tcss_result *r) {
    const char *json = tcss_result_json(r);
    size_t len = strlen(json), i;
    cJSON *arr;
    char *text;
    if (cfg->command != CMD_SCAN || len < 2 || json[len - 1] != '}') {
        cli_emit_json_text(json);
        return;
    }
    arr = cJSON_CreateArray();
    for (i = 0; arr != NULL && i < cfg->report_count; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "Format", cfg->reports[i].format);
        cJSON_AddStringToObject(o, "Path", cfg->reports[i].path);
        cJSON_AddBoolToObject(o, "Written", cfg->reports[i].written);
        cJSON_AddItemToArray(arr, o);
    }
    text = arr != NULL ? cJSON_PrintUnformatted(arr) : NULL;
    if (text == NULL) {
        cli_emit_json_text(json);
    } else {
        printf("%.*s,\"Reports\":%s}\n", (int)(len - 1), json, text);
        fflush(stdout);
        cJSON_free(text);
    }
    cJSON_Delete(arr);
}

/* ensure-registry: added, updated (and why: the settings that differed,
 * or the failing credentials), unchanged. */
static void text_ensure(const cJSON *root) {
    char id[32], action[32], reason[1024], rid[160];
    member(root, "Reason", reason, sizeof reason);
    member(root, "RequestId", rid, sizeof rid);
    /* Unchanged sends no write, so there is no RequestId to give. */
    say("registry %s %s%s%s%s%s%s\n", member(root, "RegistryId", id, sizeof id),
        member(root, "Action", action, sizeof action), reason[0] != '\0' ? ": " : "", reason,
        rid[0] != '\0' ? " (RequestId " : "", rid, rid[0] != '\0' ? ")" : "");
}

/* list-registries: one tab-separated line per registry under a header. */
static void text_list(const cJSON *root) {
    static const char *const cols[] = {"RegistryId", "Name", "RegistryType", "Url", "SyncStatus", "ConnDetectStatus"};
    const cJSON *row;
    char buf[1024];
    size_t i;
    say("ID\tNAME\tTYPE\tURL\tSYNC\tCONNECTION\n");
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(root, "Registries")) {
        for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
            say(i == 0 ? "%s" : "\t%s", member(row, cols[i], buf, sizeof buf));
        }
        say("\n");
    }
    say("%s registries\n", member(root, "TotalCount", buf, sizeof buf));
}

/* show-registry: "Key: value" a line; a list of objects one item a line. */
static void text_show(const cJSON *root) {
    const cJSON *item, *sub;
    char buf[2048], one[1024];
    cJSON_ArrayForEach(item, root) {
        if (!cJSON_IsArray(item) && !cJSON_IsObject(item)) {
            say("%s: %s\n", item->string, scalar(item, buf, sizeof buf));
            continue;
        }
        say("%s:\n", item->string);
        cJSON_ArrayForEach(sub, item) {
            if (cJSON_IsObject(sub)) {
                const cJSON *f;
                say("  -");
                cJSON_ArrayForEach(f, sub) { say(" %s=%s", f->string, scalar(f, one, sizeof one)); }
                say("\n");
            } else {
                say("  - %s\n", scalar(sub, one, sizeof one));
            }
        }
    }
}

static void text_sync(const struct cli_config *cfg, const cJSON *root) {
    char id[32], status[64], when[64], why[1024], waited[32];
    const char *finished = member(root, "Finished", waited, sizeof waited);
    member(root, "RegistryId", id, sizeof id);
    member(root, "SyncStatus", status, sizeof status);
    member(root, "LatestSyncTime", when, sizeof when);
    member(root, "SyncFailReason", why, sizeof why);
    if (cfg->scan.wait_ms <= 0) {
        say("registry %s: sync requested (SyncStatus %s)\n", id, status);
    } else if (strcmp(finished, "true") != 0) {
        say("registry %s: the sync did not finish within the wait "
            "(SyncStatus %s)\n",
            id, status);
    } else {
        say("registry %s synced: %s at %s%s%s\n", id, status, when, why[0] != '\0' ? ": " : "", why);
    }
}

/* The counts line: "critical 1 (1 failing), high 2, ...". */
static void text_counts(const cJSON *counts) {
    char all[32], failing[32];
    size_t i;
    say("findings:");
    for (i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(counts, severities[i]);
        member(c, "failing", failing, sizeof failing);
        say("%s %s %s", i == 0 ? "" : ",", severities[i], member(c, "all", all, sizeof all));
        if (strcmp(failing, "0") != 0 && failing[0] != '\0') {
            say(" (%s failing)", failing);
        }
    }
    say("\n");
}

static void text_scan(const struct cli_config *cfg, const cJSON *root) {
    const cJSON *gate = cJSON_GetObjectItemCaseSensitive(root, "gate");
    const cJSON *item;
    char a[1024], b[64], c[1024];
    size_t i;
    member(root, "Outcome", b, sizeof b);
    say("image %s: %s (scan %s)\n", member(root, "image", a, sizeof a),
        strcmp(b, "passed") == 0        ? "passed"
        : strcmp(b, "gate_failed") == 0 ? "the gate failed"
                                        : "the scan did not finish",
        member(root, "ScanStatus", c, sizeof c));
    if (member(cJSON_GetObjectItemCaseSensitive(root, "scan"), "error", a, sizeof a)[0] != '\0') {
        say("scan: %s\n", a);
    }
    text_counts(cJSON_GetObjectItemCaseSensitive(gate, "counts"));
    say("gate: %s\n", member(gate, "summary", c, sizeof c));
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(gate, "reasons")) {
        /* The summary usually says the reasons already. */
        if (strstr(c, scalar(item, a, sizeof a)) == NULL) {
            say("  - %s\n", a);
        }
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(gate, "expired_ignores")) {
        say("ignore entry %s expired on %s: it no longer applies\n", member(item, "id", a, sizeof a),
            member(item, "until", c, sizeof c));
    }
    for (i = 0; i < cfg->report_count; i++) {
        say(cfg->reports[i].written ? "report %s written to %s\n" : "report %s NOT written to %s\n",
            cfg->reports[i].format, cfg->reports[i].path);
    }
}

static void print_text(const struct cli_config *cfg, const cJSON *root) {
    char a[32], b[1024], c[160];
    switch (cfg->command) {
    case CMD_ENSURE_REGISTRY: text_ensure(root); break;
    case CMD_LIST_REGISTRIES: text_list(root); break;
    case CMD_REMOVE_REGISTRY:
        say("registry %s (%s) removed (RequestId %s)\n", member(root, "RegistryId", a, sizeof a),
            member(root, "Name", b, sizeof b), member(root, "RequestId", c, sizeof c));
        break;
    case CMD_SYNC: text_sync(cfg, root); break;
    case CMD_SCAN: text_scan(cfg, root); break;
    default: text_show(root);
    }
    fflush(stdout);
}

void cli_print_job_result(const struct cli_config *cfg, const tcss_result *result) {
    cJSON *root;
    if (cfg->format == FORMAT_JSON) {
        print_json(cfg, result);
        return;
    }
    if (cfg->format == FORMAT_TEXT && cli_out_quiet()) {
        return;
    }
    root = cJSON_Parse(tcss_result_json(result));
    if (root == NULL) {
        fputs("tcss: out of memory while reading the result\n", stderr);
        return;
    }
    if (cfg->format == FORMAT_ENV) {
        print_env(cfg, root);
    } else {
        print_text(cfg, root);
    }
    cJSON_Delete(root);
}

static void print_note(const char *command, const char *title, const char *label, const char *message) {
    char *clean = cli_sanitize(message);
    const char *shown = clean != NULL ? clean : "(not shown: out of memory)";
    if (cli_out_mode() == MODE_GITHUB) {
        cli_github_command(command, title, shown);
    } else {
        fprintf(stderr, "tcss: %s: %s\n", label, shown);
    }
    free(clean);
}

void cli_print_warning(const char *title, const char *message) { print_note("warning", title, "warning", message); }

void cli_print_report_error(const char *message) {
    print_note("error", "tcss report error", "error (report)", message);
}
