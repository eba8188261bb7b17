/*
 * Fault injection against the emulator through the C API, one CTest per
 * fault (faults.<name>). The cases are data: tests/data/faults/<name>.json
 * (format in tests/data/README.md), which tests/cli/run_cases.py runs again
 * through the tcss CLI (faults.cli.<name>). Each run asserts the error class,
 * the number of attempts (as the library reports it and as the emulator
 * counted them), the time bound where the fault is a stall, and that the
 * emulator never holds more than the one registry a single Add may create.
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

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum endpoint_kind { EP_PLAIN, EP_TLS_WRONG_HOST, EP_TLS_UNTRUSTED, EP_TLS_EXPIRED, EP_UNRESOLVABLE, EP_PROXY_DOWN };

static const char *const endpoint_names[] = {
    [EP_PLAIN] = "plain",
    [EP_TLS_WRONG_HOST] = "tls_wrong_host",
    [EP_TLS_UNTRUSTED] = "tls_untrusted_issuer",
    [EP_TLS_EXPIRED] = "tls_expired",
    [EP_UNRESOLVABLE] = "unresolvable_host",
    [EP_PROXY_DOWN] = "proxy_down",
};

/* One case, as tests/data/faults/<name>.json describes it (the format is in
 * tests/data/README.md). */
struct fault_case {
    char name[64];
    char *fault;      /* what was done, for RELIABILITY.md */
    char *fault_json; /* queued before each run; NULL: none */
    enum endpoint_kind endpoint;
    unsigned int max_attempts;
    long timeout_ms;
    int expect_rc;   /* tcss_error_code */
    int expect_exit; /* CLI exit code (checked by tests/cli/run_cases.py) */
    unsigned int expect_attempts;
    int attempts_at_least;        /* expect_attempts is a floor: rate limits retry until the deadline */
    int expect_emulator_requests; /* -1: as many as the library's attempts */
    int expect_registries;        /* stored registries of this name after */
    int expect_already_existed;   /* on success */
    int check_time_bound;         /* returns within timeout + 1 s */
};

static const cJSON *member(const cJSON *obj, const char *key, const char *file) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL) fail_msg("%s: \"%s\" is missing", file, key);
    return item;
}

static long number_of(const cJSON *obj, const char *key, const char *file) {
    const cJSON *item = member(obj, key, file);
    if (!cJSON_IsNumber(item)) fail_msg("%s: \"%s\" is not a number", file, key);
    return (long)item->valuedouble;
}

static int bool_of(const cJSON *obj, const char *key, const char *file) {
    const cJSON *item = member(obj, key, file);
    if (!cJSON_IsBool(item)) fail_msg("%s: \"%s\" is not true or false", file, key);
    return cJSON_IsTrue(item);
}

static const char *string_of(const cJSON *obj, const char *key, const char *file) {
    const cJSON *item = member(obj, key, file);
    if (!cJSON_IsString(item)) fail_msg("%s: \"%s\" is not a string", file, key);
    return item->valuestring;
}

/* The tcss_error_code whose class name is `name` ("ok", "network", ...). */
static int code_of_class(const char *name, const char *file) {
    int code;
    for (code = TCSS_OK; code >= TCSS_EINTERNAL; code--)
        if (strcmp(tcss_error_class_name(code), name) == 0) return code;
    fail_msg("%s: unknown error class \"%s\"", file, name);
    return TCSS_EINTERNAL;
}

static char *dup_or_fail(const char *s) {
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

/* Reads TCSS_TEST_DATA_DIR/faults/<name>.json into *c; fails the test on a
 * missing file or field. */
static void load_case(struct fault_case *c, const char *name) {
    char path[1024];
    char *text;
    cJSON *root;
    const cJSON *fault, *call, *expect, *attempts, *requests;
    const char *endpoint;
    size_t i;
    snprintf(path, sizeof path, "%s/faults/%s.json", TCSS_TEST_DATA_DIR, name);
    text = rt_read_file(path, NULL);
    if (text == NULL) fail_msg("no fault case %s (%s)", name, path);
    root = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(root)) fail_msg("%s is not a JSON object", path);
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->fault = dup_or_fail(string_of(root, "description", path));
    fault = member(root, "emulator_fault", path);
    if (cJSON_IsObject(fault)) {
        c->fault_json = cJSON_PrintUnformatted(fault);
        assert_non_null(c->fault_json);
    } else if (!cJSON_IsNull(fault)) {
        fail_msg("%s: \"emulator_fault\" is neither an object nor null", path);
    }
    endpoint = string_of(root, "endpoint", path);
    for (i = 0; i < sizeof endpoint_names / sizeof endpoint_names[0]; i++)
        if (strcmp(endpoint_names[i], endpoint) == 0) break;
    if (i == sizeof endpoint_names / sizeof endpoint_names[0]) fail_msg("%s: unknown endpoint %s", path, endpoint);
    c->endpoint = (enum endpoint_kind)i;
    call = member(root, "call", path);
    c->max_attempts = (unsigned int)number_of(call, "max_attempts", path);
    c->timeout_ms = number_of(call, "timeout_ms", path);
    expect = member(root, "expect", path);
    c->expect_rc = code_of_class(string_of(expect, "class", path), path);
    c->expect_exit = (int)number_of(expect, "exit", path);
    attempts = member(expect, "attempts", path);
    c->attempts_at_least = cJSON_IsObject(attempts);
    c->expect_attempts = (unsigned int)(c->attempts_at_least ? number_of(attempts, "at_least", path)
                                                             : number_of(expect, "attempts", path));
    requests = member(expect, "emulator_requests", path);
    if (cJSON_IsString(requests) && strcmp(requests->valuestring, "attempts") == 0)
        c->expect_emulator_requests = -1;
    else
        c->expect_emulator_requests = (int)number_of(expect, "emulator_requests", path);
    c->expect_registries = (int)number_of(expect, "registries", path);
    c->expect_already_existed = bool_of(expect, "already_existed", path);
    c->check_time_bound = bool_of(expect, "within_timeout", path);
    cJSON_Delete(root);
}

