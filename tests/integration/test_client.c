/*
 * The C API end to end against the emulator: success, already-existed,
 * validation before sending, each auth failure, retries and their limits,
 * idempotency after a lost answer, timeouts, TLS, the limiter across
 * threads, the credential chain, and secrets kept out of logs and errors.
 * Run under tests/harness/with-emulator.
 */
#define _POSIX_C_SOURCE 200809L
#include "emulator_control.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tcss/tcss.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const SECRET_PASSWORD = "Reg1stry-P4ss-do-not-leak";
static const char *const SECRET_WEBHOOK = "Webh00k-T0ken-do-not-leak";

static int setup(void **state) {
    (void)state;
    emu_post("reset", "{}");
    tcss_error_clear();
    return 0;
}

static tcss_client *client_with(tcss_client_options *o) {
    tcss_client *c = NULL;
    int rc = tcss_client_new(&c, o);
    if (rc != 0) fail_msg("tcss_client_new: %s", tcss_error_message(tcss_error_last()));
    return c;
}

static tcss_client *default_client(void) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    return client_with(&o);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_add_and_already_existed(void **state) {
    (void)state;
    tcss_client *c = default_client();
    static const tcss_conn_detect cd[1] = {{"quuid-1", "uuid-1"}};
    /* Non-ASCII, quotes and a JSON-injection attempt arrive byte for byte. */
    const char *name = "ci \"registry\" \xe6\x9c\xaa\xe5\x91\xbd\xe5\x90\x8d \"},\"Password\":\"x";
    tcss_registry_spec s = spec_named(name);
    s.registry_version = "V2";
    s.speed_limit = 300;
    s.insecure = 1;
    s.conn_detect = cd;
    s.conn_detect_count = 1;
    s.need_scan = 1;
    s.sync_mode = 1;
    s.webhook_url = "https://hooks.example.com/x";
    s.webhook_token = SECRET_WEBHOOK;
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    assert_true(r->registry_id > 0);
    assert_true(strlen(r->request_id) > 0);
    assert_string_equal(r->health_check_err, "");
    assert_string_equal(r->name_repeat_err, "");
    assert_int_equal(r->already_existed, 0);
    assert_int_equal(r->attempts, 1);
    long long first_id = r->registry_id;
    tcss_registry_result_free(r);

    cJSON *st = emu_get("state");
    const cJSON *reg = cJSON_GetArrayItem(cJSON_GetObjectItem(st, "registries"), 0);
    assert_string_equal(cJSON_GetObjectItem(reg, "Name")->valuestring, name);
    assert_string_equal(cJSON_GetObjectItem(reg, "Password")->valuestring, s.password);
    assert_int_equal(cJSON_GetObjectItem(reg, "SpeedLimit")->valueint, 300);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "NeedScan")));
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(reg, "ConnDetectConfig"), 0), "Quuid")->valuestring,
        "quuid-1");
    cJSON_Delete(st);

    r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    assert_int_equal(r->registry_id, first_id);
    assert_int_equal(r->already_existed, 1);
    assert_true(strlen(r->name_repeat_err) > 0);
    tcss_registry_result_free(r);
    assert_int_equal(emu_registries_named(name), 1);
    tcss_client_free(c);
}

static void test_health_check_err_is_success(void **state) {
    (void)state;
    tcss_client *c = default_client();
    tcss_registry_spec s = spec_named("unreachable-registry");
    s.url = "http://127.0.0.1:9"; /* discard port: nothing listens */
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    assert_true(strlen(r->health_check_err) > 0);
    assert_int_equal(r->already_existed, 0);
    tcss_registry_result_free(r);
    tcss_client_free(c);
}

static void test_validation_sends_nothing_and_leaves_out(void **state) {
    (void)state;
    tcss_client *c = default_client();
    tcss_registry_spec s = spec_named("bad-type");
    s.registry_type = "dockerhub";
    tcss_registry_result sentinel;
    tcss_registry_result *r = &sentinel;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_EINVAL);
    assert_ptr_equal(r, &sentinel);
    const tcss_error *e = tcss_error_last();
    assert_int_equal(tcss_error_code_of(e), TCSS_EINVAL);
    assert_non_null(strstr(tcss_error_message(e), "RegistryType"));
    assert_int_equal(tcss_error_attempts(e), 0);
    assert_int_equal(emu_request_count(), 0);
    assert_int_equal(tcss_add_registry(&r, NULL, &s), TCSS_EINVAL);
    assert_int_equal(tcss_add_registry(&r, c, NULL), TCSS_EINVAL);
    assert_int_equal(tcss_add_registry(NULL, c, &s), TCSS_EINVAL);
    tcss_registry_spec v0 = s;
    v0.version = 0;
    assert_int_equal(tcss_add_registry(&r, c, &v0), TCSS_EINVAL);
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "version"));
    assert_int_equal(emu_request_count(), 0);
    tcss_client_free(c);
}

