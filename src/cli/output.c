/*
 * What the command prints. Text: one line on stdout for a result, errors on
 * stderr. JSON: exactly one object on stdout, built with cJSON so every
 * string is escaped properly. Env: dotenv lines (TCSS_KEY=value) on stdout,
 * messages on stderr as in text, so a CI job that captures stdout into a
 * dotenv report still shows the message in its log.
 */
#include "cli.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#ifndef TCSS_CLI_VERSION
#define TCSS_CLI_VERSION TCSS_VERSION_STRING
#endif

/* How this run reports (cli_output_setup): as a GitHub action, quietly,
 * and how each option was given, to name it in the library's messages. */
static enum cli_mode out_mode = MODE_COMMAND_LINE;
static int out_quiet;
static const struct cli_args *out_args;

void cli_output_setup(const struct cli_args *args, int quiet) {
    out_args = args;
    out_mode = args != NULL ? args->mode : MODE_COMMAND_LINE;
    out_quiet = quiet;
}

int cli_out_quiet(void) { return out_quiet; }

enum cli_command cli_out_command(void) { return out_args != NULL ? out_args->command : CMD_ADD_REGISTRY; }

enum cli_mode cli_out_mode(void) { return out_mode; }

int cli_exit_code_for(int tcss_code) {
    switch (tcss_code) {
    case TCSS_OK: return CLI_EXIT_OK;
    case TCSS_EINVAL: return CLI_EXIT_USAGE;
    case TCSS_ECREDENTIALS:
    case TCSS_EAUTH: return CLI_EXIT_AUTH;
    case TCSS_ESERVICE: return CLI_EXIT_REJECTED;
    case TCSS_ERATELIMIT: return CLI_EXIT_RATE_LIMITED;
    case TCSS_ENETWORK:
    case TCSS_ETIMEOUT:
    case TCSS_ETLS: return CLI_EXIT_NETWORK;
    case TCSS_EBADRESPONSE: return CLI_EXIT_BAD_RESPONSE;
    case TCSS_ENOTFOUND: return CLI_EXIT_NOT_FOUND;
    default: /* ENOMEM, EINTERNAL, anything new */ return CLI_EXIT_INTERNAL;
    }
}

/* Print one object and release it. If cJSON itself runs out of memory the
 * object cannot be printed; say so on stderr so stdout stays valid (empty). */
static void emit_json(cJSON *obj) {
    char *text = obj != NULL ? cJSON_PrintUnformatted(obj) : NULL;
    if (text == NULL) {
        fputs("tcss: out of memory while writing JSON output\n", stderr);
    } else {
        fputs(text, stdout);
        fputc('\n', stdout);
        /* The text can hold nothing secret, but wipe-before-free costs
         * nothing and keeps one rule for every buffer. */
        cli_wipe(text, strlen(text));
        cJSON_free(text);
    }
    cJSON_Delete(obj);
    fflush(stdout);
}

/* cJSON numbers are doubles; a raw integer keeps 64-bit ids exact. */
static void add_integer(cJSON *obj, const char *key, long long value) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", value);
    cJSON_AddRawToObject(obj, key, buf);
}

/* One dotenv line, TCSS_<key>=<value>. GitLab's dotenv reader keeps quotes
 * as part of the value (its docs: "single- and double-quotes are kept
 * as-is") and reads to the end of the line; a shell sourcing the file would
 * act on spaces, quotes, $, backticks and a leading ~. So a value is never
 * quoted: each byte outside [A-Za-z0-9._:/@,+=-] is written %XX (upper-case
 * hex, '%' itself too), which is lossless, one line, and reads the same in
 * GitLab, `docker --env-file` and `set -a; . file`. */
static void emit_env(const char *key, const char *value) {
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)value;
    printf("TCSS_%s=", key);
    for (; p != NULL && *p != '\0'; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                    strchr("._:/@,+=-", *p) != NULL;
        if (plain) {
            putchar(*p);
        } else {
            putchar('%');
            putchar(hex[*p >> 4]);
            putchar(hex[*p & 0x0F]);
        }
    }
    putchar('\n');
}

void cli_emit_env(const char *key, const char *value) { emit_env(key, value); }

/* A JSON text the library built (valid, its strings cleaned), as the one
 * line of JSON output. */