static void free_case(struct fault_case *c) {
    free(c->fault);
    cJSON_free(c->fault_json);
    c->fault = NULL;
    c->fault_json = NULL;
}

static const struct fault_case *current;
static char endpoint_buf[256], proxy_buf[128];

static const char *endpoint_for(const struct fault_case *c) {
    switch (c->endpoint) {
    case EP_TLS_WRONG_HOST: return rt_env("TCSS_TLS_WRONG_HOST_ENDPOINT");
    case EP_TLS_UNTRUSTED: return rt_env("TCSS_TLS_UNTRUSTED_ENDPOINT");
    case EP_TLS_EXPIRED: return rt_env("TCSS_TLS_EXPIRED_ENDPOINT");
    case EP_UNRESOLVABLE: return "https://tcss-fault-test.invalid";
    /* A loopback endpoint never goes through a proxy, so not the emulator. */
    case EP_PROXY_DOWN: return "https://tcss-fault-test.invalid";
    default: return rt_env("TCSS_ENDPOINT");
    }
}

static void registry_name(char *buf, size_t size, const char *via) {
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

static void prepare(void) {
    rt_emu_reset();
    if (current->fault_json != NULL) rt_emu_fault(current->fault_json);
    snprintf(endpoint_buf, sizeof endpoint_buf, "%s", endpoint_for(current));
    if (current->endpoint == EP_PROXY_DOWN)
        snprintf(proxy_buf, sizeof proxy_buf, "http://127.0.0.1:%d", rt_closed_port());
}

static void run_c_api(struct outcome *o) {
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
        /* The harness exempts loopback from proxies; make sure nothing does here. */
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

static void check(const struct outcome *o, const char *via) {
    print_message("[%s] %s: rc %d (%s), attempts %u, emulator requests %d, registries %d, %lld ms\n", current->name,
                  via, o->rc, o->class_name, o->attempts, o->emulator_requests, o->registries, o->elapsed_ms);
    if (current->expect_emulator_requests < 0)
        assert_int_equal(o->emulator_requests, (int)o->attempts);
    else
        assert_int_equal(o->emulator_requests, current->expect_emulator_requests);
    assert_int_equal(o->registries, current->expect_registries);
    if (current->check_time_bound) {
        /* The whole call is bounded by timeout_ms; the promise is the
         * timeout plus a second. The CLI adds its own start-up. */
        assert_true(o->elapsed_ms <= current->timeout_ms + 1000);
        assert_true(o->elapsed_ms >= current->timeout_ms - 50);
    }
}

static void test_case(void **state) {
    struct fault_case loaded;
    struct outcome c;
    cJSON *rec;
    load_case(&loaded, (const char *)*state);
    current = &loaded;
    memset(&c, 0, sizeof c);

    run_c_api(&c);
    check(&c, "C API");
    assert_int_equal(c.rc, current->expect_rc);
    if (current->attempts_at_least)
        assert_true(c.attempts >= current->expect_attempts);
    else
        assert_int_equal(c.attempts, current->expect_attempts);
    if (c.rc == TCSS_OK) assert_int_equal(c.already_existed, current->expect_already_existed);

    rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "name", current->name);
    cJSON_AddStringToObject(rec, "fault", current->fault);
    cJSON_AddStringToObject(rec, "class", c.class_name);
    /* Rate limits retry until the deadline with jitter: the floor, not the
     * count, is what stays the same from run to run. */
    cJSON_AddNumberToObject(rec, "attempts", current->attempts_at_least ? current->expect_attempts : c.attempts);
    cJSON_AddBoolToObject(rec, "attempts_at_least", current->attempts_at_least);
    cJSON_AddNumberToObject(rec, "max_attempts", current->max_attempts);
    cJSON_AddNumberToObject(rec, "registries", c.registries);
    /* Requests beyond the Adds: the lookups by name between attempts. */
    cJSON_AddNumberToObject(rec, "lookups",
                            current->attempts_at_least ? 0 : (double)(c.emulator_requests - (int)c.attempts));
    cJSON_AddBoolToObject(rec, "already_existed", c.rc == TCSS_OK && c.already_existed);
    cJSON_AddBoolToObject(rec, "time_bound", current->check_time_bound);
    cJSON_AddNumberToObject(rec, "timeout_ms", (double)current->timeout_ms);
    rt_record("faults", current->name, rec);
    current = NULL;
    free_case(&loaded);
}

/* Prints the name of every tests/data/faults/<name>.json. */
static int list_cases(void) {
    char path[1024];
    DIR *d;
    struct dirent *e;
    snprintf(path, sizeof path, "%s/faults", TCSS_TEST_DATA_DIR);
    d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "test_faults: cannot read %s\n", path);
        return 2;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) printf("%.*s\n", (int)(n - 5), e->d_name);
    }
    closedir(d);
    return 0;
}

int main(int argc, char **argv) {
    int i, failed = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: test_faults NAME... | list\n");
        return 2;
    }
    if (strcmp(argv[1], "list") == 0) return list_cases();
    for (i = 1; i < argc; i++) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_prestate(test_case, argv[i]),
        };
        failed += _cmocka_run_group_tests(argv[i], tests, 1, NULL, NULL);
    }
    return failed;
}
