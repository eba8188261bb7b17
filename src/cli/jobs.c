/*
 * The recurring job's commands (issue 18): ensure-registry,
 * list-registries, show-registry, remove-registry, sync and scan, each one
 * call of the library's 1.1 API (include/tcss/tcss.h) on a client tcss.c
 * made. The outcome becomes output (job_output.c), GitHub Actions outputs
 * (github_jobs.c), the --report files and an exit code from
 * CONTRIBUTING.md's table: 8 a health check failed (--fail-on-health-check),
 * 9 the gate failed, 10 the scan (or a waited sync) did not finish, 11 the
 * registry or image is not in TCSS, 12 a --report file could not be written.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int call(const struct cli_config *cfg, tcss_client *client, tcss_result **out) {
    const char *name = cfg->spec.name;
    switch (cfg->command) {
    case CMD_ENSURE_REGISTRY: return tcss_ensure_registry(out, client, &cfg->spec, cfg->update);
    case CMD_LIST_REGISTRIES: return tcss_list_registries(out, client);
    case CMD_SHOW_REGISTRY: return tcss_show_registry(out, client, name);
    case CMD_REMOVE_REGISTRY: return tcss_remove_registry(out, client, name);
    case CMD_SYNC: return tcss_sync_registry(out, client, name, cfg->scan.wait_ms);
    default: return tcss_scan_image(out, client, &cfg->scan);
    }
}

/* Every --report, in the order given; one that cannot be written is said
 * (with the library's reason) and the others are still written. Returns
 * the number that failed. */
static size_t write_reports(const struct cli_config *cfg, const tcss_result *result) {
    size_t i, failed = 0;
    char msg[CLI_MSG_MAX];
    for (i = 0; i < cfg->report_count; i++) {
        struct cli_report *r = &cfg->reports[i];
        int rc = tcss_result_write_report(result, r->format, r->path);
        r->written = rc == TCSS_OK;
        if (rc != TCSS_OK) {
            const char *why = tcss_error_message(tcss_error_last());
            /* The library's message may name the report already. */
            if (strstr(why, r->path) != NULL) {
                snprintf(msg, sizeof msg, "%s", why);
            } else {
                snprintf(msg, sizeof msg,
                         "--report %s=%s: cannot be "
                         "written: %s",
                         r->format, r->path, why);
            }
            cli_print_report_error(msg);
            failed++;
        }
    }
    return failed;
}

/* A non-empty HealthCheckErr: TCSS stored the settings but could not reach
 * the registry. */
static int health_failed(const struct cli_config *cfg, const tcss_result *result) {
    const char *health = tcss_result_string(result, "HealthCheckErr");
    char msg[CLI_MSG_MAX];
    if (health[0] == '\0') {
        return 0;
    }
    snprintf(msg, sizeof msg,
             "registry %s was %s, but TCSS could not reach "
             "it: %s",
             tcss_result_string(result, "RegistryId"), tcss_result_string(result, "Action"), health);
    cli_print_warning("tcss health check", msg);
    return cfg->fail_on_health_check;
}

static int exit_code_of(const struct cli_config *cfg, const tcss_result *result) {
    long long outcome;
    switch (cfg->command) {
    case CMD_ENSURE_REGISTRY: return health_failed(cfg, result) ? CLI_EXIT_HEALTH_CHECK : CLI_EXIT_OK;
    case CMD_SYNC:
        /* Waited for: it must have finished, and well. */
        return cfg->scan.wait_ms > 0 && (strcmp(tcss_result_string(result, "Finished"), "true") != 0 ||
                                         strcmp(tcss_result_string(result, "SyncStatus"), "success") != 0)
                   ? CLI_EXIT_INCOMPLETE
                   : CLI_EXIT_OK;
    case CMD_SCAN:
        outcome = tcss_result_int(result, "OutcomeCode", TCSS_SCAN_INCOMPLETE);
        return outcome == TCSS_SCAN_PASSED        ? CLI_EXIT_OK
               : outcome == TCSS_SCAN_GATE_FAILED ? CLI_EXIT_GATE_FAILED
                                                  : CLI_EXIT_INCOMPLETE;
    default: return CLI_EXIT_OK;
    }
}

int cli_run_job(const struct cli_config *cfg, tcss_client *client) {
    tcss_result *result = NULL;
    size_t failed = 0;
    int rc, exit_code;
    /* Calls that are never given the registry password (scan, list, show,
     * sync) still mask it, when the job has one, in whatever TCSS sends
     * back: results, errors, reports. */
    if (cfg->spec.password != NULL) {
        (void)tcss_client_add_secret(client, cfg->spec.password);
    }
    if (cfg->spec.webhook_token != NULL) {
        (void)tcss_client_add_secret(client, cfg->spec.webhook_token);
    }
    rc = call(cfg, client, &result);
    if (rc != TCSS_OK) {
        cli_print_library_error(cfg->format, tcss_error_last());
        return cli_exit_code_for(rc);
    }
    if (cfg->command == CMD_SCAN) {
        /* Before the output, which says where they went. */
        failed = write_reports(cfg, result);
    }
    exit_code = exit_code_of(cfg, result);
    cli_print_job_result(cfg, result);
    if (cli_out_mode() == MODE_GITHUB) {
        cli_github_job(cfg, result);
    }
    tcss_result_free(result);
    /* A report the pipeline asked for and will look for is missing: that
     * outranks the gate's verdict, which the output has said. */
    return failed > 0 ? CLI_EXIT_REPORT : exit_code;
}
