/*
 * A service that echoes secrets back (issue 10 items 1-4). The emulator's
 * `echo` fault answers with text that carries the registry URL with the
 * credentials in it, the password as given, JSON-escaped (minimal,
 * ASCII-only, every character, twice), percent-encoded (upper and lower
 * hex), base64 of user:password at three offsets, the webhook and session
 * tokens, terminal escapes, a bare CR, CI log commands and invalid UTF-8 -
 * as an error message, a HealthCheckErr, a NameRepeatErr or a RequestId.
 *
 * Asserted on every output of the C API (results, error accessors, the log
 * callback at DEBUG) and of the CLI (stdout, stderr; text and JSON, with and
 * without --verbose): no 12-byte piece of any form of any secret; valid
 * UTF-8; no control character but newline; no line that a CI runner reads as
 * a command; and --output json parses.
 *
 *   test_secrets_echo c_api | cli
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
#include <strings.h>

#define PIECE 12

static const char user[] = "echo-robot";
/* Echo"Pw\SENTINEL/4f9c@é:2e71 d0: every encoding differs from the value. */
static const char password[] = "Echo\"Pw\\SENTINEL/4f9c@\xc3\xa9:2e71 d0";
static const char webhook[] = "EchoHook-SENTINEL-8d1b0a55e3";

/* The forms the emulator sends (see echo_text() in tcss_emulator.py), as
 * Python writes them for this password and user. */
static const char *const forms[] = {
    "Echo\\\"Pw\\\\SENTINEL/4f9c@\xc3\xa9:2e71 d0",
    "Echo\\\"Pw\\\\SENTINEL/4f9c@\\u00e9:2e71 d0",
    "\\u0045\\u0063\\u0068\\u006f\\u0022\\u0050\\u0077\\u005c\\u0053\\u0045\\u004e\\u0054\\u0049\\u004e"
    "\\u0045\\u004c\\u002f\\u0034\\u0066\\u0039\\u0063\\u0040\\u00e9\\u003a\\u0032\\u0065\\u0037\\u0031"
    "\\u0020\\u0064\\u0030",
    "Echo\\\\\\\"Pw\\\\\\\\SENTINEL/4f9c@\\\\u00e9:2e71 d0",
    "Echo%22Pw%5CSENTINEL%2F4f9c%40%C3%A9%3A2e71%20d0",
    "Echo%22Pw%5cSENTINEL%2f4f9c%40%c3%a9%3a2e71%20d0",
    "ZWNoby1yb2JvdDpFY2hvIlB3XFNFTlRJTkVMLzRmOWNAw6k6MmU3MSBkMA==",
    "aG8tcm9ib3Q6RWNobyJQd1xTRU5USU5FTC80ZjljQMOpOjJlNzEg", /* after 1 other byte */
    "Y2hvLXJvYm90OkVjaG8iUHdcU0VOVElORUwvNGY5Y0DDqToyZTcx", /* after 2 */
};
static const char *secrets[24];
static size_t n_secrets;

static void collect_secrets(void) {
    size_t i;
    n_secrets = 0;
    secrets[n_secrets++] = password;
    secrets[n_secrets++] = webhook;
    secrets[n_secrets++] = rt_env("TENCENTCLOUD_SECRET_KEY");
    secrets[n_secrets++] = rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY");
    secrets[n_secrets++] = rt_env("TCSS_EMULATOR_TEMP_TOKEN");
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) secrets[n_secrets++] = forms[i];
}

static int find_piece(const char *text, size_t len) {
    size_t i, k;
    for (i = 0; i < n_secrets; i++) {
        size_t sl = strlen(secrets[i]);
        for (k = 0; k + PIECE <= sl; k++)
            if (rt_contains(text, len, secrets[i] + k, PIECE)) return (int)i;
    }
    return -1;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned long *cp) {
    size_t len = s[0] < 0x80                    ? 1
                 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
                 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
                 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                                : 0;
    size_t k;
    if (len == 0 || len > n) return 0;
    *cp = len == 1 ? s[0] : s[0] & (0xffu >> (len + 1));
    for (k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80) return 0;
        *cp = (*cp << 6) | (s[k] & 0x3f);
    }
    if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) || (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
        return 0;
    return len;
}

/* Why text is unsafe to print, or NULL. Newline is allowed between lines. */
static const char *unsafe(const char *text, size_t len) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned long cp = 0;
        size_t n = utf8_len(s + i, len - i, &cp);
        if (n == 0) return "invalid UTF-8";
        if ((cp < 0x20 && cp != '\n') || cp == 0x7f) return "a C0 control character";
        if (cp >= 0x80 && cp <= 0x9f) return "a C1 control character";
        if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e)) return "a line separator or bidi control";
        if ((i == 0 || s[i - 1] == '\n') && len - i >= 2 && s[i] == ':' && s[i + 1] == ':')
            return "a line starting with :: (a GitHub Actions command)";
        if (len - i >= 3 && memcmp(s + i, "##[", 3) == 0) return "##[ (a CI log command)";
        if (len - i >= 6 && strncasecmp((const char *)s + i, "##vso[", 6) == 0) return "##vso[ (an Azure command)";
        i += n;
    }
    return NULL;
}

