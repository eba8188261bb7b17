/*
 * 100 pipelines scanning 100 images at once against one account's 20
 * requests/s per action (issue 18's fleet figure). Each thread is one
 * pipeline with its own client, as separate CI jobs are. Run under
 * tests/harness/with-emulator (default rate limit 20/s per action):
 *
 *   tests/harness/with-emulator -- build/bin/bench_scan_fleet [PIPELINES] [SCAN_SECONDS]
 *
 * Prints one JSON line: pipelines, scan seconds, wall seconds, the excess
 * over the scan time, how many gates were right, how many calls failed (and
 * how many of those were rate limited). Exits 1 when a gate was wrong or a
 * call failed; the time is reported, never judged here (BENCHMARKS.md).
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
#include <time.h>

struct pipeline {
    char image[512];
    int expect_fail;
    int outcome;
    int rc;
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run(void *arg) {
    struct pipeline *p = arg;
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    p->rc = tcss_client_new(&c, &o);
    if (p->rc != 0) return NULL;
    tcss_scan_options s = TCSS_SCAN_OPTIONS_INIT;
    s.registry_name = "fleet";
    s.image = p->image;
    s.wait_ms = 120000;
    s.fail_on = p->expect_fail ? "critical" : "none";
    tcss_result *r = NULL;
    p->rc = tcss_scan_image(&r, c, &s);
    if (p->rc == 0)
        p->outcome = (int)tcss_result_int(r, "OutcomeCode", -1);
    else
        fprintf(stderr, "scan %s: %s\n", p->image, tcss_error_message(tcss_error_last()));
    tcss_result_free(r);
    tcss_client_free(c);
    return NULL;
}

static void prepare(int n, int scan_seconds) {
    char cfg[128];
    emu_post("reset", "{}");
    snprintf(cfg, sizeof cfg, "{\"sync_seconds\": 0.5, \"scan_seconds\": %d}", scan_seconds);
    emu_post("config", cfg);
    for (int i = 0; i < n; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"repository\": \"fleet/app-%03d\", \"tag\": \"1.0\"}", i);
        cJSON_Delete(mock_registry_post("push", body));
    }
    emu_post("vulns", "{\"key\": \"*\", \"generate\": {\"critical\": 1, \"high\": 2, \"medium\": 3, \"low\": 4}}");
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    if (tcss_client_new(&c, &o) != 0) fail_msg("client: %s", tcss_error_message(tcss_error_last()));
    tcss_registry_spec spec = spec_named("fleet");
    spec.need_scan = 1;
    spec.sync_mode = 1;
    tcss_result *r = NULL;
    if (tcss_ensure_registry(&r, c, &spec, TCSS_UPDATE_AUTO) != 0) fail_msg("ensure failed");
    tcss_result_free(r);
    if (tcss_sync_registry(&r, c, "fleet", 60000) != 0) fail_msg("sync failed");
    tcss_result_free(r);
    tcss_client_free(c);
}

static void fleet(void **state) {
    (void)state;
    const int n = getenv("FLEET_PIPELINES") ? atoi(getenv("FLEET_PIPELINES")) : 100;
    const int scan_seconds = getenv("FLEET_SCAN_SECONDS") ? atoi(getenv("FLEET_SCAN_SECONDS")) : 5;
    prepare(n, scan_seconds);
    struct pipeline *p = calloc((size_t)n, sizeof *p);
    pthread_t *t = calloc((size_t)n, sizeof *t);
    const char *host = need_env("TCSS_MOCK_REGISTRY") + strlen("http://");
    for (int i = 0; i < n; i++) {
        snprintf(p[i].image, sizeof p[i].image, "%s/fleet/app-%03d:1.0", host, i);
        p[i].expect_fail = i % 2;
    }
    const int limited_before = emu_answers_with("RequestLimitExceeded");
    const double t0 = now_s();
    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, run, &p[i]);
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    const double wall = now_s() - t0;
    int right = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        if (p[i].rc != 0)
            failed++;
        else if (p[i].outcome == (p[i].expect_fail ? TCSS_SCAN_GATE_FAILED : TCSS_SCAN_PASSED))
            right++;
    }
    printf("{\"pipelines\": %d, \"scan_seconds\": %d, \"wall_seconds\": %.1f, \"over_scan_time\": %.1f, "
           "\"gates_right\": %d, \"calls_failed\": %d, \"rate_limited_answers\": %d}\n",
           n, scan_seconds, wall, wall - scan_seconds, right, failed,
           emu_answers_with("RequestLimitExceeded") - limited_before);
    free(p);
    free(t);
    assert_int_equal(failed, 0);
    assert_int_equal(right, n);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(fleet)};
    return cmocka_run_group_tests_name("scan-fleet", tests, NULL, NULL);
}
