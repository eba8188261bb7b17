/*
 * Load and concurrency (issue 3 §4), against the emulator.
 *
 *   test_load threads T N strict T threads x N calls on one client, limiter
 *                                on (20/s, the API's limit): every call
 *                                succeeds on its first attempt, the emulator
 *                                answered no RequestLimitExceeded, and holds
 *                                exactly one registry per thread
 *                                (load.limiter_threads).
 *   test_load threads T N race   the same built with -fsanitize=thread
 *                                (load.tsan_threads): no data race, every
 *                                call succeeds (retries allowed: TSan slows
 *                                the client so much that its pacing says
 *                                nothing about the limiter), one registry
 *                                per thread.
 *   test_load sequential N [rss] N calls in a row on one client, no limiter
 *                                and the emulator's limit off; with "rss",
 *                                the resident set after call 1,000 and after
 *                                call N may differ by at most 2 MiB.
 */
#define _GNU_SOURCE 1
#include "reltest.h"

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

static int n_threads = 16, n_calls = 50, check_rss, strict_limit = 1;

static long rss_kib(void) {
    char *status = rt_read_file("/proc/self/status", NULL), *line;
    long kib = -1;
    assert_non_null(status);
    line = strstr(status, "VmRSS:");
    if (line != NULL) kib = strtol(line + 6, NULL, 10);
    free(status);
    assert_true(kib > 0);
    return kib;
}

static void fill_spec(tcss_registry_spec *s, const char *name) {
    tcss_registry_spec_init(s, TCSS_REGISTRY_SPEC_VERSION);
    s->name = name;
    s->username = rt_env("TCSS_MOCK_REGISTRY_USER");
    s->password = rt_env("TCSS_MOCK_REGISTRY_PASSWORD");
    s->url = rt_env("TCSS_MOCK_REGISTRY");
    s->registry_type = "harbor";
    s->net_type = "public";
}

struct worker {
    tcss_client *client;
    int index;
    int failures;
    int retried;
    char first_error[256];
};

static void *work(void *arg) {
    struct worker *w = arg;
    char name[64];
    tcss_registry_spec s;
    int i;
    snprintf(name, sizeof name, "load-thread-%02d", w->index);
    /* The spec's strings come from getenv: read them before the threads
     * race (rt_env is not called concurrently with setenv anywhere). */
    fill_spec(&s, name);
    for (i = 0; i < n_calls; i++) {
        tcss_registry_result *r = NULL;
        int rc = tcss_add_registry(&r, w->client, &s);
        if (rc != TCSS_OK) {
            if (w->failures++ == 0)
                snprintf(w->first_error, sizeof w->first_error, "%s", tcss_error_message(tcss_error_last()));
        } else {
            if (r->attempts != 1) w->retried++;
            tcss_registry_result_free(r);
        }
    }
    return NULL;
}

static void test_threads(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *client = NULL;
    pthread_t tid[64];
    struct worker w[64];
    int i, total_fail = 0, total_retry = 0;
    (void)state;
    assert_true(n_threads <= 64);
    rt_emu_reset();
    o.requests_per_second = 0; /* the default: 20 per second */
    /* Strict: a RequestLimitExceeded shows as a failure. */
    o.max_attempts = strict_limit ? 1 : 0;
    o.timeout_ms = 30000;
    assert_int_equal(tcss_client_new(&client, &o), TCSS_OK);
    for (i = 0; i < n_threads; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].client = client;
        w[i].index = i;
        assert_int_equal(pthread_create(&tid[i], NULL, work, &w[i]), 0);
    }
    for (i = 0; i < n_threads; i++) {
        pthread_join(tid[i], NULL);
        if (w[i].failures > 0) print_message("thread %d: %d failures, first: %s\n", i, w[i].failures, w[i].first_error);
        total_fail += w[i].failures;
        total_retry += w[i].retried;
    }
    tcss_client_free(client);
    assert_int_equal(total_fail, 0);
    if (strict_limit) {
        assert_int_equal(total_retry, 0);
        assert_int_equal(rt_emu_outcome_count("RequestLimitExceeded"), 0);
    } else {
        print_message("RequestLimitExceeded under TSan: %d\n", rt_emu_outcome_count("RequestLimitExceeded"));
    }
    assert_int_equal(rt_emu_outcome_count("ok"), n_threads * n_calls);
    for (i = 0; i < n_threads; i++) {
        char name[64];
        snprintf(name, sizeof name, "load-thread-%02d", i);
        assert_int_equal(rt_emu_registries_named(name), 1);
    }
    {
        cJSON *rec = cJSON_CreateObject();
        cJSON_AddNumberToObject(rec, "threads", n_threads);
        cJSON_AddNumberToObject(rec, "calls_per_thread", n_calls);
        cJSON_AddBoolToObject(rec, "strict_limit", strict_limit);
        cJSON_AddNumberToObject(rec, "registries", n_threads);
        rt_record("load", strict_limit ? "limiter" : "tsan", rec);
    }
}

static void test_sequential(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *client = NULL;
    tcss_registry_spec s;
    long rss_1k = 0, rss_end = 0;
    int i;
    (void)state;
    rt_emu_reset();
    rt_emu_config("{\"rate_limit\":0}");
    o.requests_per_second = TCSS_RATE_UNLIMITED;
    o.timeout_ms = 30000;
    assert_int_equal(tcss_client_new(&client, &o), TCSS_OK);
    fill_spec(&s, "load-sequential");
    for (i = 1; i <= n_calls; i++) {
        tcss_registry_result *r = NULL;
        int rc = tcss_add_registry(&r, client, &s);
        if (rc != TCSS_OK) fail_msg("call %d: %s", i, tcss_error_message(tcss_error_last()));
        assert_int_equal(r->already_existed, i > 1);
        tcss_registry_result_free(r);
        if (i == 1000 && check_rss) rss_1k = rss_kib();
    }
    tcss_client_free(client);
    assert_int_equal(rt_emu_registries_named("load-sequential"), 1);
    if (check_rss) {
        rss_end = rss_kib();
        print_message("RSS after 1,000 calls: %ld KiB; after %d: %ld KiB\n", rss_1k, n_calls, rss_end);
        assert_true(rss_end - rss_1k <= 2048);
        {
            cJSON *rec = cJSON_CreateObject();
            cJSON_AddNumberToObject(rec, "calls", n_calls);
            cJSON_AddNumberToObject(rec, "rss_bound_kib", 2048);
            cJSON_AddBoolToObject(rec, "within_bound", 1);
            rt_record("load", "sequential", rec);
        }
    }
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "threads") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_threads)};
        n_threads = atoi(argv[2]);
        n_calls = atoi(argv[3]);
        strict_limit = strcmp(argv[4], "strict") == 0;
        return cmocka_run_group_tests_name("load.threads", tests, NULL, NULL);
    }
    if (argc >= 3 && strcmp(argv[1], "sequential") == 0) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_sequential)};
        n_calls = atoi(argv[2]);
        check_rss = argc >= 4 && strcmp(argv[3], "rss") == 0;
        if (check_rss && n_calls < 1000) return 2;
        return cmocka_run_group_tests_name("load.sequential", tests, NULL, NULL);
    }
    fprintf(stderr, "usage: test_load threads T N strict|race | sequential N [rss]\n");
    return 2;
}
