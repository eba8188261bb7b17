/*
 * gen-man: writes tcss(1) in roff to stdout from the CLI's option table
 * (src/cli/opts.c), the same rows that parse the options and print --help,
 * so the man page cannot drift from the command. Built and run by
 * abi/install/package.cmake; linked with opts.c only.
 *
 *   gen-man VERSION DATE > tcss.1
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* Text with roff's special characters escaped: '\' and '-' (so that
 * options are real hyphens), and a leading '.' or '\''. */
static void put_text(FILE *out, const char *s) {
    if (*s == '.' || *s == '\'') {
        fputs("\\&", out);
    }
    for (; *s != '\0'; s++) {
        if (*s == '\\') {
            fputs("\\e", out);
        } else if (*s == '-') {
            fputs("\\-", out);
        } else {
            fputc(*s, out);
        }
    }
}

static void put_values(FILE *out, int o) {
    const struct cli_opt_spec *spec = &cli_opt_specs[o];
    if (spec->choices != NULL) {
        const char *p;
        fputs(" One of: ", out);
        for (p = spec->choices; *p != '\0'; p++) {
            fputs(*p == ',' ? ", " : "", out);
            if (*p != ',') {
                fputc(*p, out);
            }
        }
        fputc('.', out);
    }
    if (spec->choices == NULL && spec->expect == NULL && spec->max > 0 && spec->max < 1000000) {
        fprintf(out, " Range %lld..%lld.", spec->min, spec->max);
    }
    if (spec->env != NULL) {
        fputs(" Else $", out);
        put_text(out, spec->env);
        fputc('.', out);
    }
    if (spec->def != NULL) {
        fputs(" Default: ", out);
        put_text(out, spec->def);
        fputc('.', out);
    } else if (spec->def_num != 0) {
        fprintf(out, " Default: %lld.", spec->def_num);
    }
    if (spec->reach != REACH_FLAG_ONLY) {
        char var[64];
        fputs(" Plugin setting: ", out);
        put_text(out, cli_setting_var(var, sizeof var, o, SRC_PLUGIN));
        fputs("; GitHub Actions input: ", out);
        put_text(out, spec->flag);
        fputc('.', out);
    }
}

/* Which commands take the row, when not every one does. */
static void put_commands_of(FILE *out, const struct cli_opt_spec *spec) {
    const struct cli_command_info *c;
    const char *sep = " For: ";
    if (spec->commands == 0) {
        return;
    }
    for (c = cli_commands; c->name != NULL; c++) {
        if ((spec->commands & CMD_BIT(c->command)) != 0) {
            fputs(sep, out);
            put_text(out, c->name);
            sep = ", ";
        }
    }
    fputc('.', out);
}

/* A setting that has no flag: its variable (letters and '_', nothing
 * roff reads), its input, its help. */
static void put_setting(FILE *out, int o) {
    char var[64];
    fprintf(out, ".TP\n\\fB%s\\fR, input \\fB", cli_setting_var(var, sizeof var, o, SRC_PLUGIN));
    put_text(out, cli_opt_specs[o].flag);
    fputs("\\fR\n", out);
    put_text(out, cli_opt_specs[o].help);
    fputs(".\n", out);
}

/* The group's rows; settings-only rows (a CI step's secrets and its
 * command) when `settings`. */
static void put_group(FILE *out, enum cli_opt_group group, int settings) {
    int o;
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        if ((!settings && spec->group != group) || (spec->reach == REACH_SETTING_ONLY) != settings) {
            continue;
        }
        if (settings) {
            put_setting(out, o);
            continue;
        }
        fputs(".TP\n\\fB\\-\\-", out);
        put_text(out, spec->flag);
        fputs("\\fR", out);
        if (spec->value_name != NULL) {
            fputs(" \\fI", out);
            put_text(out, spec->value_name);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        put_text(out, spec->help);
        fputc('.', out);
        put_values(out, o);
        put_commands_of(out, spec);
        fputc('\n', out);
    }
}