static void assert_safe(const char *where, const char *text, size_t len) {
    int i;
    const char *why;
    if (text == NULL) return;
    i = find_piece(text, len);
    if (i >= 0) fail_msg("%s holds a piece of secret form #%d: %.*s", where, i, (int)(len > 3000 ? 3000 : len), text);
    why = unsafe(text, len);
    if (why != NULL) fail_msg("%s holds %s: %.*s", where, why, (int)(len > 3000 ? 3000 : len), text);
}

/* The detectors themselves: each catches what it must. */
static void test_detectors(void **state) {
    static const char *const bad[] = {"x\x1b[31m",  "a\rb",      "\xff",         "\xc3(",   "ok\n::add-mask::x",
                                      "x ##vso[a]", "##[error]", "\xe2\x80\xae", "\xc2\x85"};
    size_t i;
    char buf[256];
    (void)state;
    collect_secrets();
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_non_null(unsafe(bad[i], strlen(bad[i])));
    {
        static const char fine[] = "fine: \xc3\xa9 \\x1b \\x3a:add-mask:: \\x23#vso[\nnext";
        assert_null(unsafe(fine, strlen(fine)));
    }
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(buf, sizeof buf, "msg %s end", forms[i]);
        assert_true(find_piece(buf, strlen(buf)) >= 0);
    }
    assert_int_equal(find_piece("https://echo-robot:********@h", 29), -1);
}

static const char *const echo_in[] = {"error", "health_check", "name_repeat", "request_id"};

static void echo_fault(const char *where) {
    char json[160];
    snprintf(json, sizeof json, "{\"mode\":\"echo\",\"count\":1,\"echo_in\":\"%s\",\"code\":\"FailedOperation\"}",
             where);
    rt_emu_reset();
    rt_emu_fault(json);
}

/* ---- C API ----------------------------------------------------------- */

static void run_api(const char *where) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    tcss_client *client = NULL;
    tcss_registry_result *r = NULL;
    rt_log log = {NULL, 0, 0};
    char tag[96];
    int rc;

    echo_fault(where);
    o.log_fn = rt_log_capture;
    o.log_userdata = &log;
    o.log_level = TCSS_LOG_DEBUG;
    o.timeout_ms = 5000;
    o.max_attempts = 1;
    o.endpoint = rt_env("TCSS_ENDPOINT");
    o.secret_id = rt_env("TCSS_EMULATOR_TEMP_SECRET_ID");
    o.secret_key = rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY");
    o.session_token = rt_env("TCSS_EMULATOR_TEMP_TOKEN");
    assert_int_equal(tcss_client_new(&client, &o), TCSS_OK);
    s.name = "secrets-echo";
    s.username = user;
    s.password = password;
    s.url = rt_env("TCSS_MOCK_REGISTRY");
    s.registry_type = "harbor";
    s.net_type = "public";
    s.webhook_url = "https://hooks.example.invalid/tcss";
    s.webhook_token = webhook;
    rc = tcss_add_registry(&r, client, &s);
    if (strcmp(where, "error") == 0) {
        const tcss_error *e = tcss_error_last();
        if (rc != TCSS_ESERVICE) fail_msg("[%s] expected TCSS_ESERVICE, got %d", where, rc);
        snprintf(tag, sizeof tag, "[api %s] error message", where);
        assert_safe(tag, tcss_error_message(e), strlen(tcss_error_message(e)));
        assert_safe(tag, tcss_error_service_message(e), strlen(tcss_error_service_message(e)));
        assert_safe(tag, tcss_error_service_code(e), strlen(tcss_error_service_code(e)));
        assert_safe(tag, tcss_error_request_id(e), strlen(tcss_error_request_id(e)));
        /* Masked, not dropped: the message still says what happened. */
        assert_non_null(strstr(tcss_error_service_message(e), "********"));
    } else {
        if (rc != TCSS_OK)
            fail_msg("[%s] expected TCSS_OK, got %d: %s", where, rc, tcss_error_message(tcss_error_last()));
        snprintf(tag, sizeof tag, "[api %s] result", where);
        assert_safe(tag, r->health_check_err, strlen(r->health_check_err));
        assert_safe(tag, r->name_repeat_err, strlen(r->name_repeat_err));
        assert_safe(tag, r->request_id, strlen(r->request_id));
        tcss_registry_result_free(r);
    }
    tcss_client_free(client);
    snprintf(tag, sizeof tag, "[api %s] log lines", where);
    assert_true(log.len > 0);
    assert_safe(tag, log.text, log.len);
    print_message("[api %s] rc %d, %zu log bytes safe\n", where, rc, log.len);
    free(log.text);
}

