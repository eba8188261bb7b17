/*
 * tcss: the command-line front end of libtcss.
 *
 *   tcss [GLOBAL OPTIONS] COMMAND [OPTIONS]
 *
 * COMMAND: add-registry, ensure-registry, list-registries, show-registry,
 * remove-registry, sync, scan (jobs.c runs all but the first).
 *
 * Built on the public header alone. The flow: read the command line (and,
 * as a Woodpecker/Drone plugin, the PLUGIN_* settings), check every value's
 * form, make a client, then either preview the request (--dry-run) or send
 * it, and turn the outcome into output and an exit code from
 * CONTRIBUTING.md's table. See src/cli/README.md for the reference.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void log_to_stderr(int level, const char *line, void *userdata) {
    static const char *const names[] = {"error", "warn", "info", "debug"};
    /* The library redacts every line before it reaches us; a traced
     * response may still carry control characters from the service. */
    char *clean = cli_sanitize(line);
    (void)userdata;
    fprintf(stderr, "tcss: [%s] %s\n", level >= 0 && level <= 3 ? names[level] : "log",
            clean != NULL ? clean : "(not shown: out of memory)");
    free(clean);
}

static int run_add_registry(const struct cli_config *cfg, tcss_client *client) {
    int rc, exit_code;

    if (cfg->dry_run) {
        char *preview = NULL;
        rc = tcss_add_registry_preview(&preview, client, &cfg->spec);
        if (rc == TCSS_OK) {
            cli_print_preview(cfg->format, preview);
            exit_code = CLI_EXIT_OK;
        } else {
            cli_print_library_error(cfg->format, tcss_error_last());
            exit_code = cli_exit_code_for(rc);
        }
        tcss_string_free(preview);
    } else {
        tcss_registry_result *result = NULL;
        rc = tcss_add_registry(&result, client, &cfg->spec);
        if (rc == TCSS_OK) {
            const char *health = result->health_check_err;
            cli_print_result(cfg->format, result, cfg);
            exit_code =
                cfg->fail_on_health_check && health != NULL && health[0] != '\0' ? CLI_EXIT_HEALTH_CHECK : CLI_EXIT_OK;
        } else {
            cli_print_library_error(cfg->format, tcss_error_last());
            exit_code = cli_exit_code_for(rc);
        }
        tcss_registry_result_free(result);
    }
    return exit_code;
}

/* Makes the client and runs the command on it. */
static int run_command(const struct cli_config *cfg) {
    tcss_client *client = NULL;
    tcss_client_options opts = cfg->client;
    int rc;

    /* Without --verbose the library stays quiet: the CLI reports the
     * outcome itself, and the library's own error and warning lines would
     * only say it twice. */
    if (cfg->verbose) {
        opts.log_fn = log_to_stderr;
        opts.log_userdata = NULL;
        opts.log_level = TCSS_LOG_DEBUG;
    }
    /* A dry run needs no credentials and sends nothing, to STS or the
     * metadata service either: the library only says where they would come
     * from. */
    opts.dry_run = cfg->dry_run;
    rc = tcss_client_new(&client, &opts);
    if (rc != TCSS_OK) {
        cli_print_library_error(cfg->format, tcss_error_last());
        return cli_exit_code_for(rc);
    }
    rc = cfg->command == CMD_ADD_REGISTRY ? run_add_registry(cfg, client) : cli_run_job(cfg, client);
    tcss_client_free(client);
    return rc;
}

/* --help, --version: given and not =false (a bad value counts as on, the
 * user asked for it). */
static int switched_on(const struct cli_args *args, int opt) {
    int on = 1;
    if (args->value[opt] == NULL) {
        return 0;
    }
    (void)cli_parse_bool(args->value[opt], &on);
    return on;
}

static enum cli_command help_topic(const struct cli_args *args) {
    if (args->command != CMD_HELP) {
        return args->command == CMD_COMPLETION ? CMD_NONE : args->command;
    }
    {
        const struct cli_command_info *c = cli_command_named(args->topic);
        return c != NULL && c->command != CMD_HELP && c->command != CMD_COMPLETION ? c->command : CMD_NONE;
    }
}

/* Reads the command line and the PLUGIN_* settings and answers --help and
 * --version. Returns -1 when the command is to run, else the exit code. */
static int front_matter(struct cli_args *args, int argc, char **argv, enum cli_format format) {
    char msg[CLI_MSG_MAX] = "";
    int rc = cli_parse_args(args, argc, argv, msg, sizeof msg);
    if (rc == CLI_EXIT_OK && switched_on(args, OPT_HELP)) {
        cli_print_help(stdout, help_topic(args));
        return CLI_EXIT_OK;
    }
    if (rc == CLI_EXIT_OK && switched_on(args, OPT_VERSION)) {
        cli_print_version(format);
        return CLI_EXIT_OK;
    }
    if (rc == CLI_EXIT_OK && args->command == CMD_COMPLETION) {
        rc = cli_print_completion(args->topic, msg, sizeof msg);
        if (rc == CLI_EXIT_OK) {
            return rc;
        }
    }
    if (rc == CLI_EXIT_OK) {
        rc = cli_apply_plugin_env(args, msg, sizeof msg);
        cli_output_setup(args, 0);
    }
    if (rc != CLI_EXIT_OK) {
        cli_print_usage_error(format, msg);
        return rc;
    }
    if (args->command == CMD_NONE) {
        if (argc <= 1) {
            cli_print_help(stderr, CMD_NONE);
        }
        cli_print_usage_error(format, "no command given (try 'tcss --help' for the "
                                      "commands, e.g. add-registry or scan; as a "
                                      "plugin, set PLUGIN_NAME and PLUGIN_URL; as a "
                                      "GitHub action, GITHUB_ACTIONS=true)");
        return CLI_EXIT_USAGE;
    }
    return -1;
}

int main(int argc, char **argv) {
    struct cli_args args;
    struct cli_config cfg;
    char msg[CLI_MSG_MAX] = "";
    enum cli_format format;
    int rc;

    /* Before anything secret is read. */
    cli_disable_core_dumps();
    format = cli_prescan_format(argc, argv);

    rc = front_matter(&args, argc, argv, format);
    if (rc >= 0) {
        cli_args_free(&args);
        return rc;
    }
    rc = cli_build_config(&cfg, &args, msg, sizeof msg);
    cli_output_setup(&args, cfg.quiet);
    if (args.mode == MODE_GITHUB) {
        /* Before anything else is printed: whatever secret was read. */
        cli_github_mask(&cfg);
    }
    if (rc != CLI_EXIT_OK) {
        /* The format flag itself may be what was wrong: then text. */
        cli_print_usage_error(cfg.format == FORMAT_JSON ? FORMAT_JSON : format, msg);
    } else {
        rc = run_command(&cfg);
    }
    cli_config_free(&cfg);
    cli_args_free(&args);
    return rc;
}