static void expect_auth_failure(const char *id, const char *key, const char *token, const char *code) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.secret_id = id;
    o.secret_key = key;
    o.session_token = token;
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("auth-test");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_EAUTH);
    const tcss_error *e = tcss_error_last();
    assert_string_equal(tcss_error_service_code(e), code);
    assert_true(strlen(tcss_error_request_id(e)) > 0);
    assert_int_equal(tcss_error_http_status(e), 200);
    assert_int_equal(tcss_error_attempts(e), 1); /* never retried */
    assert_null(strstr(tcss_error_message(e), key));
    assert_null(strstr(tcss_error_message(e), s.password));
    assert_string_equal(tcss_error_class_name(tcss_error_code_of(e)), "auth");
    tcss_client_free(c);
}

static void test_auth_failures(void **state) {
    (void)state;
    const char *id = need_env("TENCENTCLOUD_SECRET_ID");
    expect_auth_failure(id, "definitely-the-wrong-key-1234", NULL, "AuthFailure.SignatureFailure");
    expect_auth_failure("AKIDUNKNOWN000000000000", "some-key-5678", NULL, "AuthFailure.SecretIdNotFound");
    expect_auth_failure(need_env("TCSS_EMULATOR_TEMP_SECRET_ID"), need_env("TCSS_EMULATOR_TEMP_SECRET_KEY"),
                        "wrong-session-token-9999", "AuthFailure.TokenFailure");
    assert_int_equal(emu_request_count(), 3);
    assert_int_equal(emu_registries_named("auth-test"), 0);
}

static void test_temporary_credentials(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.secret_id = need_env("TCSS_EMULATOR_TEMP_SECRET_ID");
    o.secret_key = need_env("TCSS_EMULATOR_TEMP_SECRET_KEY");
    o.session_token = need_env("TCSS_EMULATOR_TEMP_TOKEN");
    o.region = "ap-guangzhou";
    o.language = "en-US";
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("temp-cred");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    tcss_registry_result_free(r);
    cJSON *reqs = emu_get("requests");
    const cJSON *h = cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 0), "headers");
    const cJSON *item;
    int saw_region = 0, saw_token = 0, saw_lang = 0, saw_client = 0;
    cJSON_ArrayForEach(item, h) {
        if (strcasecmp(item->string, "X-TC-Region") == 0) saw_region = !strcmp(item->valuestring, "ap-guangzhou");
        if (strcasecmp(item->string, "X-TC-Token") == 0) saw_token = 1;
        if (strcasecmp(item->string, "X-TC-Language") == 0) saw_lang = !strcmp(item->valuestring, "en-US");
        /* The official SDKs accept only ^[0-9a-zA-Z-_ ,;.]+$ here (no '/'). */
        if (strcasecmp(item->string, "X-TC-RequestClient") == 0)
            saw_client = strcmp(item->valuestring, "libtcss_" TCSS_VERSION_STRING) == 0 &&
                         strspn(item->valuestring, "0123456789abcdefghijklmnopqrstuvwxyz"
                                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_ ,;.") == strlen(item->valuestring);
    }
    assert_true(saw_region && saw_token && saw_lang && saw_client);
    cJSON_Delete(reqs);
    tcss_client_free(c);
}

static void test_credential_chain(void **state) {
    (void)state;
    /* NULL id/key: the environment the harness set is used. */
    tcss_client *c = default_client();
    tcss_registry_spec s = spec_named("from-env");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    tcss_registry_result_free(r);
    tcss_client_free(c);
    /* Only one half given explicitly: refused before anything is sent. */
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.secret_id = "AKIDONLYHALF";
    c = NULL;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_ECREDENTIALS);
    assert_null(c);
    assert_int_equal(emu_request_count(), 1);
}

