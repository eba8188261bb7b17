/*
 * The tcss command's internals, shared by its few source files. Everything
 * here sits on the public header only; nothing reaches into src/.
 */
#ifndef TCSS_CLI_H
#define TCSS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "tcss/tcss.h"

/* Exit codes: CONTRIBUTING.md's table, and nothing else. */
enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_INTERNAL = 1,
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_AUTH = 3,
    CLI_EXIT_REJECTED = 4,
    CLI_EXIT_RATE_LIMITED = 5,
    CLI_EXIT_NETWORK = 6,
    CLI_EXIT_BAD_RESPONSE = 7,
    CLI_EXIT_HEALTH_CHECK = 8,
    CLI_EXIT_GATE_FAILED = 9, /* scan: findings over the threshold */
    CLI_EXIT_INCOMPLETE = 10, /* scan (or a waited sync) did not finish */
    CLI_EXIT_NOT_FOUND = 11,  /* the registry or image is not in TCSS */
    CLI_EXIT_REPORT = 12      /* a --report file could not be written */
};

/* Every option the command knows: the index into cli_opt_specs (opts.c). */
enum cli_opt {
    /* add-registry */
    OPT_NAME,
    OPT_URL,
    OPT_REGISTRY_TYPE,
    OPT_USERNAME,
    OPT_NET_TYPE,
    OPT_REGISTRY_VERSION,
    OPT_REGISTRY_REGION,
    OPT_SPEED_LIMIT,
    OPT_INSECURE,
    OPT_CONN_DETECT,
    OPT_NEED_SCAN,
    OPT_SYNC_MODE,
    OPT_WEBHOOK_URL,
    OPT_INSTANCE_ID,
    OPT_PASSWORD_STDIN,
    OPT_PASSWORD_FILE,
    OPT_WEBHOOK_TOKEN_FILE,
    OPT_FAIL_ON_HEALTH_CHECK,
    /* ensure-registry, remove-registry, sync, scan */
    OPT_UPDATE,
    OPT_YES,
    OPT_IMAGE,
    OPT_SYNC,
    OPT_WAIT,
    OPT_FAIL_ON,
    OPT_MAX_CRITICAL,
    OPT_MAX_HIGH,
    OPT_MAX_MEDIUM,
    OPT_MAX_LOW,
    OPT_ONLY_FIXED,
    OPT_IGNORE_FILE,
    OPT_REPORT,
    /* the command a CI step runs (PLUGIN_COMMAND, INPUT_COMMAND) */
    OPT_COMMAND,
    /* secrets a CI step passes as settings only, never as flags */
    OPT_PASSWORD,
    OPT_WEBHOOK_TOKEN,
    OPT_SECRET_ID,
    OPT_SECRET_KEY,
    OPT_SESSION_TOKEN,
    /* global */
    OPT_ENDPOINT,
    OPT_REGION,
    OPT_PROFILE,
    /* keyless credentials */
    OPT_STS_ENDPOINT,
    OPT_ROLE_ARN,
    OPT_PROVIDER_ID,
    OPT_WEB_IDENTITY_TOKEN_FILE,
    OPT_ROLE_SESSION_NAME,
    OPT_SESSION_DURATION,
    OPT_METADATA_ENDPOINT,
    OPT_NO_METADATA,
    /* global again */
    OPT_CA_FILE,
    OPT_TIMEOUT,
    OPT_MAX_ATTEMPTS,
    OPT_OUTPUT,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_DRY_RUN,
    OPT_VERSION,
    OPT_HELP,
    OPT__COUNT
};

enum cli_command {
    CMD_NONE,
    CMD_ADD_REGISTRY,
    CMD_ENSURE_REGISTRY,
    CMD_LIST_REGISTRIES,
    CMD_SHOW_REGISTRY,
    CMD_REMOVE_REGISTRY,
    CMD_SYNC,
    CMD_SCAN,
    CMD_HELP,
    CMD_COMPLETION
};

/* Sets of commands, for the table's `commands` and `required` columns. */
#define CMD_BIT(c) (1u << (c))
#define CMDS_REGISTER (CMD_BIT(CMD_ADD_REGISTRY) | CMD_BIT(CMD_ENSURE_REGISTRY))
#define CMDS_NAMED \
    (CMDS_REGISTER | CMD_BIT(CMD_SHOW_REGISTRY) | CMD_BIT(CMD_REMOVE_REGISTRY) | CMD_BIT(CMD_SYNC) | CMD_BIT(CMD_SCAN))

