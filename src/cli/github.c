/*
 * The GitHub Actions side of the output, when tcss runs as a Docker
 * container action (plugin.c, MODE_GITHUB). GitHub reads workflow commands
 * from both stdout and stderr; tcss writes its own on stderr, so stdout
 * keeps exactly what --output asked for.
 *
 *  - every secret the run holds is registered with `::add-mask::` first,
 *    one line of it at a time (GitHub masks line by line);
 *  - errors are `::error title=...::message` annotations, warnings
 *    `::warning::`, with GitHub's escaping (% CR LF, and : , in a title);
 *    the text was cleaned by cli_sanitize() first, so nothing the service
 *    sends can end the command or start another;
 *  - outputs (registry-id, already-existed, request-id, health-checked;
 *    ensure-registry's and scan's in github_jobs.c) go to $GITHUB_OUTPUT as name=value lines, each value cleaned to one
 * line;
 *  - a Markdown table goes to $GITHUB_STEP_SUMMARY, every cell escaped so
 *    that it stays text (no HTML, no link, no table break).
 * Workflow commands and file formats: GitHub's "Workflow commands for
 * GitHub Actions" page and actions/toolkit's command.ts / file-command.ts.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* GitHub's escaping of a command's data: % CR LF; in a property (the
 * title) also : and ,. */
static void put_escaped(FILE *out, const char *s, int property) {
    for (; *s != '\0'; s++) {
        if (*s == '%') {
            fputs("%25", out);
        } else if (*s == '\r') {
            fputs("%0D", out);
        } else if (*s == '\n') {
            fputs("%0A", out);
        } else if (property && *s == ':') {
            fputs("%3A", out);
        } else if (property && *s == ',') {
            fputs("%2C", out);
        } else {
            fputc(*s, out);
        }
    }
}

void cli_github_command(const char *command, const char *title, const char *message) {
    fprintf(stderr, "::%s", command);
    if (title != NULL) {
        fputs(" title=", stderr);
        put_escaped(stderr, title, 1);
    }
    fputs("::", stderr);
    put_escaped(stderr, message, 0);
    fputc('\n', stderr);
    fflush(stderr);
}

/* One ::add-mask:: per line of the secret. */
static void mask(const char *secret) {
    char line[256];
    while (secret != NULL && *secret != '\0') {
        size_t n = strcspn(secret, "\r\n");
        if (n > 0) {
            fputs("::add-mask::", stderr);
            while (n > 0) {
                size_t part = n < sizeof line - 1 ? n : sizeof line - 1;
                memcpy(line, secret, part);
                line[part] = '\0';
                put_escaped(stderr, line, 0);
                cli_wipe(line, part);
                secret += part;
                n -= part;
            }
            fputc('\n', stderr);
        }
        secret += strspn(secret, "\r\n");
    }
}

void cli_github_mask(const struct cli_config *cfg) {
    mask(cfg->password);
    mask(cfg->webhook_token);
    mask(cfg->secret_key);
    mask(cfg->session_token);
    fflush(stderr);
}

/* Opens the file a GitHub variable names for appending, or NULL (with a
 * warning: the step still reports its result in the log). */
FILE *cli_github_file(const char *variable) {
    const char *path = getenv(variable);
    FILE *f;
    if (path == NULL || path[0] == '\0') {
        return NULL;
    }
    f = fopen(path, "a");
    if (f == NULL) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "cannot append to $%s; its part of the "
                 "report is missing",
                 variable);
        cli_github_command("warning", NULL, msg);
    }
    return f;
}

/* A Markdown table cell that stays text: cleaned, then every character
 * Markdown or HTML would act on escaped. */
void cli_github_cell(FILE *out, const char *raw) {
    char *clean = cli_sanitize(raw);
    const char *s = clean != NULL ? clean : "(not shown: out of memory)";
    for (; *s != '\0'; s++) {
        if (*s == '<' || *s == '>' || *s == '&') {
            fputs(*s == '<' ? "&lt;" : *s == '>' ? "&gt;" : "&amp;", out);
        } else if (strchr("\\`*_{}[]()#+-.!|~:@", *s) != NULL) {
            fputc('\\', out);
            fputc(*s, out);
        } else {
            fputc(*s, out);
        }
    }
    free(clean);
}

void cli_github_summary_row(FILE *out, const char *key, const char *value) {
    fprintf(out, "| %s | ", key);
    cli_github_cell(out, value);
    fputs(" |\n", out);
}

void cli_github_summary_head(FILE *out, const char *title) {
    fprintf(out, "### tcss %s: %s\n\n| | |\n|---|---|\n", cli_command_name(cli_out_command()), title);
}

void cli_github_output(FILE *out, const char *name, const char *raw) {
    char *clean = cli_sanitize(raw);
    fprintf(out, "%s=%s\n", name, clean != NULL ? clean : "(not shown: out of memory)");
    free(clean);
}

void cli_github_result(const struct cli_config *cfg, const tcss_registry_result *r, int health_checked) {
    FILE *out = cli_github_file("GITHUB_OUTPUT");
    FILE *sum = cli_github_file("GITHUB_STEP_SUMMARY");
    const char *health = r->health_check_err;
    char id[32];
    snprintf(id, sizeof id, "%lld", r->registry_id);
    if (out != NULL) {
        cli_github_output(out, "registry-id", id);
        cli_github_output(out, "already-existed", r->already_existed ? "true" : "false");
        cli_github_output(out, "request-id", r->request_id);
        cli_github_output(out, "health-checked", health_checked ? "true" : "false");
        fclose(out);
    }
    if (sum != NULL) {
        cli_github_summary_head(sum, r->already_existed ? "already existed" : "added");
        cli_github_summary_row(sum, "Registry", cfg->spec.name);
        cli_github_summary_row(sum, "Registry id", id);
        cli_github_summary_row(sum, "Health check",
                               health[0] != '\0' ? health
                               : health_checked  ? "reachable"
                                                 : "not checked (it already existed)");
        cli_github_summary_row(sum, "RequestId", r->request_id);
        fputc('\n', sum);
        fclose(sum);
    }
}

void cli_github_error(const char *class_name, const char *code, const char *message, const char *request_id) {
    FILE *out = cli_github_file("GITHUB_OUTPUT");
    FILE *sum = cli_github_file("GITHUB_STEP_SUMMARY");
    if (out != NULL) {
        cli_github_output(out, "request-id", request_id);
        fclose(out);
    }
    if (sum != NULL) {
        cli_github_summary_head(sum, "failed");
        cli_github_summary_row(sum, "Error", class_name);
        cli_github_summary_row(sum, "Code", code);
        cli_github_summary_row(sum, "Message", message);
        cli_github_summary_row(sum, "RequestId", request_id);
        fputc('\n', sum);
        fclose(sum);
    }
}