static void test_retries_5xx_then_success(void **state) {
    (void)state;
    tcss_client *c = default_client();
    emu_post("faults", "{\"mode\":\"5xx\",\"count\":2,\"action\":\"AddAssetImageRegistryRegistryDetail\"}");
    tcss_registry_spec s = spec_named("retry-5xx");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    assert_int_equal(r->attempts, 3);
    assert_int_equal(r->already_existed, 0);
    tcss_registry_result_free(r);
    /* Three Adds and, after each 5xx (TCSS may have acted), a lookup of the
     * name before sending again. */
    assert_int_equal(emu_request_count(), 5);
    /* Each attempt was signed afresh and accepted: two faults, one success
     * and the two lookups. */
    assert_int_equal(emu_answers_with("ok"), 3);
    tcss_client_free(c);
}

static void test_service_rejection_not_retried(void **state) {
    (void)state;
    tcss_client *c = default_client();
    emu_post("faults", "{\"mode\":\"error\",\"count\":1,\"code\":\"FailedOperation.DataValueNotCorrect\","
                       "\"message\":\"the data value is not correct\"}");
    tcss_registry_spec s = spec_named("rejected");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ESERVICE);
    const tcss_error *e = tcss_error_last();
    assert_string_equal(tcss_error_service_code(e), "FailedOperation.DataValueNotCorrect");
    assert_string_equal(tcss_error_service_message(e), "the data value is not correct");
    assert_non_null(strstr(tcss_error_message(e), "FailedOperation.DataValueNotCorrect"));
    assert_true(strlen(tcss_error_request_id(e)) > 0);
    assert_int_equal(tcss_error_attempts(e), 1);
    assert_string_equal(tcss_error_class_name(TCSS_ESERVICE), "service");
    /* Never sent again; one lookup of the name, since the live service may
     * refuse a taken name with a FailedOperation (none is listed here). */
    assert_int_equal(emu_request_count(), 2);
    tcss_client_free(c);
}

static void test_internal_error_retried(void **state) {
    (void)state;
    tcss_client *c = default_client();
    emu_post("faults", "{\"mode\":\"internal_error\",\"count\":1}");
    tcss_registry_spec s = spec_named("retry-internal");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    assert_int_equal(r->attempts, 2);
    tcss_registry_result_free(r);
    tcss_client_free(c);
}

/* RequestLimitExceeded is retried until the call's deadline, not up to
 * max_attempts, with waits of 250 ms..1.5 s; the deadline still holds.
 * With max_attempts 1, any second attempt is past it; a 3 s deadline
 * always leaves room for one (the longest wait is 1.5 s), while a third
 * depends on the jitter. */
static void test_rate_limit_storm_gives_up(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.max_attempts = 1;
    o.timeout_ms = 3000;
    tcss_client *c = client_with(&o);
    emu_post("faults", "{\"mode\":\"ratelimit\",\"count\":50}");
    tcss_registry_spec s = spec_named("storm");
    tcss_registry_result *r = NULL;
    double t0 = now_s();
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ERATELIMIT);
    double took = now_s() - t0;
    const tcss_error *e = tcss_error_last();
    unsigned int attempts = tcss_error_attempts(e);
    if (attempts < 2 || attempts > 12) fail_msg("%u attempts in a 3 s deadline", attempts);
    if (took > 3.3) fail_msg("a 3 s timeout took %.2f s", took);
    if (took < 1.5) fail_msg("gave up after %.2f s of a 3 s deadline", took);
    assert_string_equal(tcss_error_service_code(e), "RequestLimitExceeded");
    assert_int_equal(emu_request_count(), (int)attempts);
    assert_int_equal(emu_registries_named("storm"), 0);
    tcss_client_free(c);
}

/* Rate-limit answers do not use up max_attempts: 5 of them, then success,
 * with max_attempts 2. */
static void test_rate_limit_retried_past_max_attempts(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.max_attempts = 2;
    tcss_client *c = client_with(&o);
    emu_post("faults", "{\"mode\":\"error\",\"count\":5,\"code\":\"RequestLimitExceeded.UinLimitExceeded\","
                       "\"message\":\"slow down\"}");
    tcss_registry_spec s = spec_named("fleet-member");
    tcss_registry_result *r = NULL;
    if (tcss_add_registry(&r, c, &s) != TCSS_OK) fail_msg("%s", tcss_error_message(tcss_error_last()));
    assert_int_equal(r->attempts, 6);
    tcss_registry_result_free(r);
    assert_int_equal(emu_registries_named("fleet-member"), 1);
    tcss_client_free(c);
}