/* A command's name, usage line and one-line summary (tcss.c). */
struct cli_command_info {
    enum cli_command command;
    const char *name;
    const char *usage;
    const char *summary;
};
extern const struct cli_command_info cli_commands[];
/* The row of cli_commands for a name (NULL when none) or a command. */
const struct cli_command_info *cli_command_named(const char *name);
const char *cli_command_name(enum cli_command command);

/* Where the settings come from: the command line alone, or also the
 * PLUGIN_* variables of a Woodpecker/Drone step, or the INPUT_* variables of
 * a GitHub Actions Docker step (plugin.c). */
enum cli_mode { MODE_COMMAND_LINE, MODE_PLUGIN, MODE_GITHUB };

/* Where the CLI's output goes. Usage errors need it before parsing ends. */
/* FORMAT_ENV: dotenv lines (TCSS_KEY=value) on stdout, messages on stderr
 * as in text; for CI systems that read a dotenv report (GitLab). */
enum cli_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_ENV };

/* A message for the user, built while parsing. Never holds a secret. */
#define CLI_MSG_MAX 512

/* Where a value came from; messages name the flag or the variable. */
enum cli_source { SRC_NONE, SRC_FLAG, SRC_PLUGIN, SRC_INPUT, SRC_ENV };

enum cli_opt_kind {
    KIND_VALUE, /* --flag VALUE or --flag=VALUE */
    KIND_BOOL,  /* --flag, or --flag=true|false */
    KIND_LIST   /* repeatable --flag VALUE */
};

/* Which --help lists the option: add-registry's lists the first three, the
 * general one the last two. */
enum cli_opt_group {
    GROUP_REGISTRY,
    GROUP_SECRET,
    GROUP_KEYLESS,
    GROUP_GLOBAL,
    GROUP_JOB /* ensure-registry, remove-registry, sync, scan */
};

/* How an option can be given. The usual case (0): as --flag, as a
 * PLUGIN_* setting (the flag's name in capitals, '-' as '_') and as a
 * GitHub Actions input (INPUT_ and the name in capitals, '-' kept). */
enum cli_opt_reach {
    REACH_ALL,
    REACH_FLAG_ONLY,   /* --help, --version, --password-stdin */
    REACH_SETTING_ONLY /* a secret a CI step passes; never a flag */
};

struct cli_config;
struct cli_opt_spec;

/* Checks one value's form and stores it in the config. `shown` names the
 * flag or variable it came from; on failure writes msg, returns an exit
 * code. */
typedef int (*cli_convert_fn)(struct cli_config *cfg, const struct cli_opt_spec *spec, const char *value,
                              const char *shown, char *msg, size_t msg_size);

/* One row of the option table (opts.c), after libgit2's cli_opt_spec and
 * written with designated initializers as curl's tool_getparam.c writes its
 * table, so a row names only what it has: parsing, conversion, the
 * PLUGIN_* and INPUT_* modes, --help, completion and tcss(1) all read it,
 * so they cannot drift apart. */
struct cli_opt_spec {
    const char *flag;       /* long name, without the leading "--"; also
                               the setting's and the input's name */
    const char *value_name; /* "NAME" in --help; NULL for a switch */
    const char *env;        /* ordinary variable used when neither the flag
                               nor a setting is given (--help shows it) */
    enum cli_opt_reach reach;
    enum cli_opt_kind kind;
    enum cli_opt_group group;
    unsigned int commands;  /* CMD_BIT()s of the commands that take it;
                               0: every command (global options) */
    unsigned int required;  /* CMD_BIT()s of the commands that cannot run
                               without it */
    int secret;             /* never shown; masked in GitHub Actions */
    cli_convert_fn convert; /* NULL: handled by hand (list, help, ...) */
    size_t offset;          /* the field in struct cli_config it fills */
    const char *lib_field;  /* the library's name for that field
                               (tcss_client_options), for its messages */
    const char *choices;    /* comma-separated values, for enums */
    long long min, max;     /* range, for numbers */
    const char *expect;     /* "a whole number >= 0": in error messages */
    const char *def;        /* default shown in --help, or NULL */
    long long def_num;      /* numeric default shown when def is NULL and
                               this is not 0 */
    const char *help;
};

