/*
 * Fault injection against the emulator, one CTest per fault
 * (faults.<name>): each case runs once through the C API and once through
 * the tcss CLI, and asserts the error class, the exit code, the number of
 * attempts (as the library reports it and as the emulator counted them), the
 * time bound where the fault is a stall, and that the emulator never holds
 * more than the one registry a single Add may create.
 *
 *   test_faults NAME...     run these cases ("list" prints every name)
 *
 * Leaks: the integration label also runs under ASan/LSan in CI, and
 * faults.valgrind runs a selection under valgrind memcheck.
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

enum endpoint_kind {
    EP_PLAIN,
    EP_TLS_WRONG_HOST,
    EP_TLS_UNTRUSTED,
    EP_TLS_EXPIRED,
    EP_UNRESOLVABLE,
    EP_PROXY_DOWN
};

struct fault_case {
    const char *name;
    const char *fault;           /* what was done, for RELIABILITY.md */
    const char *fault_json;      /* queued before each run; NULL: none */
    enum endpoint_kind endpoint;
    unsigned int max_attempts;
    long timeout_ms;
    int expect_rc;               /* tcss_error_code */
    int expect_exit;             /* CLI exit code */
    unsigned int expect_attempts;
    int expect_emulator_requests;/* -1: the request never reaches it */
    int expect_registries;       /* stored registries of this name after */
    int expect_already_existed;  /* on success */
    int check_time_bound;        /* returns within timeout + 1 s */
};