void cli_emit_json_text(const char *json) {
    fputs(json, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

static void emit_env_integer(const char *key, long long value) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", value);
    emit_env(key, buf);
}

/* Sanitised copies of the strings an output names (cli_sanitize()); on
 * out-of-memory a fixed placeholder, so output never stops half-way. */
#define CLI_TEXT_MAX 4
struct safe_texts {
    char *s[CLI_TEXT_MAX];
    size_t n;
};

static const char *safe(struct safe_texts *t, const char *raw) {
    char *clean = cli_sanitize(raw);
    if (clean == NULL || t->n == CLI_TEXT_MAX) {
        free(clean);
        return "(not shown: out of memory)";
    }
    t->s[t->n++] = clean;
    return clean;
}

static void safe_free(struct safe_texts *t) {
    size_t i;
    for (i = 0; i < t->n; i++) {
        free(t->s[i]);
    }
    t->n = 0;
}

/* Every string argument is printed as given: callers pass safe() copies. */
static void emit_json_error(const char *class_name, const char *code, const char *message, const char *request_id,
                            long http_status, unsigned int attempts) {
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "Error");
    if (e != NULL) {
        cJSON_AddStringToObject(e, "Class", class_name);
        cJSON_AddStringToObject(e, "Code", code);
        cJSON_AddStringToObject(e, "Message", message);
        cJSON_AddStringToObject(e, "RequestId", request_id);
        add_integer(e, "HttpStatus", http_status);
        add_integer(e, "Attempts", (long long)attempts);
    }
    emit_json(root);
}

void cli_print_usage_error(enum cli_format format, const char *message) {
    /* The message may quote a flag's value: never raw on the terminal. */
    struct safe_texts t = {{NULL}, 0};
    const char *shown = safe(&t, message);
    const char *class_name = tcss_error_class_name(TCSS_EINVAL);
    if (format == FORMAT_JSON) {
        emit_json_error(class_name, "", shown, "", 0, 0);
    }
    if (out_mode == MODE_GITHUB) {
        cli_github_command("error", "tcss usage error", shown);
        cli_github_error(class_name, "", shown, "");
    } else if (format != FORMAT_JSON) {
        fprintf(stderr, "tcss: usage error: %s\n", shown);
    }
    if (format == FORMAT_ENV) {
        emit_env("ERROR_CLASS", class_name);
        fflush(stdout);
    }
    safe_free(&t);
}

/* The error's text after its class: service code, message, attempts,
 * RequestId, each said once (the library's message may already hold the
 * code). Malloc'd; NULL on out of memory. */
static char *error_text(const char *service_code, const char *message, const char *request_id, unsigned int attempts) {
    char after[64] = "", rid[160] = "";
    const char *code_sep = ": ";
    size_t size;
    char *out;
    if (service_code[0] == '\0' || strstr(message, service_code) != NULL) {
        service_code = code_sep = "";
    }
    if (attempts > 1 && strstr(message, "attempts") == NULL) {
        snprintf(after, sizeof after, " (after %u attempts)", attempts);
    }
    if (request_id[0] != '\0' && strstr(message, request_id) == NULL) {
        snprintf(rid, sizeof rid, " [RequestId %.128s]", request_id);
    }
    size = strlen(service_code) + strlen(message) + strlen(after) + strlen(rid) + 3;
    if ((out = malloc(size)) != NULL) {
        snprintf(out, size, "%s%s%s%s%s", service_code, code_sep, message, after, rid);
    }
    return out;
}

/* The text form of an error: one line on stderr (text and env formats), or
 * a GitHub annotation. */
static void print_error_text(const char *class_name, const char *service_code, const char *message,
                             const char *request_id, unsigned int attempts) {
    char *text = error_text(service_code, message, request_id, attempts);
    const char *shown = text != NULL ? text : message;
    if (out_mode == MODE_GITHUB) {
        char title[64];
        snprintf(title, sizeof title, "tcss %s error", class_name);
        cli_github_command("error", title, shown);
    } else {
        fprintf(stderr, "tcss: error (%s): %s\n", class_name, shown);
    }
    free(text);
}

void cli_print_library_error(enum cli_format format, const tcss_error *err) {
    struct safe_texts t = {{NULL}, 0};
    int code = tcss_error_code_of(err);
    const char *class_name = tcss_error_class_name(code);
    const char *service_code = safe(&t, tcss_error_service_code(err));
    char *named = cli_name_library_fields(tcss_error_message(err), out_args);
    const char *message = safe(&t, named != NULL ? named : tcss_error_message(err));
    const char *request_id = safe(&t, tcss_error_request_id(err));
    long status = tcss_error_http_status(err);
    unsigned int attempts = tcss_error_attempts(err);

    free(named);
    if (out_mode == MODE_GITHUB) {
        cli_github_error(class_name, service_code, message, request_id);
    }
    if (format == FORMAT_JSON) {
        emit_json_error(class_name, service_code, message, request_id, status, attempts);
    }
    if (format != FORMAT_JSON || out_mode == MODE_GITHUB) {
        print_error_text(class_name, service_code, message, request_id, attempts);
    }
    if (format == FORMAT_ENV) {
        /* The message stays on stderr (the job log); the report gets the
         * parts a later job can act on. */
        emit_env("ERROR_CLASS", class_name);
        emit_env("ERROR_CODE", tcss_error_service_code(err));
        emit_env("REQUEST_ID", tcss_error_request_id(err));
        emit_env_integer("HTTP_STATUS", status);
        emit_env_integer("ATTEMPTS", (long long)attempts);
        fflush(stdout);
    }
    safe_free(&t);
}

/* TCSS health-checks a registry only when it adds it: a NameRepeat answer
 * carries no health result. A HealthCheckErr is a result either way. */
