/*
 * Secrets never reach output (issue 3 §5). Every C API outcome class and
 * every CLI path (success, each failure class, --verbose, --dry-run, json,
 * text, plugin mode, --password-stdin) runs with recognisable secrets:
 * SecretKey, session token, registry password and webhook token. Asserted:
 * no secret, and no 12-byte piece of one, appears in stdout, stderr, the log
 * callback's lines (at DEBUG, the most verbose), error messages, service
 * messages, previews or results.
 *
 *   test_secrets c_api | cli
 */
#define _GNU_SOURCE 1
#include "reltest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tcss/tcss.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PIECE 12

/* Recognisable secrets of our own, plus the emulator's keys (read from the
 * harness at run time). */
static const char sentinel_password[] = "RegPass-SENTINEL-4f9c2e71d0";
static const char sentinel_webhook[] = "WebhookTok-SENTINEL-8d1b0a55e3";
static const char sentinel_wrong_key[] = "WrongKey-SENTINEL-77aa01bb99";
static const char *secrets[8];
static size_t n_secrets;
static int checks;

static void collect_secrets(void) {
    n_secrets = 0;
    secrets[n_secrets++] = sentinel_password;
    secrets[n_secrets++] = sentinel_webhook;
    secrets[n_secrets++] = sentinel_wrong_key;
    secrets[n_secrets++] = rt_env("TENCENTCLOUD_SECRET_KEY");
    secrets[n_secrets++] = rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY");
    secrets[n_secrets++] = rt_env("TCSS_EMULATOR_TEMP_TOKEN");
    secrets[n_secrets++] = rt_env("TCSS_MOCK_REGISTRY_PASSWORD");
}

/* Which secret has a PIECE-byte window in text: its index, or -1. */
static int find_piece(const char *text, size_t len) {
    size_t i, k;
    if (text == NULL) return -1;
    for (i = 0; i < n_secrets; i++) {
        size_t sl = strlen(secrets[i]);
        for (k = 0; k + PIECE <= sl; k++)
            if (rt_contains(text, len, secrets[i] + k, PIECE)) return (int)i;
    }
    return -1;
}

static void assert_clean(const char *where, const char *text, size_t len) {
    int i = find_piece(text, len);
    checks++;
    if (i >= 0) fail_msg("%s holds a piece of secret #%d: %.*s", where, i, (int)(len > 2000 ? 2000 : len), text);
}

/* The detector itself: a secret cut into a message is found, a masked one
 * is not. */
static void test_detector(void **state) {
    char buf[256];
    (void)state;
    collect_secrets();
    snprintf(buf, sizeof buf, "error: key ...%.14s... rejected", rt_env("TCSS_EMULATOR_TEMP_TOKEN") + 3);
    assert_true(find_piece(buf, strlen(buf)) >= 0);
    snprintf(buf, sizeof buf, "Password: ********, token ********");
    assert_int_equal(find_piece(buf, strlen(buf)), -1);
}

/* ---- C API ----------------------------------------------------------- */

enum creds { CREDS_ENV, CREDS_TEMP, CREDS_WRONG_KEY, CREDS_HALF };

struct api_path {
    const char *name;
    enum creds creds;
    const char *fault_json;
    const char *endpoint_env; /* NULL: TCSS_ENDPOINT */
    int password_kind;        /* 0 mock's, 1 sentinel (health check fails), 2 invalid UTF-8 */
    int preview;
    int break_name; /* validation fails on Name */
    int expect_rc;
};

static const struct api_path api_paths[] = {
    {"success", CREDS_ENV, NULL, NULL, 0, 0, 0, TCSS_OK},
    {"success_temporary_credentials", CREDS_TEMP, NULL, NULL, 0, 0, 0, TCSS_OK},
    {"health_check_warning", CREDS_ENV, NULL, NULL, 1, 0, 0, TCSS_OK},
    {"preview", CREDS_TEMP, NULL, NULL, 1, 1, 0, TCSS_OK},
    {"auth_failure", CREDS_WRONG_KEY, NULL, NULL, 1, 0, 0, TCSS_EAUTH},
    {"credentials_half_set", CREDS_HALF, NULL, NULL, 1, 0, 0, TCSS_ECREDENTIALS},
    {"validation_name", CREDS_TEMP, NULL, NULL, 1, 0, 1, TCSS_EINVAL},
    {"validation_password_utf8", CREDS_TEMP, NULL, NULL, 2, 0, 0, TCSS_EINVAL},
    {"rate_limited", CREDS_TEMP, "{\"mode\":\"ratelimit\",\"count\":10}", NULL, 1, 0, 0, TCSS_ERATELIMIT},
    {"network_reset", CREDS_TEMP, "{\"mode\":\"reset\",\"count\":10}", NULL, 1, 0, 0, TCSS_ENETWORK},
    {"timeout", CREDS_TEMP, "{\"mode\":\"hang\",\"count\":1,\"hang_seconds\":30}", NULL, 1, 0, 0, TCSS_ETIMEOUT},
    {"tls_untrusted", CREDS_TEMP, NULL, "TCSS_TLS_UNTRUSTED_ENDPOINT", 1, 0, 0, TCSS_ETLS},
    {"bad_response", CREDS_TEMP, "{\"mode\":\"garbage\",\"count\":1}", NULL, 1, 0, 0, TCSS_EBADRESPONSE},
    {"bad_response_5xx", CREDS_TEMP, "{\"mode\":\"5xx\",\"count\":10}", NULL, 1, 0, 0, TCSS_EBADRESPONSE},
};

