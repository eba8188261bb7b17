/*
 * The --help texts, generated from the option table (opts.c) so that help
 * and parsing cannot drift: each option's line, its values and its default
 * come from the row that also parses it. src/cli/README.md is the long form.
 */
#include "cli.h"

#include <string.h>

#define HELP_WIDTH 79
#define HELP_INDENT 30

/* Writes words to out, wrapped at HELP_WIDTH, continuing at HELP_INDENT;
 * *col is the current column. */
static void put_words(FILE *out, const char *text, int *col) {
    while (*text != '\0') {
        size_t word = strcspn(text, " ");
        if (*col > HELP_INDENT && *col + 1 + (int)word > HELP_WIDTH) {
            fprintf(out, "\n%*s", HELP_INDENT, "");
            *col = HELP_INDENT;
        } else if (*col > HELP_INDENT) {
            fputc(' ', out);
            (*col)++;
        }
        fwrite(text, 1, word, out);
        *col += (int)word;
        text += word;
        text += strspn(text, " ");
    }
}

/* "(one of: a, b, c)" and "(default: $ENV, else X)" from the row. */
static void put_values(FILE *out, const struct cli_opt_spec *spec, int *col) {
    char buf[256], def[160] = "";
    const char *p;
    size_t j;
    if (spec->choices != NULL) {
        j = (size_t)snprintf(buf, sizeof buf, "(one of: ");
        for (p = spec->choices; *p != '\0' && j + 4 < sizeof buf; p++) {
            buf[j++] = *p;
            if (*p == ',') {
                buf[j++] = ' ';
            }
        }
        buf[j++] = ')';
        buf[j] = '\0';
        put_words(out, buf, col);
    }
    if (spec->def != NULL) {
        snprintf(def, sizeof def, "%s", spec->def);
    } else if (spec->def_num != 0) {
        snprintf(def, sizeof def, "%lld", spec->def_num);
    }
    if (spec->choices == NULL && spec->expect == NULL && spec->max > 0 && spec->max < 1000000) {
        snprintf(buf, sizeof buf, "(%lld..%lld)", spec->min, spec->max);
        put_words(out, buf, col);
    }
    if (spec->env != NULL && def[0] != '\0') {
        snprintf(buf, sizeof buf, "(default: $%s, else %s)", spec->env, def);
    } else if (spec->env != NULL) {
        snprintf(buf, sizeof buf, "(else $%s)", spec->env);
    } else if (def[0] != '\0') {
        snprintf(buf, sizeof buf, "(default: %s)", def);
    } else {
        return;
    }
    put_words(out, buf, col);
}

static void put_option(FILE *out, const struct cli_opt_spec *spec) {
    char head[64];
    int col;
    snprintf(head, sizeof head, "  --%s%s%s%s", spec->flag, spec->value_name != NULL ? " " : "",
             spec->value_name != NULL ? spec->value_name : "",
             spec->kind == KIND_BOOL && spec->convert != NULL &&
                     (spec->group == GROUP_REGISTRY || spec->group == GROUP_JOB)
                 ? "[=BOOL]"
                 : "");
    fputs(head, out);
    col = (int)strlen(head);
    if (col >= HELP_INDENT) {
        fprintf(out, "\n%*s", HELP_INDENT, "");
    } else {
        fprintf(out, "%*s", HELP_INDENT - col, "");
    }
    col = HELP_INDENT;
    put_words(out, spec->help, &col);
    put_values(out, spec, &col);
    fputc('\n', out);
}

/* The group's flags that `command` takes (CMD_NONE: all of them). */
static void put_group_of(FILE *out, enum cli_opt_group group, enum cli_command command) {
    int o;
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        if (spec->group == group && spec->reach != REACH_SETTING_ONLY &&
            (command == CMD_NONE || spec->commands == 0 || (spec->commands & CMD_BIT(command)) != 0)) {
            put_option(out, spec);
        }
    }
}

static void put_group(FILE *out, enum cli_opt_group group) { put_group_of(out, group, CMD_NONE); }

static void put_commands(FILE *out) {
    const struct cli_command_info *c;
    int col;
    for (c = cli_commands; c->name != NULL; c++) {
        col = fprintf(out, "  %s", c->name);
        fprintf(out, "%*s", col < HELP_INDENT ? HELP_INDENT - col : 1, "");
        col = HELP_INDENT;
        put_words(out, c->summary, &col);
        fputc('\n', out);
    }
}