static int health_checked(const tcss_registry_result *result) {
    const char *health = result->health_check_err;
    return !result->already_existed || (health != NULL && health[0] != '\0');
}

static void warn_health(const tcss_registry_result *result, const char *health) {
    char msg[CLI_MSG_MAX];
    if (health[0] == '\0') {
        return;
    }
    /* Still added: TCSS stored the registry but could not reach it. */
    snprintf(msg, sizeof msg, "registry %lld was added, but TCSS could not reach it: %s", result->registry_id, health);
    if (out_mode == MODE_GITHUB) {
        cli_github_command("warning", "tcss health check", msg);
    } else {
        fprintf(stderr, "tcss: warning: %s\n", msg);
    }
}

/* Env values are percent-encoded from the library's text as it is (lossless;
 * the encoding already makes every byte safe). */
static void emit_result_env(const tcss_registry_result *result) {
    emit_env_integer("REGISTRY_ID", result->registry_id);
    emit_env("REQUEST_ID", result->request_id);
    emit_env("ALREADY_EXISTED", result->already_existed ? "true" : "false");
    emit_env("HEALTH_CHECKED", health_checked(result) ? "true" : "false");
    emit_env("HEALTH_CHECK_ERR", result->health_check_err);
    emit_env("NAME_REPEAT_ERR", result->name_repeat_err);
    fflush(stdout);
}

/* The text result: one line. A registry that already existed was not
 * health-checked; with --fail-on-health-check the line says so, once per
 * run and as part of the result, not as a note of its own (tcss keeps no
 * state between runs, so it cannot know an earlier run said it already). */
static void print_result_text(const tcss_registry_result *result, const char *request_id, int fail_on_health_check) {
    int unchecked = fail_on_health_check && !health_checked(result);
    if (out_quiet) {
        return;
    }
    printf("registry %lld %s%s (RequestId %s)\n", result->registry_id,
           result->already_existed ? "already existed" : "added", unchecked ? ", not health-checked" : "", request_id);
    fflush(stdout);
}

void cli_print_result(enum cli_format format, const tcss_registry_result *result, const struct cli_config *cfg) {
    struct safe_texts t = {{NULL}, 0};
    const char *request_id = safe(&t, result->request_id);
    const char *health = safe(&t, result->health_check_err);
    const char *repeat = safe(&t, result->name_repeat_err);

    warn_health(result, health);
    if (out_mode == MODE_GITHUB) {
        cli_github_result(cfg, result, health_checked(result));
    }
    if (format == FORMAT_JSON) {
        cJSON *root = cJSON_CreateObject();
        add_integer(root, "RegistryId", result->registry_id);
        cJSON_AddStringToObject(root, "RequestId", request_id);
        cJSON_AddStringToObject(root, "HealthCheckErr", health);
        cJSON_AddStringToObject(root, "NameRepeatErr", repeat);
        cJSON_AddBoolToObject(root, "AlreadyExisted", result->already_existed ? 1 : 0);
        cJSON_AddBoolToObject(root, "HealthChecked", health_checked(result));
        emit_json(root);
    } else if (format == FORMAT_ENV) {
        emit_result_env(result);
    } else {
        print_result_text(result, request_id, cfg->fail_on_health_check);
    }
    safe_free(&t);
}

void cli_print_preview(enum cli_format format, const char *preview) {
    size_t len = strlen(preview);
    if (format == FORMAT_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddBoolToObject(root, "DryRun", 1);
        cJSON_AddStringToObject(root, "Request", preview);
        emit_json(root);
        return;
    }
    fputs(preview, stdout);
    if (len == 0 || preview[len - 1] != '\n') {
        fputc('\n', stdout);
    }
    fflush(stdout);
}

void cli_print_version(enum cli_format format) {
    unsigned int loaded = tcss_version_number();
    if (format == FORMAT_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "Version", TCSS_CLI_VERSION);
        cJSON_AddStringToObject(root, "LibraryVersion", tcss_version());
        cJSON_AddStringToObject(root, "BuiltAgainst", TCSS_VERSION_STRING);
        emit_json(root);
    } else if (format == FORMAT_ENV) {
        emit_env("VERSION", TCSS_CLI_VERSION);
        emit_env("LIBRARY_VERSION", tcss_version());
        emit_env("BUILT_AGAINST", TCSS_VERSION_STRING);
        fflush(stdout);
    } else {
        printf("tcss %s (libtcss %s loaded, built against %s)\n", TCSS_CLI_VERSION, tcss_version(),
               TCSS_VERSION_STRING);
        fflush(stdout);
    }
    if (loaded / 10000 != TCSS_VERSION_MAJOR || loaded < (unsigned int)TCSS_VERSION_NUMBER / 100 * 100) {
        fprintf(stderr,
                "tcss: warning: the loaded libtcss %s is older than or "
                "incompatible with %s, which this tcss was built against\n",
                tcss_version(), TCSS_VERSION_STRING);
    }
}