static void run_api_path(const struct api_path *p) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    tcss_client *client = NULL;
    rt_log log = {NULL, 0, 0};
    char bad_password[64];
    char where[128];
    int rc;

    rt_emu_reset();
    if (p->fault_json != NULL) rt_emu_fault(p->fault_json);
    o.log_fn = rt_log_capture;
    o.log_userdata = &log;
    o.log_level = TCSS_LOG_DEBUG;
    o.ca_file = rt_env("TCSS_TEST_CA");
    o.timeout_ms = 2000;
    o.max_attempts = 2;
    o.endpoint = p->endpoint_env != NULL ? rt_env(p->endpoint_env) : rt_env("TCSS_ENDPOINT");
    switch (p->creds) {
    case CREDS_ENV: break;
    case CREDS_TEMP:
        o.secret_id = rt_env("TCSS_EMULATOR_TEMP_SECRET_ID");
        o.secret_key = rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY");
        o.session_token = rt_env("TCSS_EMULATOR_TEMP_TOKEN");
        break;
    case CREDS_WRONG_KEY:
        o.secret_id = rt_env("TENCENTCLOUD_SECRET_ID");
        o.secret_key = sentinel_wrong_key;
        break;
    case CREDS_HALF: o.secret_key = sentinel_wrong_key; break;
    }
    rc = tcss_client_new(&client, &o);
    snprintf(where, sizeof where, "[%s] client_new message", p->name);
    assert_clean(where, tcss_error_message(tcss_error_last()), strlen(tcss_error_message(tcss_error_last())));
    if (p->creds == CREDS_HALF) {
        assert_int_equal(rc, TCSS_ECREDENTIALS);
        assert_true(strlen(tcss_error_message(tcss_error_last())) > 0);
        free(log.text);
        return;
    }
    assert_int_equal(rc, TCSS_OK);

    s.name = p->break_name ? "" : "secrets-api";
    s.username = rt_env("TCSS_MOCK_REGISTRY_USER");
    if (p->password_kind == 0) {
        s.password = rt_env("TCSS_MOCK_REGISTRY_PASSWORD");
    } else if (p->password_kind == 1) {
        s.password = sentinel_password;
    } else {
        snprintf(bad_password, sizeof bad_password, "%s\377", sentinel_password);
        s.password = bad_password;
    }
    s.url = rt_env("TCSS_MOCK_REGISTRY");
    s.registry_type = "harbor";
    s.net_type = "public";
    s.webhook_url = "https://hooks.example.invalid/tcss";
    s.webhook_token = sentinel_webhook;

    if (p->preview) {
        char *text = NULL;
        rc = tcss_add_registry_preview(&text, client, &s);
        assert_int_equal(rc, TCSS_OK);
        assert_non_null(strstr(text, "********"));
        snprintf(where, sizeof where, "[%s] preview", p->name);
        assert_clean(where, text, strlen(text));
        tcss_string_free(text);
    } else {
        tcss_registry_result *r = NULL;
        rc = tcss_add_registry(&r, client, &s);
        if (rc != p->expect_rc)
            fail_msg("[%s] expected %d, got %d: %s", p->name, p->expect_rc, rc, tcss_error_message(tcss_error_last()));
        if (rc == TCSS_OK) {
            snprintf(where, sizeof where, "[%s] result", p->name);
            assert_clean(where, r->health_check_err, strlen(r->health_check_err));
            assert_clean(where, r->request_id, strlen(r->request_id));
            if (p->password_kind == 1) assert_true(strlen(r->health_check_err) > 0);
            tcss_registry_result_free(r);
        } else {
            const tcss_error *e = tcss_error_last();
            snprintf(where, sizeof where, "[%s] error message", p->name);
            assert_clean(where, tcss_error_message(e), strlen(tcss_error_message(e)));
            assert_clean(where, tcss_error_service_message(e), strlen(tcss_error_service_message(e)));
            assert_clean(where, tcss_error_service_code(e), strlen(tcss_error_service_code(e)));
        }
    }
    tcss_client_free(client);
    snprintf(where, sizeof where, "[%s] log lines", p->name);
    /* DEBUG logs the request: there must have been lines to inspect. */
    if (!p->break_name && p->password_kind != 2 && !p->preview) assert_true(log.lines > 0);
    assert_clean(where, log.text, log.len);
    print_message("[%s] rc %d, %d log lines clean\n", p->name, rc, log.lines);
    free(log.text);
}