/* Every value of a repeatable option (KIND_LIST), with where each came
 * from; env_copy is the split copy of its PLUGIN_* / INPUT_* setting. */
struct cli_list {
    const char **value;
    enum cli_source *source;
    size_t count;
    char *env_copy;
};

/* The raw command line and PLUGIN_* values, before their form is checked.
 * Strings point into argv or the environment and are never freed, except
 * the lists' split copies of their settings. */
struct cli_args {
    enum cli_command command;
    const char *topic;             /* "tcss help add-registry",
                                      "tcss completion bash" */
    const char *value[OPT__COUNT]; /* NULL: not given */
    enum cli_source source[OPT__COUNT];
    struct cli_list conn_detect; /* every --conn-detect value */
    struct cli_list report;      /* every --report value */
    enum cli_mode mode;
};

/* One --report FORMAT=PATH. */
struct cli_report {
    char format[8];   /* gitlab, sarif, junit, json */
    const char *path; /* into argv or the environment */
    int written;      /* set after the scan */
};

/* The checked settings, ready for the library. */
struct cli_config {
    enum cli_command command;
    enum cli_format format;
    int verbose;
    int dry_run;
    int quiet;
    int fail_on_health_check;
    int password_stdin;
    const char *password_file; /* into argv or the environment */
    const char *webhook_token_file;
    tcss_client_options client;
    tcss_registry_spec spec;
    int update;                 /* TCSS_UPDATE_* (ensure-registry) */
    int yes;                    /* remove-registry --yes */
    tcss_scan_options scan;     /* scan; wait_ms also for sync */
    struct cli_report *reports; /* owned */
    size_t report_count;
    tcss_conn_detect *conn_detect; /* owned */
    char *conn_detect_strings;     /* owned; the items' halves */
    /* Secrets, owned, wiped by cli_config_free(). */
    char *password;
    char *webhook_token;
    char *secret_id;
    char *secret_key;
    char *session_token;
};

/* opts.c */
extern const struct cli_opt_spec cli_opt_specs[OPT__COUNT];
/* "--name" for a flag, "PLUGIN_NAME" for a plugin setting, "input name" for
 * a GitHub Actions input, the variable's name for the environment. */
const char *cli_source_name(char *buf, size_t size, int opt, enum cli_source source);
/* The variable a CI system sets for a row: PLUGIN_REGISTRY_TYPE (SRC_PLUGIN)
 * or INPUT_REGISTRY-TYPE (SRC_INPUT). */
const char *cli_setting_var(char *buf, size_t size, int opt, enum cli_source source);
int cli_parse_bool(const char *v, int *out);

/* Did-you-mean: offer candidates, then ask for the nearest (within two
 * edits, case folded; one edit for a candidate under six bytes). */
struct cli_suggestion {
    const char *word;
    size_t len;
    const char *best;
    size_t best_len;
    size_t best_distance;
};
void cli_suggest_init(struct cli_suggestion *s, const char *word, size_t len);
void cli_suggest_offer(struct cli_suggestion *s, const char *cand, size_t len);
void cli_suggest_list(struct cli_suggestion *s, const char *comma_list);
/* " (did you mean PREFIXbest?)" in buf, or "" when nothing was near. */
const char *cli_suggestion_text(const struct cli_suggestion *s, const char *prefix, char *buf, size_t size);

/* args.c */
enum cli_format cli_prescan_format(int argc, char **argv);
int cli_parse_args(struct cli_args *args, int argc, char **argv, char *msg, size_t msg_size);
/* The list a KIND_LIST row fills. */
struct cli_list *cli_args_list(struct cli_args *args, int opt);
int cli_add_list_value(struct cli_list *list, const char *value, enum cli_source source);
void cli_args_free(struct cli_args *args);

/* config.c */
int cli_build_config(struct cli_config *cfg, const struct cli_args *args, char *msg, size_t msg_size);
void cli_config_free(struct cli_config *cfg);

/* plugin.c: the Woodpecker/Drone PLUGIN_* mode and the GitHub Actions
 * INPUT_* mode. */
/* getenv(), an empty value counting as unset (as CI systems pass unset
 * settings). */