static const struct fault_case cases[] = {
    {"5xx_first_2", "HTTP 502 (HTML body) for the first 2 requests",
     "{\"mode\":\"5xx\",\"count\":2,\"status\":502}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 3, 3, 1, 0, 0},
    {"5xx_every_attempt", "HTTP 503 (HTML body) on every attempt",
     "{\"mode\":\"5xx\",\"count\":3,\"status\":503}", EP_PLAIN, 3, 20000,
     TCSS_EBADRESPONSE, 7, 3, 3, 0, 0, 0},
    {"5xx_after_commit", "HTTP 502 after the registry was stored (answer lost)",
     "{\"mode\":\"5xx\",\"count\":1,\"status\":502,\"after_commit\":true}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 1, 0},
    {"internal_error_first_1", "InternalError envelope on the first request",
     "{\"mode\":\"internal_error\",\"count\":1}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 0, 0},
    {"garbage_body", "HTTP 200 with a body that is not JSON",
     "{\"mode\":\"garbage\",\"count\":1}", EP_PLAIN, 3, 20000,
     TCSS_EBADRESPONSE, 7, 1, 1, 0, 0, 0},
    {"garbage_after_commit", "HTTP 200, not JSON, after the registry was stored",
     "{\"mode\":\"garbage\",\"count\":1,\"after_commit\":true}", EP_PLAIN, 3, 20000,
     TCSS_EBADRESPONSE, 7, 1, 1, 1, 0, 0},
    {"truncated_first_1", "body cut short of its Content-Length, then close",
     "{\"mode\":\"truncated\",\"count\":1}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 0, 0},
    {"truncated_after_commit", "truncated body after the registry was stored",
     "{\"mode\":\"truncated\",\"count\":1,\"after_commit\":true}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 1, 0},
    {"truncated_every_attempt", "truncated body on every attempt",
     "{\"mode\":\"truncated\",\"count\":3}", EP_PLAIN, 3, 20000,
     TCSS_EBADRESPONSE, 7, 3, 3, 0, 0, 0},
    {"hang_past_timeout", "no answer for 30 s; call timeout 2 s",
     "{\"mode\":\"hang\",\"count\":3,\"hang_seconds\":30}", EP_PLAIN, 3, 2000,
     TCSS_ETIMEOUT, 6, 1, 1, 0, 0, 1},
    {"hang_then_close_after_commit", "stored, then 1 s silence and close without answer",
     "{\"mode\":\"hang\",\"count\":1,\"hang_seconds\":1,\"after_commit\":true}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 1, 0},
    {"reset_first_1", "TCP reset instead of an answer, once",
     "{\"mode\":\"reset\",\"count\":1}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 0, 0},
    {"reset_after_commit", "TCP reset after the registry was stored",
     "{\"mode\":\"reset\",\"count\":1,\"after_commit\":true}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 2, 2, 1, 1, 0},
    {"reset_every_attempt", "TCP reset on every attempt",
     "{\"mode\":\"reset\",\"count\":3}", EP_PLAIN, 3, 20000,
     TCSS_ENETWORK, 6, 3, 3, 0, 0, 0},
    {"trickle_within_timeout", "valid answer sent one byte every 5 ms",
     "{\"mode\":\"trickle\",\"count\":1,\"trickle_ms\":5}", EP_PLAIN, 3, 30000,
     TCSS_OK, 0, 1, 1, 1, 0, 0},
    {"trickle_past_timeout", "valid answer one byte every 200 ms; call timeout 2 s",
     "{\"mode\":\"trickle\",\"count\":1,\"trickle_ms\":200}", EP_PLAIN, 3, 2000,
     TCSS_ETIMEOUT, 6, 1, 1, 1, 0, 1},
    {"unresolvable_host", "endpoint https://tcss-fault-test.invalid (RFC 2606)",
     NULL, EP_UNRESOLVABLE, 3, 20000, TCSS_ENETWORK, 6, 3, -1, 0, 0, 0},
    {"tls_wrong_host", "TLS certificate issued for another host name",
     NULL, EP_TLS_WRONG_HOST, 3, 20000, TCSS_ETLS, 6, 1, 0, 0, 0, 0},
    {"tls_untrusted_issuer", "TLS certificate from an unknown CA",
     NULL, EP_TLS_UNTRUSTED, 3, 20000, TCSS_ETLS, 6, 1, 0, 0, 0, 0},
    {"tls_expired", "expired TLS certificate",
     NULL, EP_TLS_EXPIRED, 3, 20000, TCSS_ETLS, 6, 1, 0, 0, 0, 0},
    {"proxy_down", "proxy URL of a closed local port, no_proxy empty",
     NULL, EP_PROXY_DOWN, 3, 20000, TCSS_ENETWORK, 6, 3, 0, 0, 0, 0},
    {"service_rejected", "FailedOperation envelope: the service refuses the request",
     "{\"mode\":\"error\",\"count\":1,\"code\":\"FailedOperation\",\"message\":\"refused by the emulator\"}",
     EP_PLAIN, 3, 20000, TCSS_ESERVICE, 4, 1, 1, 0, 0, 0},
    {"ratelimit_storm", "RequestLimitExceeded on every request (50 queued)",
     "{\"mode\":\"ratelimit\",\"count\":50}", EP_PLAIN, 3, 20000,
     TCSS_ERATELIMIT, 5, 3, 3, 0, 0, 0},
    {"ratelimit_first_2", "RequestLimitExceeded for the first 2 requests",
     "{\"mode\":\"ratelimit\",\"count\":2}", EP_PLAIN, 3, 20000,
     TCSS_OK, 0, 3, 3, 1, 0, 0},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static const struct fault_case *current;
static char endpoint_buf[256], proxy_buf[128];

static const char *endpoint_for(const struct fault_case *c)
{
    switch (c->endpoint) {
    case EP_TLS_WRONG_HOST: return rt_env("TCSS_TLS_WRONG_HOST_ENDPOINT");
    case EP_TLS_UNTRUSTED: return rt_env("TCSS_TLS_UNTRUSTED_ENDPOINT");
    case EP_TLS_EXPIRED: return rt_env("TCSS_TLS_EXPIRED_ENDPOINT");
    case EP_UNRESOLVABLE: return "https://tcss-fault-test.invalid";
    default: return rt_env("TCSS_ENDPOINT");
    }
}

static void registry_name(char *buf, size_t size, const char *via)
{
    snprintf(buf, size, "fault-%s-%s", current->name, via);
}

struct outcome {
    int rc;
    const char *class_name;
    unsigned int attempts;
    int emulator_requests;
    int registries;
    int already_existed;
    long long elapsed_ms;
    int exit_code;
};

static void prepare(void)
{
    rt_emu_reset();
    if (current->fault_json != NULL) rt_emu_fault(current->fault_json);
    snprintf(endpoint_buf, sizeof endpoint_buf, "%s", endpoint_for(current));
    if (current->endpoint == EP_PROXY_DOWN)
        snprintf(proxy_buf, sizeof proxy_buf, "http://127.0.0.1:%d", rt_closed_port());
}

static void run_c_api(struct outcome *o)
{
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT;
    tcss_client *client = NULL;
    tcss_registry_result *res = NULL;
    char name[128];
    long long t0;

    prepare();
    registry_name(name, sizeof name, "c");
    opts.endpoint = endpoint_buf;
    opts.ca_file = rt_env("TCSS_TEST_CA");
    opts.max_attempts = current->max_attempts;
    opts.timeout_ms = current->timeout_ms;
    opts.connect_timeout_ms = 5000;
    if (current->endpoint == EP_PROXY_DOWN) {
        opts.proxy = proxy_buf;
        /* The harness exempts loopback from proxies; this test wants one. */
        setenv("no_proxy", "", 1);
        setenv("NO_PROXY", "", 1);
    }
    assert_int_equal(tcss_client_new(&client, &opts), TCSS_OK);
    spec.name = name;
    spec.username = rt_env("TCSS_MOCK_REGISTRY_USER");
    spec.password = rt_env("TCSS_MOCK_REGISTRY_PASSWORD");
    spec.url = rt_env("TCSS_MOCK_REGISTRY");
    spec.registry_type = "harbor";
    spec.net_type = "public";

    t0 = rt_now_ms();
    o->rc = tcss_add_registry(&res, client, &spec);
    o->elapsed_ms = rt_now_ms() - t0;
    o->class_name = tcss_error_class_name(o->rc);
    if (o->rc == TCSS_OK) {
        assert_non_null(res);
        o->attempts = res->attempts;
        o->already_existed = res->already_existed;
        assert_true(res->registry_id > 0);
    } else {
        const tcss_error *e = tcss_error_last();
        assert_null(res);
        assert_int_equal(tcss_error_code_of(e), o->rc);
        assert_true(strlen(tcss_error_message(e)) > 0);
        o->attempts = tcss_error_attempts(e);
    }
    tcss_registry_result_free(res);
    tcss_client_free(client);
    o->emulator_requests = rt_emu_request_count();
    o->registries = rt_emu_registries_named(name);
}

static void run_cli(struct outcome *o)
{
    const char *cli = rt_cli();
    char name[128], attempts[16], timeout[32], proxy_env[160], ca_env[600], pw_env[256];
    char *argv[24];
    const char *env[8];
    int a = 0, e = 0;
    rt_proc p;
    long long t0;

    prepare();
    registry_name(name, sizeof name, "cli");
    snprintf(attempts, sizeof attempts, "%u", current->max_attempts);
    snprintf(timeout, sizeof timeout, "%ld.%03ld", current->timeout_ms / 1000,
             current->timeout_ms % 1000);
    snprintf(ca_env, sizeof ca_env, "%s", rt_env("TCSS_TEST_CA"));
    snprintf(pw_env, sizeof pw_env, "TCSS_REGISTRY_PASSWORD=%s", rt_env("TCSS_MOCK_REGISTRY_PASSWORD"));
    argv[a++] = (char *)cli;
    argv[a++] = "--endpoint";
    argv[a++] = endpoint_buf;
    argv[a++] = "--ca-file";
    argv[a++] = ca_env;
    argv[a++] = "--timeout";
    argv[a++] = timeout;
    argv[a++] = "--max-attempts";
    argv[a++] = attempts;
    argv[a++] = "--output";
    argv[a++] = "json";
    argv[a++] = "add-registry";
    argv[a++] = "--name";
    argv[a++] = name;
    argv[a++] = "--url";
    argv[a++] = (char *)rt_env("TCSS_MOCK_REGISTRY");
    argv[a++] = "--registry-type";
    argv[a++] = "harbor";
    argv[a++] = "--username";
    argv[a++] = (char *)rt_env("TCSS_MOCK_REGISTRY_USER");
    argv[a] = NULL;
    env[e++] = pw_env;
    if (current->endpoint == EP_PROXY_DOWN) {
        snprintf(proxy_env, sizeof proxy_env, "http_proxy=%s", proxy_buf);
        env[e++] = proxy_env;
        env[e++] = "no_proxy=";
        env[e++] = "NO_PROXY=";
    }
    env[e] = NULL;

    t0 = rt_now_ms();
    rt_run(&p, argv, env, NULL);
    o->elapsed_ms = rt_now_ms() - t0;
    o->exit_code = p.exit_code;
    if (p.exit_code != current->expect_exit)
        print_message("CLI stdout: %s\nCLI stderr: %s\n", p.out, p.err);
    /* JSON output: one object on stdout whatever happened. */
    {
        cJSON *j = cJSON_Parse(p.out);
        assert_non_null(j);
        if (current->expect_rc != TCSS_OK) {
            cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "Error");
            cJSON *cls = cJSON_GetObjectItemCaseSensitive(err, "Class");
            cJSON *att = cJSON_GetObjectItemCaseSensitive(err, "Attempts");
            assert_true(cJSON_IsString(cls));
            assert_string_equal(cls->valuestring, tcss_error_class_name(current->expect_rc));
            assert_true(cJSON_IsNumber(att));
            assert_int_equal(att->valueint, (int)current->expect_attempts);
        } else {
            cJSON *already = cJSON_GetObjectItemCaseSensitive(j, "AlreadyExisted");
            assert_true(cJSON_IsBool(already));
            assert_int_equal(cJSON_IsTrue(already) ? 1 : 0, current->expect_already_existed);
        }
        cJSON_Delete(j);
    }
    rt_proc_free(&p);
    o->emulator_requests = rt_emu_request_count();
    o->registries = rt_emu_registries_named(name);
}

static void check(const struct outcome *o, const char *via)
{
    print_message("[%s] %s: rc %d (%s), attempts %u, emulator requests %d, registries %d, %lld ms\n",
                  current->name, via, o->rc, o->class_name, o->attempts, o->emulator_requests,
                  o->registries, o->elapsed_ms);
    if (current->expect_emulator_requests >= 0)
        assert_int_equal(o->emulator_requests, current->expect_emulator_requests);
    else
        assert_int_equal(o->emulator_requests, 0);
    assert_int_equal(o->registries, current->expect_registries);
    if (current->check_time_bound) {
        /* The whole call is bounded by timeout_ms; the promise is the
         * timeout plus a second. The CLI adds its own start-up. */
        assert_true(o->elapsed_ms <= current->timeout_ms + 1000);
        assert_true(o->elapsed_ms >= current->timeout_ms - 50);
    }
}

static void test_case(void **state)
{
    struct outcome c, cli;
    cJSON *rec;
    (void)state;
    memset(&c, 0, sizeof c);
    memset(&cli, 0, sizeof cli);

    run_c_api(&c);
    check(&c, "C API");
    assert_int_equal(c.rc, current->expect_rc);
    assert_int_equal(c.attempts, current->expect_attempts);
    if (c.rc == TCSS_OK) assert_int_equal(c.already_existed, current->expect_already_existed);

    if (rt_cli() != NULL) {
        run_cli(&cli);
        cli.rc = current->expect_rc;
        cli.attempts = current->expect_attempts;
        cli.class_name = c.class_name;
        check(&cli, "CLI");
        assert_int_equal(cli.exit_code, current->expect_exit);
    }

    rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "name", current->name);
    cJSON_AddStringToObject(rec, "fault", current->fault);
    cJSON_AddStringToObject(rec, "class", c.class_name);
    cJSON_AddNumberToObject(rec, "attempts", c.attempts);
    cJSON_AddNumberToObject(rec, "max_attempts", current->max_attempts);
    cJSON_AddNumberToObject(rec, "registries", c.registries);
    cJSON_AddBoolToObject(rec, "already_existed", c.rc == TCSS_OK && c.already_existed);
    cJSON_AddBoolToObject(rec, "time_bound", current->check_time_bound);
    cJSON_AddNumberToObject(rec, "timeout_ms", (double)current->timeout_ms);
    if (rt_cli() != NULL) cJSON_AddNumberToObject(rec, "exit", cli.exit_code);
    rt_record("faults", current->name, rec);
}

int main(int argc, char **argv)
{
    int i, failed = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: test_faults NAME... | list\n");
        return 2;
    }
    if (strcmp(argv[1], "list") == 0) {
        size_t k;
        for (k = 0; k < N_CASES; k++) printf("%s\n", cases[k].name);
        return 0;
    }
    for (i = 1; i < argc; i++) {
        size_t k;
        current = NULL;
        for (k = 0; k < N_CASES; k++)
            if (strcmp(cases[k].name, argv[i]) == 0) current = &cases[k];
        if (current == NULL) {
            fprintf(stderr, "test_faults: no case named %s\n", argv[i]);
            return 2;
        }
        {
            const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_case),
            };
            failed += _cmocka_run_group_tests(current->name, tests, 1, NULL, NULL);
        }
    }
    return failed;
}