/* Waiting in the client-side limiter counts against the deadline: at 1
 * request a second, a second call with timeout_ms 300 fails at once
 * instead of sleeping a whole second first. */
static void test_limiter_wait_counts_against_deadline(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.requests_per_second = 1;
    o.timeout_ms = 300;
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("limited");
    s.url = "http://127.0.0.1:9";
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    tcss_registry_result_free(r);
    r = NULL;
    double t0 = now_s();
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ETIMEOUT);
    double took = now_s() - t0;
    if (took > 0.35) fail_msg("timeout_ms 300 waited %.2f s in the limiter", took);
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "rate limiter"));
    assert_int_equal(tcss_error_attempts(tcss_error_last()), 0);
    assert_int_equal(emu_request_count(), 1);
    tcss_client_free(c);
}

/* The first answer is lost after the registry was stored: the call looks the
 * name up instead of sending Add again, and reports the registry as created
 * by this call, neither an error, nor a duplicate, nor "already existed". */
static void test_lost_answer_is_not_a_duplicate(void **state) {
    (void)state;
    static const char *const modes[] = {"5xx", "reset", "truncated"};
    tcss_client *c = default_client();
    for (size_t i = 0; i < sizeof modes / sizeof *modes; ++i) {
        char fault[128], name[64];
        snprintf(fault, sizeof fault, "{\"mode\":\"%s\",\"count\":1,\"after_commit\":true}", modes[i]);
        snprintf(name, sizeof name, "lost-answer-%s", modes[i]);
        emu_post("faults", fault);
        tcss_registry_spec s = spec_named(name);
        tcss_registry_result *r = NULL;
        if (tcss_add_registry(&r, c, &s) != TCSS_OK)
            fail_msg("%s: %s", modes[i], tcss_error_message(tcss_error_last()));
        /* One attempt: Add goes out on a fresh connection, so libcurl's own
         * resend on a dead kept-alive connection cannot repeat it either. */
        if (r->attempts != 1 || r->already_existed != 0 || r->registry_id <= 0)
            fail_msg("%s: attempts %u, already_existed %d, id %lld", modes[i], r->attempts, r->already_existed,
                     r->registry_id);
        tcss_registry_result_free(r);
        assert_int_equal(emu_registries_named(name), 1);
    }
    tcss_client_free(c);
}

static void test_garbage_is_bad_response_not_retried(void **state) {
    (void)state;
    tcss_client *c = default_client();
    emu_post("faults", "{\"mode\":\"garbage\",\"count\":1}");
    tcss_registry_spec s = spec_named("garbage");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_EBADRESPONSE);
    assert_int_equal(tcss_error_attempts(tcss_error_last()), 1);
    assert_int_equal(tcss_error_http_status(tcss_error_last()), 200);
    tcss_client_free(c);
}

static void test_hang_returns_within_timeout(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.timeout_ms = 1500;
    tcss_client *c = client_with(&o);
    emu_post("faults", "{\"mode\":\"hang\",\"count\":5,\"hang_seconds\":10}");
    tcss_registry_spec s = spec_named("hang");
    tcss_registry_result *r = NULL;
    double t0 = now_s();
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ETIMEOUT);
    double took = now_s() - t0;
    if (took > 2.5) fail_msg("a 1.5 s timeout took %.2f s", took);
    assert_null(r);
    tcss_client_free(c);
}

static void test_connection_refused(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://127.0.0.1:9";
    o.max_attempts = 2;
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("refused");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ENETWORK);
    assert_int_equal(tcss_error_attempts(tcss_error_last()), 2);
    assert_int_equal(tcss_error_http_status(tcss_error_last()), 0);
    assert_string_equal(tcss_error_request_id(tcss_error_last()), "");
    tcss_client_free(c);
}

static void test_tls(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.endpoint = need_env("TCSS_TLS_ENDPOINT");
    o.ca_file = need_env("TCSS_TEST_CA");
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("over-tls");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    tcss_registry_result_free(r);
    tcss_client_free(c);

    /* Without the test CA, the system store does not trust it. */
    o.ca_file = NULL;
    c = client_with(&o);
    r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ETLS);
    assert_int_equal(tcss_error_attempts(tcss_error_last()), 1);
    tcss_client_free(c);

    static const char *const bad[] = {"TCSS_TLS_WRONG_HOST_ENDPOINT", "TCSS_TLS_UNTRUSTED_ENDPOINT",
                                      "TCSS_TLS_EXPIRED_ENDPOINT"};
    for (size_t i = 0; i < 3; ++i) {
        o.endpoint = need_env(bad[i]);
        o.ca_file = need_env("TCSS_TEST_CA");
        c = client_with(&o);
        if (tcss_add_registry(&r, c, &s) != TCSS_ETLS) fail_msg("%s was accepted", bad[i]);
        tcss_client_free(c);
    }
    assert_int_equal(emu_registries_named("over-tls"), 1);
}