const char *cli_plugin_value(const char *env_name);
int cli_plugin_mode_wanted(void);
int cli_github_mode_wanted(void);
/* Row opt's setting in that mode (PLUGIN_*, INPUT_*), or NULL. */
const char *cli_setting_value(int opt, enum cli_mode mode);
/* Decides the mode (args->mode) and fills what the flags left unset from
 * the settings; warns about variables no row names. */
int cli_apply_plugin_env(struct cli_args *args, char *msg, size_t msg_size);

/* help.c */
void cli_print_help(FILE *out, enum cli_command topic);

/* jobs.c: ensure-registry, list-registries, show-registry,
 * remove-registry, sync and scan on a client; the exit code. */
int cli_run_job(const struct cli_config *cfg, tcss_client *client);

/* job_output.c: a 1.1 result in the format asked for (cfg->reports say
 * which --report files were written); a warning, and a report that could
 * not be written, on stderr (GitHub annotations in MODE_GITHUB), cleaned. */
void cli_print_job_result(const struct cli_config *cfg, const tcss_result *result);
void cli_print_warning(const char *title, const char *message);
void cli_print_report_error(const char *message);

/* secret.c */
void cli_wipe(void *p, size_t n);
void cli_free_secret(char *s);
char *cli_strdup_secret(const char *s);
/* Reads a whole stream / file (at most 64 KiB), strips one trailing newline.
 * Returns NULL and writes a message (naming `what`, never the contents). */
char *cli_read_secret_stream(FILE *in, const char *what, char *msg, size_t msg_size);
char *cli_read_secret_file(const char *path, const char *what, char *msg, size_t msg_size);

/* sanitize.c: a printable copy of text from outside (malloc'd; NULL on
 * out of memory): control characters escaped, invalid UTF-8 replaced,
 * CI command markers neutralised. */
char *cli_sanitize(const char *s);

/* names.c: the library's message with its option fields ("options.profile",
 * "role_arn") named as this run took them (--profile, PLUGIN_ROLE_ARN,
 * input role-arn). Malloc'd; NULL on out of memory. */
char *cli_name_library_fields(const char *message, const struct cli_args *args);

/* completion.c: `tcss completion bash|zsh|fish`. */
int cli_print_completion(const char *shell, char *msg, size_t msg_size);

/* github.c: GitHub Actions workflow commands, outputs and step summary. */
void cli_github_command(const char *command, const char *title, const char *message);
void cli_github_mask(const struct cli_config *cfg);
void cli_github_result(const struct cli_config *cfg, const tcss_registry_result *result, int health_checked);
void cli_github_error(const char *class_name, const char *code, const char *message, const char *request_id);
/* ensure-registry's and scan's outputs and summary (github_jobs.c). */
void cli_github_job(const struct cli_config *cfg, const tcss_result *result);
/* Markdown cell, GITHUB_OUTPUT line, the files (github.c, shared). */
void cli_github_cell(FILE *out, const char *raw);
void cli_github_output(FILE *out, const char *name, const char *raw);
FILE *cli_github_file(const char *variable);
void cli_github_summary_head(FILE *out, const char *title);
void cli_github_summary_row(FILE *out, const char *key, const char *value);

/* hardening.c: core dumps off (RLIMIT_CORE 0, not dumpable). */
void cli_disable_core_dumps(void);

/* output.c */
/* How this run reports: GitHub annotations in MODE_GITHUB, --quiet, and how
 * each option was given (args may be NULL: as flags). */
void cli_output_setup(const struct cli_args *args, int quiet);
int cli_exit_code_for(int tcss_code);
void cli_print_usage_error(enum cli_format format, const char *message);
void cli_print_library_error(enum cli_format format, const tcss_error *err);
void cli_print_result(enum cli_format format, const tcss_registry_result *result, const struct cli_config *cfg);
void cli_print_preview(enum cli_format format, const char *preview);
void cli_print_version(enum cli_format format);
/* Shared with job_output.c: dotenv lines and one JSON text on stdout. */
void cli_emit_env(const char *key, const char *value);
void cli_emit_json_text(const char *json);
int cli_out_quiet(void);
enum cli_mode cli_out_mode(void);
enum cli_command cli_out_command(void);

#endif /* TCSS_CLI_H */
