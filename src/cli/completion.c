/*
 * `tcss completion bash|zsh|fish`: a completion script for the shell,
 * generated from the option table (opts.c) like --help and tcss(1), so a
 * flag, a value list (TCSS_REGISTRY_TYPES, ...) or a file argument cannot
 * be missing from it. Flags complete everywhere; after a flag that takes a
 * value, its values (a list, file names, or nothing to offer).
 *
 *   bash: eval "$(tcss completion bash)" (or save it as
 *         /usr/share/bash-completion/completions/tcss)
 *   zsh:  tcss completion zsh > "${fpath[1]}/_tcss" (or source it)
 *   fish: tcss completion fish > ~/.config/fish/completions/tcss.fish
 */
#include "cli.h"

#include <string.h>

#define TOPICS \
    "add-registry ensure-registry list-registries show-registry " \
    "remove-registry sync scan"
#define COMMANDS TOPICS " help completion"
#define SHELLS "bash zsh fish"

static int completes(int o) { return cli_opt_specs[o].reach != REACH_SETTING_ONLY; }

static int takes_value(const struct cli_opt_spec *spec) { return spec->kind != KIND_BOOL; }

static int takes_file(const struct cli_opt_spec *spec) {
    return spec->value_name != NULL && strcmp(spec->value_name, "FILE") == 0;
}

/* "a,b,c" as "a b c". */
static void put_choices(FILE *out, const char *choices) {
    for (; *choices != '\0'; choices++) {
        fputc(*choices == ',' ? ' ' : *choices, out);
    }
}

/* Help text inside single quotes: for fish `\'`, for zsh `'\''`; zsh's
 * _arguments also reads [ ] and : in a spec, so they are escaped there. */
static void put_quoted_help(FILE *out, const char *s, int zsh) {
    for (; *s != '\0'; s++) {
        if (*s == '\'') {
            fputs(zsh ? "'\\''" : "\\'", out);
        } else if (*s == '\\') {
            fputs("\\\\", out);
        } else if (zsh && (*s == '[' || *s == ']' || *s == ':')) {
            fputc('\\', out);
            fputc(*s, out);
        } else {
            fputc(*s, out);
        }
    }
}

/* The flags (of one kind: 'f' taking a file, 'v' another value, 'a' all)
 * separated by sep. */
static void put_flags(FILE *out, char which, const char *sep) {
    int o, first = 1;
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        int pick = which == 'a' || (which == 'f' && takes_file(spec)) ||
                   (which == 'v' && takes_value(spec) && !takes_file(spec) && spec->choices == NULL);
        if (completes(o) && pick) {
            fprintf(out, "%s--%s", first ? "" : sep, spec->flag);
            first = 0;
        }
    }
}

static void bash_script(FILE *out) {
    int o;
    fputs("# tcss completion for bash, generated from tcss's option table.\n"
          "# eval \"$(tcss completion bash)\", or save it as "
          "/usr/share/bash-completion/completions/tcss\n"
          "_tcss() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} "
          "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    case $prev in\n",
          out);
    for (o = 0; o < OPT__COUNT; o++) {
        if (completes(o) && cli_opt_specs[o].choices != NULL) {
            fprintf(out, "        --%s) COMPREPLY=($(compgen -W '", cli_opt_specs[o].flag);
            put_choices(out, cli_opt_specs[o].choices);
            fputs("' -- \"$cur\")); return ;;\n", out);
        }
    }
    fputs("        ", out);
    put_flags(out, 'f', "|");
    fputs(") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n        ", out);
    put_flags(out, 'v', "|");
    fputs(") COMPREPLY=(); return ;;\n"
          "        completion) COMPREPLY=($(compgen -W '" SHELLS "' -- \"$cur\")); return ;;\n"
          "        help) COMPREPLY=($(compgen -W '" TOPICS "' -- \"$cur\")); "
          "return ;;\n"
          "    esac\n"
          "    COMPREPLY=($(compgen -W '" COMMANDS " ",
          out);
    put_flags(out, 'a', " ");
    fputs("' -- \"$cur\"))\n}\ncomplete -F _tcss tcss\n", out);
}

static void zsh_option(FILE *out, const struct cli_opt_spec *spec) {
    fprintf(out, "    '%s--%s%s[", spec->kind == KIND_LIST ? "*" : "", spec->flag, takes_value(spec) ? "=" : "");
    put_quoted_help(out, spec->help, 1);
    fputc(']', out);
    if (takes_value(spec)) {
        fputc(':', out);
        put_quoted_help(out, spec->value_name, 1);
        fputc(':', out);
        if (takes_file(spec)) {
            fputs("_files", out);
        } else if (spec->choices != NULL) {
            fputc('(', out);
            put_choices(out, spec->choices);
            fputc(')', out);
        } else {
            fputc(' ', out);
        }
    }
    fputs("' \\\n", out);
}

static void zsh_script(FILE *out) {
    int o;
    fputs("#compdef tcss\n"
          "# tcss completion for zsh, generated from tcss's option table.\n"
          "# Save it as _tcss in a folder of $fpath, or source it.\n"
          "_tcss() {\n"
          "  _arguments -s \\\n",
          out);
    for (o = 0; o < OPT__COUNT; o++) {
        if (completes(o)) {
            zsh_option(out, &cli_opt_specs[o]);
        }
    }
    fputs("    '1:command:(" COMMANDS ")' \\\n"
          "    '2:topic:(" TOPICS " " SHELLS ")'\n"
          "}\n"
          "if [ \"$funcstack[1]\" = \"_tcss\" ]; then\n"
          "  _tcss \"$@\"\n"
          "else\n"
          "  compdef _tcss tcss\n"
          "fi\n",
          out);
}

static void fish_script(FILE *out) {
    int o;
    fputs("# tcss completion for fish, generated from tcss's option table.\n"
          "# Save it as ~/.config/fish/completions/tcss.fish\n"
          "complete -c tcss -f\n"
          "complete -c tcss -n __fish_use_subcommand -a '" COMMANDS "'\n"
          "complete -c tcss -n '__fish_seen_subcommand_from completion' "
          "-a '" SHELLS "'\n",
          out);
    for (o = 0; o < OPT__COUNT; o++) {
        const struct cli_opt_spec *spec = &cli_opt_specs[o];
        if (!completes(o)) {
            continue;
        }
        fprintf(out, "complete -c tcss -l %s%s", spec->flag,
                !takes_value(spec) ? ""
                : takes_file(spec) ? " -r -F"
                                   : " -x");
        if (spec->choices != NULL) {
            fputs(" -a '", out);
            put_choices(out, spec->choices);
            fputc('\'', out);
        }
        fputs(" -d '", out);
        put_quoted_help(out, spec->help, 0);
        fputs("'\n", out);
    }
}

int cli_print_completion(const char *shell, char *msg, size_t msg_size) {
    struct cli_suggestion near;
    char hint[64];
    if (shell != NULL && strcmp(shell, "bash") == 0) {
        bash_script(stdout);
    } else if (shell != NULL && strcmp(shell, "zsh") == 0) {
        zsh_script(stdout);
    } else if (shell != NULL && strcmp(shell, "fish") == 0) {
        fish_script(stdout);
    } else {
        cli_suggest_init(&near, shell != NULL ? shell : "", shell != NULL ? strlen(shell) : 0);
        cli_suggest_list(&near, "bash,zsh,fish");
        snprintf(msg, msg_size, "completion: name the shell: bash, zsh or fish%s",
                 cli_suggestion_text(&near, "", hint, sizeof hint));
        return CLI_EXIT_USAGE;
    }
    return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
}