static void test_endpoint_rules(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    o.endpoint = "http://tcss.intl.tencentcloudapi.com";
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "loopback"));
    o.endpoint = "https://host/with/path";
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    o.endpoint = NULL;
    o.ca_file = "/nonexistent/ca.pem";
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "ca_file"));
    o.ca_file = NULL;
    o.language = "fr-FR";
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    o.language = NULL;
    o.version = 99;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    assert_null(c);
}

static char *peer_of(const cJSON *requests, int i) {
    const cJSON *p = cJSON_GetObjectItem(cJSON_GetArrayItem(requests, i), "peer");
    assert_true(cJSON_IsString(p));
    return p->valuestring;
}

/* Reads on one client reuse its connection; a new client opens a new one.
 * An Add (create-once) always opens its own: libcurl resends a request by
 * itself when a reused connection turns out dead before any answer, and an
 * Add the service may have acted on must not go out twice. */
static void test_connection_reuse(void **state) {
    (void)state;
    tcss_client *c = default_client();
    tcss_result *list = NULL;
    for (int i = 0; i < 3; ++i) {
        assert_int_equal(tcss_list_registries(&list, c), TCSS_OK);
        tcss_result_free(list);
    }
    tcss_client_free(c);
    c = default_client();
    assert_int_equal(tcss_list_registries(&list, c), TCSS_OK);
    tcss_result_free(list);
    tcss_registry_result *r = NULL;
    for (int i = 0; i < 2; ++i) {
        tcss_registry_spec s = spec_named("reuse");
        assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
        tcss_registry_result_free(r);
    }
    tcss_client_free(c);
    cJSON *reqs = emu_get("requests");
    assert_int_equal(cJSON_GetArraySize(reqs), 6);
    assert_string_equal(peer_of(reqs, 0), peer_of(reqs, 1));
    assert_string_equal(peer_of(reqs, 1), peer_of(reqs, 2));
    assert_string_not_equal(peer_of(reqs, 2), peer_of(reqs, 3));
    assert_string_not_equal(peer_of(reqs, 3), peer_of(reqs, 4));
    assert_string_not_equal(peer_of(reqs, 4), peer_of(reqs, 5));
    cJSON_Delete(reqs);
}

struct thread_arg {
    tcss_client *client;
    int index;
    int failures;
};

static void *add_many(void *p) {
    struct thread_arg *a = p;
    for (int i = 0; i < 10; ++i) {
        char name[64];
        snprintf(name, sizeof name, "thread-%d-call-%d", a->index, i);
        tcss_registry_spec s = spec_named(name);
        s.url = "http://127.0.0.1:9"; /* fast-failing health check */
        tcss_registry_result *r = NULL;
        if (tcss_add_registry(&r, a->client, &s) != TCSS_OK || r->attempts != 1) a->failures++;
        tcss_registry_result_free(r);
    }
    return NULL;
}

/* 4 threads x 10 calls on one client at the API's 20/s: the limiter keeps
 * every request under the emulator's limit, so nothing is rejected. */
static void test_limiter_across_threads(void **state) {
    (void)state;
    tcss_client *c = default_client();
    pthread_t t[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; ++i) {
        args[i] = (struct thread_arg){c, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, add_many, &args[i]), 0);
    }
    for (int i = 0; i < 4; ++i) {
        pthread_join(t[i], NULL);
        assert_int_equal(args[i].failures, 0);
    }
    assert_int_equal(emu_answers_with("RequestLimitExceeded"), 0);
    assert_int_equal(emu_request_count(), 40);
    tcss_client_free(c);
}

struct captured {
    char *text;
    size_t len;
    int lines;
};

static void capture(int level, const char *line, void *ud) {
    struct captured *c = ud;
    (void)level;
    size_t n = strlen(line);
    char *grown = realloc(c->text, c->len + n + 2);
    if (grown == NULL) abort();
    c->text = grown;
    memcpy(c->text + c->len, line, n);
    c->len += n;
    c->text[c->len++] = '\n';
    c->text[c->len] = '\0';
    c->lines++;
}