static void test_c_api(void **state) {
    size_t i;
    cJSON *rec = cJSON_CreateObject(), *places = cJSON_AddArrayToObject(rec, "echo_in");
    (void)state;
    collect_secrets();
    for (i = 0; i < sizeof echo_in / sizeof echo_in[0]; i++) {
        run_api(echo_in[i]);
        cJSON_AddItemToArray(places, cJSON_CreateString(echo_in[i]));
    }
    rt_record("secrets", "echo_c_api", rec);
}

/* ---- CLI ------------------------------------------------------------- */

static void run_cli(const char *where, const char *output, int verbose) {
    const char *cli = rt_cli();
    char *argv[32];
    const char *env[8];
    char e_pw[128], e_hook[128], e_id[128], e_key[128], e_tok[128], tag[96];
    int a = 0, e = 0, expect = strcmp(where, "error") == 0 ? 4 : 0;
    rt_proc r;

    echo_fault(where);
    argv[a++] = (char *)cli;
    argv[a++] = "--output";
    argv[a++] = (char *)output;
    argv[a++] = "--endpoint";
    argv[a++] = (char *)rt_env("TCSS_ENDPOINT");
    argv[a++] = "--timeout";
    argv[a++] = "5";
    argv[a++] = "--max-attempts";
    argv[a++] = "1";
    if (verbose) argv[a++] = "--verbose";
    argv[a++] = "add-registry";
    argv[a++] = "--name";
    argv[a++] = "secrets-echo-cli";
    argv[a++] = "--url";
    argv[a++] = (char *)rt_env("TCSS_MOCK_REGISTRY");
    argv[a++] = "--registry-type";
    argv[a++] = "harbor";
    argv[a++] = "--username";
    argv[a++] = (char *)user;
    argv[a++] = "--webhook-url";
    argv[a++] = "https://hooks.example.invalid/tcss";
    argv[a] = NULL;
    snprintf(e_pw, sizeof e_pw, "TCSS_REGISTRY_PASSWORD=%s", password);
    snprintf(e_hook, sizeof e_hook, "TCSS_WEBHOOK_TOKEN=%s", webhook);
    snprintf(e_id, sizeof e_id, "TENCENTCLOUD_SECRET_ID=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_ID"));
    snprintf(e_key, sizeof e_key, "TENCENTCLOUD_SECRET_KEY=%s", rt_env("TCSS_EMULATOR_TEMP_SECRET_KEY"));
    snprintf(e_tok, sizeof e_tok, "TENCENTCLOUD_SESSION_TOKEN=%s", rt_env("TCSS_EMULATOR_TEMP_TOKEN"));
    env[e++] = e_pw;
    env[e++] = e_hook;
    env[e++] = e_id;
    env[e++] = e_key;
    env[e++] = e_tok;
    env[e] = NULL;
    rt_run(&r, argv, env, NULL);
    if (r.exit_code != expect)
        fail_msg("[cli %s %s] expected exit %d, got %d\nstdout: %s\nstderr: %s", where, output, expect, r.exit_code,
                 r.out, r.err);
    snprintf(tag, sizeof tag, "[cli %s %s%s] stdout", where, output, verbose ? " verbose" : "");
    assert_safe(tag, r.out, r.out_len);
    snprintf(tag, sizeof tag, "[cli %s %s%s] stderr", where, output, verbose ? " verbose" : "");
    assert_safe(tag, r.err, r.err_len);
    if (strcmp(output, "json") == 0) {
        cJSON *doc = cJSON_ParseWithLength(r.out, r.out_len);
        if (doc == NULL) fail_msg("[cli %s json] stdout is not JSON: %s", where, r.out);
        cJSON_Delete(doc);
    }
    print_message("[cli %s %s%s] exit %d, %zu + %zu bytes safe\n", where, output, verbose ? " verbose" : "",
                  r.exit_code, r.out_len, r.err_len);
    rt_proc_free(&r);
}

static void test_cli(void **state) {
    size_t i;
    (void)state;
    collect_secrets();
    cJSON *rec, *places;
    if (rt_cli() == NULL) skip();
    rec = cJSON_CreateObject();
    places = cJSON_AddArrayToObject(rec, "echo_in");
    for (i = 0; i < sizeof echo_in / sizeof echo_in[0]; i++) {
        run_cli(echo_in[i], "text", 0);
        run_cli(echo_in[i], "json", 0);
        run_cli(echo_in[i], "text", 1);
        run_cli(echo_in[i], "json", 1);
        cJSON_AddItemToArray(places, cJSON_CreateString(echo_in[i]));
    }
    rt_record("secrets", "echo_cli", rec);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "c_api") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_detectors), cmocka_unit_test(test_c_api)};
        return cmocka_run_group_tests_name("secrets.echo_c_api", tests, NULL, NULL);
    }
    if (argc == 2 && strcmp(argv[1], "cli") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli)};
        return cmocka_run_group_tests_name("secrets.echo_cli", tests, NULL, NULL);
    }
    fprintf(stderr, "usage: test_secrets_echo c_api | cli\n");
    return 2;
}
