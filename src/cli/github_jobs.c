/*
 * GitHub Actions outputs and step summary of ensure-registry and scan (the
 * commands a CI step runs, INPUT_COMMAND). Every value is cleaned to one
 * line (cli_github_output) and every summary cell escaped (cli_github_cell)
 * as add-registry's are (github.c), so nothing the service sends can add
 * an output, break the table or issue a workflow command.
 *
 *  - ensure-registry: action, registry-id, changed (comma-separated API
 *    names), request-id;
 *  - scan: outcome, passed, critical, high, medium, low (findings per
 *    severity), report-gitlab, report-sarif, report-junit, report-json
 *    (the paths written).
 */
#include "cli.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *text_of(const cJSON *obj, const char *key, char *buf, size_t size) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    const cJSON *e;
    size_t len = 0;
    buf[0] = '\0';
    if (cJSON_IsString(item) || cJSON_IsBool(item)) {
        snprintf(buf, size, "%s", cJSON_IsString(item) ? item->valuestring : cJSON_IsTrue(item) ? "true" : "false");
        return buf;
    }
    if (cJSON_IsNumber(item)) {
        snprintf(buf, size, "%lld", (long long)item->valuedouble);
    }
    if (!cJSON_IsArray(item)) {
        return buf;
    }
    cJSON_ArrayForEach(e, item) {
        if (cJSON_IsString(e) && len + strlen(e->valuestring) + 2 < size) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 0 ? "," : "", e->valuestring);
        }
    }
    return buf;
}

static void ensure_job(FILE *out, FILE *sum, const cJSON *root) {
    char action[32], id[32], changed[512], rid[160], why[1024], hc[1024];
    text_of(root, "Action", action, sizeof action);
    text_of(root, "RegistryId", id, sizeof id);
    if (out != NULL) {
        cli_github_output(out, "action", action);
        cli_github_output(out, "registry-id", id);
        cli_github_output(out, "changed", text_of(root, "Changed", changed, sizeof changed));
        cli_github_output(out, "request-id", text_of(root, "RequestId", rid, sizeof rid));
    }
    if (sum != NULL) {
        const char *health = text_of(root, "HealthCheckErr", hc, sizeof hc);
        cli_github_summary_head(sum, action);
        cli_github_summary_row(sum, "Registry", text_of(root, "Name", why, sizeof why));
        cli_github_summary_row(sum, "Registry id", id);
        cli_github_summary_row(sum, "Why", text_of(root, "Reason", why, sizeof why));
        cli_github_summary_row(sum, "Health check", health[0] != '\0' ? health : "reachable");
        cli_github_summary_row(sum, "RequestId", text_of(root, "RequestId", rid, sizeof rid));
        fputc('\n', sum);
    }
}

static const char *const severities[] = {"critical", "high", "medium", "low", "unknown"};

/* | Severity | Findings | Failing | */
static void severity_table(FILE *sum, const cJSON *counts) {
    char all[32], failing[32];
    size_t i;
    fputs("| Severity | Findings | Failing the gate |\n|---|---|---|\n", sum);
    for (i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(counts, severities[i]);
        fprintf(sum, "| %s | %s | %s |\n", severities[i], text_of(c, "all", all, sizeof all),
                text_of(c, "failing", failing, sizeof failing));
    }
    fputc('\n', sum);
}

static void scan_summary(FILE *sum, const struct cli_config *cfg, const cJSON *root, const char *outcome) {
    const cJSON *gate = cJSON_GetObjectItemCaseSensitive(root, "gate");
    const cJSON *reason;
    char buf[1024];
    size_t i;
    cli_github_summary_head(sum, strcmp(outcome, "gate_failed") == 0 ? "the gate failed"
                                 : strcmp(outcome, "passed") == 0    ? "passed"
                                                                     : "the scan did not finish");
    cli_github_summary_row(sum, "Image", text_of(root, "image", buf, sizeof buf));
    cli_github_summary_row(sum, "Scan", text_of(root, "ScanStatus", buf, sizeof buf));
    cli_github_summary_row(sum, "Gate", text_of(gate, "summary", buf, sizeof buf));
    cJSON_ArrayForEach(reason, cJSON_GetObjectItemCaseSensitive(gate, "reasons")) {
        cli_github_summary_row(sum, "Reason", cJSON_IsString(reason) ? reason->valuestring : "");
    }
    for (i = 0; i < cfg->report_count; i++) {
        snprintf(buf, sizeof buf, "Report (%s)", cfg->reports[i].format);
        cli_github_summary_row(sum, buf, cfg->reports[i].written ? cfg->reports[i].path : "not written");
    }
    fputc('\n', sum);
    severity_table(sum, cJSON_GetObjectItemCaseSensitive(gate, "counts"));
}

static void scan_job(FILE *out, FILE *sum, const struct cli_config *cfg, const cJSON *root) {
    const cJSON *gate = cJSON_GetObjectItemCaseSensitive(root, "gate");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(gate, "counts");
    char outcome[32], buf[64];
    size_t i;
    text_of(root, "Outcome", outcome, sizeof outcome);
    if (out != NULL) {
        cli_github_output(out, "outcome", outcome);
        cli_github_output(out, "passed", text_of(gate, "passed", buf, sizeof buf));
        for (i = 0; i < 4; i++) {
            cli_github_output(out, severities[i],
                              text_of(cJSON_GetObjectItemCaseSensitive(counts, severities[i]), "all", buf, sizeof buf));
        }
        for (i = 0; i < cfg->report_count; i++) {
            snprintf(buf, sizeof buf, "report-%s", cfg->reports[i].format);
            if (cfg->reports[i].written) {
                cli_github_output(out, buf, cfg->reports[i].path);
            }
        }
    }
    if (sum != NULL) {
        scan_summary(sum, cfg, root, outcome);
    }
}

void cli_github_job(const struct cli_config *cfg, const tcss_result *result) {
    FILE *out, *sum;
    cJSON *root;
    if (cfg->command != CMD_ENSURE_REGISTRY && cfg->command != CMD_SCAN) {
        return;
    }
    root = cJSON_Parse(tcss_result_json(result));
    out = cli_github_file("GITHUB_OUTPUT");
    sum = cli_github_file("GITHUB_STEP_SUMMARY");
    if (root != NULL && cfg->command == CMD_ENSURE_REGISTRY) {
        ensure_job(out, sum, root);
    } else if (root != NULL) {
        scan_job(out, sum, cfg, root);
    }
    if (out != NULL) {
        fclose(out);
    }
    if (sum != NULL) {
        fclose(sum);
    }
    cJSON_Delete(root);
}