static void assert_no_secret(const char *where, const char *text, const char *key) {
    const char *secrets[] = {SECRET_PASSWORD, SECRET_WEBHOOK, key, "Signature=0", "Signature=1"};
    if (text == NULL) return;
    for (size_t i = 0; i < sizeof secrets / sizeof *secrets; ++i)
        if (secrets[i] != NULL && strstr(text, secrets[i]) != NULL)
            fail_msg("%s contains a secret (%s)", where, secrets[i]);
}

static void test_secrets_stay_out_of_logs_errors_and_preview(void **state) {
    (void)state;
    struct captured log = {NULL, 0, 0};
    const char *key = need_env("TENCENTCLOUD_SECRET_KEY");
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.log_fn = capture;
    o.log_userdata = &log;
    o.log_level = TCSS_LOG_DEBUG;
    tcss_client *c = client_with(&o);
    tcss_registry_spec s = spec_named("secret-check");
    s.password = SECRET_PASSWORD;
    s.webhook_url = "https://hooks.example.com";
    s.webhook_token = SECRET_WEBHOOK;
    tcss_registry_result *r = NULL;
    emu_post("faults", "{\"mode\":\"5xx\",\"count\":1}");
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_OK);
    tcss_registry_result_free(r);
    assert_true(log.lines > 10); /* the trace really was produced */
    assert_non_null(strstr(log.text, "\"Password\":\"********\""));
    assert_non_null(strstr(log.text, "Signature=********"));
    assert_no_secret("debug log", log.text, key);

    char *preview = NULL;
    int before = emu_request_count();
    assert_int_equal(tcss_add_registry_preview(&preview, c, &s), TCSS_OK);
    assert_non_null(strstr(preview, "X-TC-Action: AddAssetImageRegistryRegistryDetail"));
    assert_non_null(strstr(preview, "\"Name\":\"secret-check\""));
    assert_no_secret("preview", preview, key);
    tcss_string_free(preview);
    assert_int_equal(emu_request_count(), before);
    tcss_client_free(c);

    /* A failing call: neither the error nor its log lines carry a secret. */
    o.secret_id = need_env("TENCENTCLOUD_SECRET_ID");
    o.secret_key = "Wr0ng-K3y-do-not-leak";
    c = client_with(&o);
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_EAUTH);
    assert_no_secret("error message", tcss_error_message(tcss_error_last()), o.secret_key);
    assert_no_secret("service message", tcss_error_service_message(tcss_error_last()), o.secret_key);
    assert_no_secret("debug log", log.text, o.secret_key);
    tcss_client_free(c);
    free(log.text);
}

struct fleet_member {
    int index;
    int rc;
    unsigned int attempts;
};

/* One runner of a fleet: its own client (its own limiter), as a separate
 * process would have, and max_attempts 1. */
static void *fleet_member_run(void *p) {
    struct fleet_member *m = p;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.max_attempts = 1;
    o.timeout_ms = 15000;
    tcss_client *c = NULL;
    m->rc = tcss_client_new(&c, &o);
    if (m->rc != TCSS_OK) return NULL;
    char name[64];
    snprintf(name, sizeof name, "fleet-%d", m->index);
    tcss_registry_spec s = spec_named(name);
    s.url = "http://127.0.0.1:9"; /* fast-failing health check */
    tcss_registry_result *r = NULL;
    m->rc = tcss_add_registry(&r, c, &s);
    if (r != NULL) m->attempts = r->attempts;
    tcss_registry_result_free(r);
    tcss_client_free(c);
    return NULL;
}

/* 20 runners at once, each with max_attempts 1, and the service turns the
 * first 40 requests away with RequestLimitExceeded (as an account limit
 * would, but deterministic on a loaded machine): every runner still
 * succeeds within its deadline, because rate limiting is retried until the
 * deadline, not max_attempts, and nothing is registered twice. */