static void test_c_api(void **state) {
    size_t i;
    cJSON *rec = cJSON_CreateObject(), *paths = cJSON_AddArrayToObject(rec, "paths");
    (void)state;
    collect_secrets();
    for (i = 0; i < sizeof api_paths / sizeof api_paths[0]; i++) {
        run_api_path(&api_paths[i]);
        cJSON_AddItemToArray(paths, cJSON_CreateString(api_paths[i].name));
    }
    rt_record("secrets", "c_api", rec);
}

/* ---- CLI ------------------------------------------------------------- */

struct cli_path {
    const char *name;
    const char *fault_json;
    const char *endpoint_env;
    const char *output; /* "text" / "json" */
    int verbose, dry_run, plugin, password_stdin, wrong_key, fail_on_health, no_creds, bad_flag;
    int secret_files; /* --password-file and --webhook-token-file */
    int expect_exit;
};

static const struct cli_path cli_paths[] = {
    {"success_text", NULL, NULL, "text", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"success_json", NULL, NULL, "json", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"success_verbose_text", NULL, NULL, "text", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"success_verbose_json", NULL, NULL, "json", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"dry_run_text", NULL, NULL, "text", 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
    {"dry_run_json_verbose", NULL, NULL, "json", 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
    {"password_stdin_verbose", NULL, NULL, "text", 1, 0, 0, 1, 0, 0, 0, 0, 0, 0},
    {"plugin_mode_verbose", NULL, NULL, "json", 1, 0, 1, 0, 0, 0, 0, 0, 0, 0},
    {"health_check_exit_8", NULL, NULL, "json", 1, 0, 0, 0, 0, 1, 0, 0, 0, 8},
    {"auth_text_verbose", NULL, NULL, "text", 1, 0, 0, 0, 1, 0, 0, 0, 0, 3},
    {"auth_json", NULL, NULL, "json", 0, 0, 0, 0, 1, 0, 0, 0, 0, 3},
    {"no_credentials", NULL, NULL, "json", 1, 0, 0, 0, 0, 0, 1, 0, 0, 3},
    {"usage_error_text", NULL, NULL, "text", 1, 0, 0, 0, 0, 0, 0, 1, 0, 2},
    {"usage_error_json", NULL, NULL, "json", 0, 0, 0, 0, 0, 0, 0, 1, 0, 2},
    {"rate_limited_verbose", "{\"mode\":\"ratelimit\",\"count\":10}", NULL, "text", 1, 0, 0, 0, 0, 0, 0, 0, 0, 5},
    {"rate_limited_json", "{\"mode\":\"ratelimit\",\"count\":10}", NULL, "json", 0, 0, 0, 0, 0, 0, 0, 0, 0, 5},
    {"network_verbose", "{\"mode\":\"reset\",\"count\":10}", NULL, "text", 1, 0, 0, 0, 0, 0, 0, 0, 0, 6},
    {"timeout_json_verbose", "{\"mode\":\"hang\",\"count\":1,\"hang_seconds\":30}", NULL, "json", 1, 0, 0, 0, 0, 0, 0,
     0, 0, 6},
    {"tls_verbose", NULL, "TCSS_TLS_EXPIRED_ENDPOINT", "text", 1, 0, 0, 0, 0, 0, 0, 0, 0, 6},
    {"bad_response_verbose", "{\"mode\":\"garbage\",\"count\":1}", NULL, "text", 1, 0, 0, 0, 0, 0, 0, 0, 0, 7},
    {"bad_response_json", "{\"mode\":\"5xx\",\"count\":10}", NULL, "json", 0, 0, 0, 0, 0, 0, 0, 0, 0, 7},
    {"secret_files_verbose", NULL, NULL, "text", 1, 0, 0, 0, 0, 0, 0, 0, 1, 0},
    {"secret_files_auth_json", NULL, NULL, "json", 1, 0, 0, 0, 1, 0, 0, 0, 1, 3},
};

static void run_cli_path(const struct cli_path *p) {
    const char *cli = rt_cli();
    char *argv[40];
    const char *env[24];
    char e_pw[128], e_hook[128], e_key[128], e_id[128], e_tok[128], e_ep[256], e_ca[600];
    char where[128];
    char pw_file[] = "/tmp/tcss-secret-pw.XXXXXX", hook_file[] = "/tmp/tcss-secret-hook.XXXXXX";
    int a = 0, e = 0;
    rt_proc r;

    if (p->secret_files) {
        /* Each file ends in one newline, which the CLI strips. */
        int fd1 = mkstemp(pw_file), fd2 = mkstemp(hook_file);
        assert_true(fd1 >= 0 && fd2 >= 0);
        assert_true(write(fd1, sentinel_password, strlen(sentinel_password)) > 0 && write(fd1, "\n", 1) == 1);
        assert_true(write(fd2, sentinel_webhook, strlen(sentinel_webhook)) > 0 && write(fd2, "\n", 1) == 1);
        close(fd1);
        close(fd2);
    }
    rt_emu_reset();
    if (p->fault_json != NULL) rt_emu_fault(p->fault_json);
    snprintf(e_ep, sizeof e_ep, "%s", p->endpoint_env != NULL ? rt_env(p->endpoint_env) : rt_env("TCSS_ENDPOINT"));
    snprintf(e_ca, sizeof e_ca, "%s", rt_env("TCSS_TEST_CA"));
    if (p->plugin) {
        /* Woodpecker/Drone: everything in PLUGIN_* variables. */
        static char pn[64], pu[300], pt[64], pus[128], pe[300], pc[640];
        argv[a++] = (char *)cli;
        snprintf(pn, sizeof pn, "PLUGIN_NAME=secrets-cli-%s", p->name);
        snprintf(pu, sizeof pu, "PLUGIN_URL=%s", rt_env("TCSS_MOCK_REGISTRY"));
        snprintf(pt, sizeof pt, "PLUGIN_REGISTRY_TYPE=harbor");
        snprintf(pus, sizeof pus, "PLUGIN_USERNAME=%s", rt_env("TCSS_MOCK_REGISTRY_USER"));
        snprintf(pe, sizeof pe, "PLUGIN_ENDPOINT=%s", e_ep);
        snprintf(pc, sizeof pc, "PLUGIN_CA_FILE=%s", e_ca);
        snprintf(e_pw, sizeof e_pw, "PLUGIN_PASSWORD=%s", sentinel_password);
        snprintf(e_hook, sizeof e_hook, "PLUGIN_WEBHOOK_TOKEN=%s", sentinel_webhook);
        snprintf(e_id, sizeof e_id, "PLUGIN_SECRET_ID=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_ID"));
        snprintf(e_key, sizeof e_key, "PLUGIN_SECRET_KEY=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY"));
        snprintf(e_tok, sizeof e_tok, "PLUGIN_SESSION_TOKEN=%s", rt_env("TCSS_EMULATOR_TEMP_TOKEN"));
        env[e++] = pn;
        env[e++] = pu;
        env[e++] = pt;
        env[e++] = pus;
        env[e++] = pe;
        env[e++] = pc;
        env[e++] = e_pw;
        env[e++] = e_hook;
        env[e++] = e_id;
        env[e++] = e_key;
        env[e++] = e_tok;
        env[e++] = "PLUGIN_WEBHOOK_URL=https://hooks.example.invalid/tcss";
        env[e++] = p->output[0] == 'j' ? "PLUGIN_OUTPUT=json" : "PLUGIN_OUTPUT=text";
        env[e++] = p->verbose ? "PLUGIN_VERBOSE=true" : "PLUGIN_VERBOSE=false";
        env[e++] = "PLUGIN_TIMEOUT=2";
        env[e++] = "TENCENTCLOUD_SECRET_ID";
        env[e++] = "TENCENTCLOUD_SECRET_KEY";
    } else {
        static char name[96];
        snprintf(name, sizeof name, "secrets-cli-%s", p->name);
        argv[a++] = (char *)cli;
        argv[a++] = "--output";
        argv[a++] = (char *)p->output;
        argv[a++] = "--endpoint";
        argv[a++] = e_ep;
        argv[a++] = "--ca-file";
        argv[a++] = e_ca;
        argv[a++] = "--timeout";
        argv[a++] = "2";
        argv[a++] = "--max-attempts";
        argv[a++] = "2";
        if (p->verbose) argv[a++] = "--verbose";
        if (p->dry_run) argv[a++] = "--dry-run";
        argv[a++] = "add-registry";
        argv[a++] = "--name";
        argv[a++] = name;
        argv[a++] = "--url";
        argv[a++] = (char *)rt_env("TCSS_MOCK_REGISTRY");
        argv[a++] = "--registry-type";
        argv[a++] = p->bad_flag ? "not-a-type" : "harbor";
        argv[a++] = "--username";
        argv[a++] = (char *)rt_env("TCSS_MOCK_REGISTRY_USER");
        argv[a++] = "--webhook-url";
        argv[a++] = "https://hooks.example.invalid/tcss";
        if (p->password_stdin) argv[a++] = "--password-stdin";
        if (p->secret_files) {
            argv[a++] = "--password-file";
            argv[a++] = pw_file;
            argv[a++] = "--webhook-token-file";
            argv[a++] = hook_file;
        }
        if (p->fail_on_health) argv[a++] = "--fail-on-health-check";
        if (!p->password_stdin && !p->secret_files) {
            snprintf(e_pw, sizeof e_pw, "TCSS_REGISTRY_PASSWORD=%s", sentinel_password);
            env[e++] = e_pw;
        }
        if (!p->secret_files) {
            snprintf(e_hook, sizeof e_hook, "TCSS_WEBHOOK_TOKEN=%s", sentinel_webhook);
            env[e++] = e_hook;
        }
        if (p->no_creds) {
            env[e++] = "TENCENTCLOUD_SECRET_ID";
            env[e++] = "TENCENTCLOUD_SECRET_KEY";
            env[e++] = "HOME=/nonexistent-tcss-home";
        } else if (p->wrong_key) {
            snprintf(e_key, sizeof e_key, "TENCENTCLOUD_SECRET_KEY=%s", sentinel_wrong_key);
            env[e++] = e_key;
        } else {
            /* Temporary credentials: the session token is in play too. */
            snprintf(e_id, sizeof e_id, "TENCENTCLOUD_SECRET_ID=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_ID"));
            snprintf(e_key, sizeof e_key, "TENCENTCLOUD_SECRET_KEY=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY"));
            snprintf(e_tok, sizeof e_tok, "TENCENTCLOUD_SESSION_TOKEN=%s", rt_env("TCSS_EMULATOR_TEMP_TOKEN"));
            env[e++] = e_id;
            env[e++] = e_key;
            env[e++] = e_tok;
        }
    }
    argv[a] = NULL;
    env[e] = NULL;
    {
        char input[128];
        snprintf(input, sizeof input, "%s\n", sentinel_password);
        rt_run(&r, argv, env, p->password_stdin ? input : NULL);
    }
    if (r.exit_code != p->expect_exit)
        fail_msg("[%s] expected exit %d, got %d\nstdout: %s\nstderr: %s", p->name, p->expect_exit, r.exit_code, r.out,
                 r.err);
    snprintf(where, sizeof where, "[%s] stdout", p->name);
    assert_clean(where, r.out, r.out_len);
    snprintf(where, sizeof where, "[%s] stderr", p->name);
    assert_clean(where, r.err, r.err_len);
    /* Verbose runs must actually have traced something to check. */
    if (p->verbose && !p->bad_flag && !p->dry_run && !p->no_creds && r.err_len == 0)
        fail_msg("[%s] --verbose printed nothing on stderr; stdout: %s", p->name, r.out);
    print_message("[%s] exit %d, %zu + %zu bytes of output clean\n", p->name, r.exit_code, r.out_len, r.err_len);
    rt_proc_free(&r);
    if (p->secret_files) {
        unlink(pw_file);
        unlink(hook_file);
    }
}

static void test_cli(void **state) {
    size_t i;
    cJSON *rec = cJSON_CreateObject(), *paths = cJSON_AddArrayToObject(rec, "paths");
    (void)state;
    collect_secrets();
    if (rt_cli() == NULL) skip();
    for (i = 0; i < sizeof cli_paths / sizeof cli_paths[0]; i++) {
        run_cli_path(&cli_paths[i]);
        cJSON_AddItemToArray(paths, cJSON_CreateString(cli_paths[i].name));
    }
    rt_record("secrets", "cli", rec);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "c_api") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_detector), cmocka_unit_test(test_c_api)};
        return cmocka_run_group_tests_name("secrets.c_api", tests, NULL, NULL);
    }
    if (argc == 2 && strcmp(argv[1], "cli") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli)};
        return cmocka_run_group_tests_name("secrets.cli", tests, NULL, NULL);
    }
    fprintf(stderr, "usage: test_secrets c_api | cli\n");
    return 2;
}