static const char *const prologue = ".SH NAME\n"
                                    "tcss \\- register image registries with Tencent Cloud Container "
                                    "Security Service\n"
                                    ".SH SYNOPSIS\n"
                                    ".B tcss\n"
                                    "[\\fIGLOBAL OPTIONS\\fR] \\fBadd\\-registry\\fR \\fB\\-\\-name\\fR "
                                    "\\fINAME\\fR \\fB\\-\\-url\\fR \\fIURL\\fR \\fB\\-\\-registry\\-type\\fR "
                                    "\\fITYPE\\fR \\fB\\-\\-username\\fR \\fIUSER\\fR "
                                    "(\\fB\\-\\-password\\-stdin\\fR | \\fB\\-\\-password\\-file\\fR "
                                    "\\fIFILE\\fR) [\\fIOPTIONS\\fR]\n"
                                    ".br\n"
                                    ".B tcss\n"
                                    "[\\fIGLOBAL OPTIONS\\fR] \\fBensure\\-registry\\fR (the options of "
                                    "add\\-registry) [\\fB\\-\\-update\\fR \\fIauto\\fR|\\fIalways\\fR|"
                                    "\\fInever\\fR]\n"
                                    ".br\n"
                                    ".B tcss\n"
                                    "[\\fIGLOBAL OPTIONS\\fR] \\fBlist\\-registries\\fR | "
                                    "\\fBshow\\-registry\\fR \\fB\\-\\-name\\fR \\fINAME\\fR | "
                                    "\\fBremove\\-registry\\fR \\fB\\-\\-name\\fR \\fINAME\\fR "
                                    "\\fB\\-\\-yes\\fR\n"
                                    ".br\n"
                                    ".B tcss\n"
                                    "[\\fIGLOBAL OPTIONS\\fR] \\fBsync\\fR \\fB\\-\\-name\\fR \\fINAME\\fR "
                                    "[\\fB\\-\\-wait\\fR \\fISECONDS\\fR]\n"
                                    ".br\n"
                                    ".B tcss\n"
                                    "[\\fIGLOBAL OPTIONS\\fR] \\fBscan\\fR \\fB\\-\\-name\\fR \\fINAME\\fR "
                                    "\\fB\\-\\-image\\fR \\fIHOST/PATH:TAG\\fR[@sha256:\\fIDIGEST\\fR] "
                                    "[\\fIOPTIONS\\fR] [\\fB\\-\\-report\\fR \\fIFORMAT\\fR=\\fIPATH\\fR]...\n"
                                    ".br\n"
                                    ".B tcss help\n"
                                    "[\\fICOMMAND\\fR]\n"
                                    ".br\n"
                                    ".B tcss completion\n"
                                    "\\fBbash\\fR|\\fBzsh\\fR|\\fBfish\\fR\n"
                                    ".br\n"
                                    ".B tcss \\-\\-version\n"
                                    ".SH DESCRIPTION\n"
                                    "\\fBtcss\\fR calls AddAssetImageRegistryRegistryDetail (TCSS API "
                                    "2020\\-11\\-01) through libtcss.so.1. When a registry of the same name "
                                    "is there already, it succeeds with that registry's id. Options may come "
                                    "before or after the command. \\fBensure\\-registry\\fR adds the "
                                    "registry, or updates it in place when a setting given differs or TCSS "
                                    "reports its credentials failing. \\fBscan\\fR finds the image in TCSS "
                                    "(after a sync with \\fB\\-\\-sync\\fR), scans it, reads every "
                                    "finding and applies the gate; reports are written whatever the "
                                    "outcome.\n"
                                    ".SH OPTIONS FOR ADD\\-REGISTRY AND ENSURE\\-REGISTRY\n";

static const char *const epilogue = ".SH ENVIRONMENT\n"
                                    "The SecretId and SecretKey come from \\fBTENCENTCLOUD_SECRET_ID\\fR and "
                                    "\\fBTENCENTCLOUD_SECRET_KEY\\fR (and \\fBTENCENTCLOUD_SESSION_TOKEN\\fR), "
                                    "else the profile file; there is no flag. Run with no arguments and "
                                    "\\fBPLUGIN_NAME\\fR or \\fBPLUGIN_URL\\fR set, tcss is a Woodpecker/Drone "
                                    "plugin and reads each setting from its PLUGIN_* variable. Run with no "
                                    "command and \\fBGITHUB_ACTIONS\\fR=true, it is a GitHub Actions Docker "
                                    "action and reads each input from its INPUT_* variable (the input's name "
                                    "in capitals, hyphens kept). Secrets such a step passes as settings: "
                                    "password, webhook\\-token, secret\\-id, secret\\-key, "
                                    "session\\-token.\n"
                                    ".SH EXIT STATUS\n"
                                    "0 added or already existed, 1 internal error, 2 usage or validation "
                                    "error, 3 credentials missing or refused, 4 rejected by the service, "
                                    "5 rate limited, 6 network/timeout/TLS, 7 bad response from the service, "
                                    "8 added but the health check failed (\\fB\\-\\-fail\\-on\\-health\\-check"
                                    "\\fR), 9 the scan's gate failed, 10 the scan (or a sync waited for) did "
                                    "not finish, 11 the registry or image is not in TCSS, 12 a report could "
                                    "not be written.\n"
                                    ".SH EXAMPLE\n"
                                    ".nf\n"
                                    "printf '%s' \"$HARBOR_PASSWORD\" | tcss add\\-registry \\e\n"
                                    "    \\-\\-name harbor\\-prod \\-\\-url https://harbor.example.com \\e\n"
                                    "    \\-\\-registry\\-type harbor \\-\\-username robot \\-\\-password\\-stdin\n"
                                    ".fi\n"
                                    ".SH SEE ALSO\n"
                                    "\\fBcurl\\fR(1); the header /usr/include/tcss/tcss.h (package "
                                    "libtcss\\-dev).\n";

int main(int argc, char **argv) {
    if (argc != 3) {
        fputs("usage: gen-man VERSION DATE > tcss.1\n", stderr);
        return 2;
    }
    printf(".TH TCSS 1 \"%s\" \"tcss %s\" \"User Commands\"\n", argv[2], argv[1]);
    fputs(prologue, stdout);
    put_group(stdout, GROUP_REGISTRY, 0);
    fputs(".SS Secrets (never as flag values)\n", stdout);
    put_group(stdout, GROUP_SECRET, 0);
    fputs(".SS Keyless credentials\n", stdout);
    put_group(stdout, GROUP_KEYLESS, 0);
    fputs(".SH OPTIONS FOR ENSURE\\-REGISTRY, REMOVE\\-REGISTRY, SYNC AND "
          "SCAN\n",
          stdout);
    put_group(stdout, GROUP_JOB, 0);
    fputs(".SH GLOBAL OPTIONS\n", stdout);
    put_group(stdout, GROUP_GLOBAL, 0);
    fputs(".SH CI SETTINGS\nSettings a Woodpecker/Drone step (PLUGIN_*) or a "
          "GitHub Actions step (INPUT_*) passes that have no flag.\n",
          stdout);
    put_group(stdout, GROUP_GLOBAL, 1);
    fputs(epilogue, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}