static void test_fleet_is_not_throttled_into_failure(void **state) {
    (void)state;
    enum { N = 20, REFUSED = 40 };
    char fault[96];
    snprintf(fault, sizeof fault, "{\"mode\":\"ratelimit\",\"count\":%d}", REFUSED);
    emu_post("faults", fault);
    pthread_t t[N];
    struct fleet_member m[N];
    double t0 = now_s();
    for (int i = 0; i < N; ++i) {
        m[i] = (struct fleet_member){i, -100, 0};
        assert_int_equal(pthread_create(&t[i], NULL, fleet_member_run, &m[i]), 0);
    }
    int failed = 0;
    unsigned int most = 0, total = 0;
    for (int i = 0; i < N; ++i) {
        pthread_join(t[i], NULL);
        if (m[i].rc != TCSS_OK) failed++;
        if (m[i].attempts > most) most = m[i].attempts;
        total += m[i].attempts;
    }
    double took = now_s() - t0;
    print_message("%d runners: %u attempts, at most %u for one, %.2f s\n", N, total, most, took);
    if (failed != 0) fail_msg("%d of %d runners failed", failed, N);
    if (took > 15.0) fail_msg("%d runners took %.1f s", N, took);
    assert_int_equal(total, N + REFUSED);
    for (int i = 0; i < N; ++i) {
        char name[64];
        snprintf(name, sizeof name, "fleet-%d", i);
        assert_int_equal(emu_registries_named(name), 1);
    }
}

/* Text from the service is masked before it reaches the error: a service
 * that echoes the registry password in its code or message does not leak it. */
static void test_service_text_is_masked(void **state) {
    (void)state;
    tcss_client *c = default_client();
    char fault[512];
    snprintf(fault, sizeof fault,
             "{\"mode\":\"error\",\"count\":1,\"code\":\"InvalidParameter.%s\","
             "\"message\":\"cannot log in to https://robot:%s@registry.example.com\"}",
             SECRET_PASSWORD, SECRET_PASSWORD);
    emu_post("faults", fault);
    tcss_registry_spec s = spec_named("echoing-service");
    s.password = SECRET_PASSWORD;
    tcss_registry_result *r = NULL;
    /* Classified on the raw code: InvalidParameter* is a service rejection. */
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ESERVICE);
    const tcss_error *e = tcss_error_last();
    assert_string_equal(tcss_error_service_code(e), "InvalidParameter.********");
    assert_null(strstr(tcss_error_service_message(e), SECRET_PASSWORD));
    assert_non_null(strstr(tcss_error_service_message(e), "robot:********@registry.example.com"));
    assert_null(strstr(tcss_error_message(e), SECRET_PASSWORD));
    assert_int_equal(tcss_error_attempts(e), 1);
    tcss_client_free(c);
}

static void expect_refused(tcss_client_options *o, int code, const char *named) {
    tcss_client *c = NULL;
    int rc = tcss_client_new(&c, o);
    if (rc != code) fail_msg("expected %d, got %d (%s)", code, rc, tcss_error_message(tcss_error_last()));
    assert_null(c);
    if (strstr(tcss_error_message(tcss_error_last()), named) == NULL)
        fail_msg("message does not name %s: %s", named, tcss_error_message(tcss_error_last()));
}

/* Values that go into headers, and endpoints that are malformed or would
 * leave loopback in clear text, are refused before anything is sent. */
static void test_header_values_and_endpoints_refused(void **state) {
    (void)state;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.secret_id = need_env("TENCENTCLOUD_SECRET_ID");
    o.secret_key = need_env("TENCENTCLOUD_SECRET_KEY");
    o.session_token = "libtcss-emulator-session-token-0001\r\nX-Injected: 1";
    expect_refused(&o, TCSS_ECREDENTIALS, "session_token");
    o.session_token = NULL;
    o.region = "ap-guangzhou\r\nX-Injected: 1";
    expect_refused(&o, TCSS_EINVAL, "region");
    o.region = NULL;
    o.language = "en-US\n";
    expect_refused(&o, TCSS_EINVAL, "language");
    o.language = NULL;

    /* The usual CI mistake: a trailing newline in the exported token. */
    tcss_client_options from_env = TCSS_CLIENT_OPTIONS_INIT;
    setenv("TENCENTCLOUD_SESSION_TOKEN", "libtcss-emulator-session-token-0001\n", 1);
    expect_refused(&from_env, TCSS_ECREDENTIALS, "TENCENTCLOUD_SESSION_TOKEN");
    unsetenv("TENCENTCLOUD_SESSION_TOKEN");
    setenv("TENCENTCLOUD_REGION", "ap-guangzhou\n", 1);
    expect_refused(&from_env, TCSS_EINVAL, "TENCENTCLOUD_REGION");
    unsetenv("TENCENTCLOUD_REGION");

    const char *port = strrchr(need_env("TCSS_ENDPOINT"), ':') + 1;
    char dotted[128], bracketed[128], double_port[128];
    snprintf(dotted, sizeof dotted, "http://localhost.:%s", port);
    snprintf(bracketed, sizeof bracketed, "http://[127.0.0.1]:%s", port);
    snprintf(double_port, sizeof double_port, "https://127.0.0.1:%s:%s", port, port);
    const char *bad[] = {dotted, bracketed, double_port, "https://[evil.example]:9"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; ++i) {
        o.endpoint = bad[i];
        expect_refused(&o, TCSS_EINVAL, "endpoint");
    }
    o.endpoint = dotted;
    expect_refused(&o, TCSS_EINVAL, "loopback");
    o.endpoint = NULL;
    o.timeout_ms = TCSS_MAX_TIMEOUT_MS + 1L;
    expect_refused(&o, TCSS_EINVAL, "timeout_ms");
    assert_int_equal(emu_request_count(), 0);
}