static void general_help(FILE *out) {
    fputs("Usage: tcss [GLOBAL OPTIONS] COMMAND [OPTIONS]\n\n"
          "Register image registries with Tencent Cloud Container Security "
          "Service,\nsync them, and scan an image and gate a pipeline on its "
          "findings.\n\nCommands (tcss help COMMAND for each one's "
          "options):\n",
          out);
    put_commands(out);
    fputs("\nGlobal options (accepted before or after the command):\n", out);
    put_group(out, GROUP_GLOBAL);
    fputs("\nKeyless credentials (a CI job's OIDC token, the CVM role):\n", out);
    put_group(out, GROUP_KEYLESS);
    fputs("\nThe SecretId/SecretKey come from TENCENTCLOUD_SECRET_ID, "
          "TENCENTCLOUD_SECRET_KEY\n(and TENCENTCLOUD_SESSION_TOKEN), else "
          "the profile file; there is no flag.\n\n"
          "Exit codes: 0 added or already existed, 1 internal error, 2 usage "
          "or\nvalidation error, 3 credentials missing or refused, 4 rejected "
          "by the\nservice, 5 rate limited, 6 network/timeout/TLS, 7 bad "
          "response from the\nservice, 8 added but the health check failed "
          "(--fail-on-health-check),\n9 the scan's gate failed, 10 the scan "
          "(or a sync waited for) did not finish,\n11 the registry or image "
          "is not in TCSS, 12 a --report could not be written.\n\n"
          "Run with no arguments and PLUGIN_NAME or PLUGIN_URL set, tcss is "
          "a\nWoodpecker/Drone plugin: settings come from PLUGIN_* variables "
          "(the flag's\nname in capitals, '-' as '_': PLUGIN_REGISTRY_TYPE). "
          "Run with no command and\nGITHUB_ACTIONS=true, it is a GitHub "
          "Actions Docker action: settings come from\nINPUT_* variables "
          "(INPUT_REGISTRY-TYPE). Secrets a CI step passes as settings:\n"
          "password, webhook-token, secret-id, secret-key, session-token. "
          "The setting\ncommand (PLUGIN_COMMAND, INPUT_COMMAND) picks "
          "add-registry (the default),\nensure-registry or scan.\n",
          out);
}

static void add_registry_help(FILE *out) {
    fputs("Usage: tcss add-registry --name NAME --url URL --registry-type "
          "TYPE\n"
          "                         --username USER (--password-stdin | "
          "--password-file FILE)\n"
          "                         [OPTIONS]\n\n"
          "Register an image registry with TCSS. When a registry of the same "
          "name is\nthere already, succeeds with its id and says it already "
          "existed.\n\nRegistry:\n",
          out);
    put_group(out, GROUP_REGISTRY);
    fputs("\nSecrets (never as flag values):\n", out);
    put_group(out, GROUP_SECRET);
    fputs("  One trailing newline is stripped from stdin and files.\n\n"
          "Keyless credentials (a CI job's OIDC token, the CVM role):\n",
          out);
    put_group(out, GROUP_KEYLESS);
    fputs("\nGlobal options (--endpoint, --region, --profile, --ca-file, "
          "--timeout,\n--max-attempts, --output, --verbose, --quiet, "
          "--dry-run) work here too; see\ntcss --help. BOOL is true/false, "
          "yes/no, on/off or 1/0.\n\nExample:\n"
          "  printf '%s' \"$HARBOR_PASSWORD\" | tcss add-registry --name "
          "harbor-prod \\\n"
          "      --url https://harbor.example.com --registry-type harbor \\\n"
          "      --username robot --password-stdin --registry-version V2\n",
          out);
}

/* Words after column `indent` (-1: at the start of a line), wrapped at
 * HELP_WIDTH under the first one. */
static void put_wrapped(FILE *out, const char *w, int indent) {
    int col = indent;
    while (*w != '\0') {
        int len = (int)strcspn(w, " ");
        if (col + 1 + len > HELP_WIDTH) {
            col = fprintf(out, "\n%*s", indent < 0 ? 0 : indent, "") - 2;
        }
        col += fprintf(out, "%s%.*s", col < 0 ? "" : " ", len, w);
        w += len + strspn(w + len, " ");
    }
}

/* ensure-registry, list-registries, ...: its usage and the flags it
 * takes, from the table. */
static void command_help(FILE *out, enum cli_command command) {
    const struct cli_command_info *c = cli_command_named(cli_command_name(command));
    char summary[256];
    put_wrapped(out, c->usage, fprintf(out, "Usage: tcss %s", c->name));
    snprintf(summary, sizeof summary, "%c%s.", c->summary[0] - 'a' + 'A', c->summary + 1);
    fputs("\n\n", out);
    put_wrapped(out, summary, -1);
    fputc('\n', out);
    if (command != CMD_LIST_REGISTRIES) {
        fputs("\nOptions:\n", out);
        put_group_of(out, GROUP_REGISTRY, command);
        put_group_of(out, GROUP_JOB, command);
        put_group_of(out, GROUP_SECRET, command);
    }
    fputs("\nGlobal options (--endpoint, --region, --profile, --timeout, "
          "--output,\n--verbose, --quiet, ...) and keyless credentials work "
          "here too; see tcss --help.\nBOOL is true/false, yes/no, on/off or "
          "1/0.\n",
          out);
}

void cli_print_help(FILE *out, enum cli_command topic) {
    if (topic == CMD_ADD_REGISTRY) {
        add_registry_help(out);
    } else if (topic != CMD_NONE) {
        command_help(out, topic);
    } else {
        general_help(out);
    }
    fflush(out);
}