static void test_version_and_free_null(void **state) {
    (void)state;
    assert_int_equal(tcss_version_number(), TCSS_VERSION_NUMBER);
    assert_string_equal(tcss_version(), TCSS_VERSION_STRING);
    tcss_client_free(NULL);
    tcss_registry_result_free(NULL);
    tcss_string_free(NULL);
    tcss_error_clear();
    assert_int_equal(tcss_error_code_of(tcss_error_last()), TCSS_OK);
    assert_string_equal(tcss_error_message(tcss_error_last()), "");
    assert_string_equal(tcss_error_class_name(12345), "unknown");
    tcss_client_options o;
    assert_int_equal(tcss_client_options_init(&o, TCSS_CLIENT_OPTIONS_VERSION), 0);
    assert_int_equal(o.version, TCSS_CLIENT_OPTIONS_VERSION);
    assert_int_equal(tcss_client_options_init(&o, TCSS_CLIENT_OPTIONS_VERSION + 1), TCSS_EINVAL);
    tcss_registry_spec s;
    assert_int_equal(tcss_registry_spec_init(&s, TCSS_REGISTRY_SPEC_VERSION), 0);
    assert_int_equal(s.speed_limit, TCSS_UNSET);
    assert_int_equal(s.insecure, TCSS_UNSET);
    assert_null(s.name);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_add_and_already_existed, setup),
        cmocka_unit_test_setup(test_health_check_err_is_success, setup),
        cmocka_unit_test_setup(test_validation_sends_nothing_and_leaves_out, setup),
        cmocka_unit_test_setup(test_auth_failures, setup),
        cmocka_unit_test_setup(test_temporary_credentials, setup),
        cmocka_unit_test_setup(test_credential_chain, setup),
        cmocka_unit_test_setup(test_retries_5xx_then_success, setup),
        cmocka_unit_test_setup(test_service_rejection_not_retried, setup),
        cmocka_unit_test_setup(test_internal_error_retried, setup),
        cmocka_unit_test_setup(test_rate_limit_storm_gives_up, setup),
        cmocka_unit_test_setup(test_rate_limit_retried_past_max_attempts, setup),
        cmocka_unit_test_setup(test_limiter_wait_counts_against_deadline, setup),
        cmocka_unit_test_setup(test_lost_answer_is_not_a_duplicate, setup),
        cmocka_unit_test_setup(test_garbage_is_bad_response_not_retried, setup),
        cmocka_unit_test_setup(test_hang_returns_within_timeout, setup),
        cmocka_unit_test_setup(test_connection_refused, setup),
        cmocka_unit_test_setup(test_tls, setup),
        cmocka_unit_test_setup(test_endpoint_rules, setup),
        cmocka_unit_test_setup(test_connection_reuse, setup),
        cmocka_unit_test_setup(test_limiter_across_threads, setup),
        cmocka_unit_test_setup(test_secrets_stay_out_of_logs_errors_and_preview, setup),
        cmocka_unit_test_setup(test_fleet_is_not_throttled_into_failure, setup),
        cmocka_unit_test_setup(test_service_text_is_masked, setup),
        cmocka_unit_test_setup(test_header_values_and_endpoints_refused, setup),
        cmocka_unit_test(test_version_and_free_null),
    };
    return cmocka_run_group_tests_name("client", tests, NULL, NULL);
}
