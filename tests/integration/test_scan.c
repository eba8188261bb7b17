/*
 * tcss_scan_image end to end against the emulator and its mock registry: an
 * image pushed, the registry synced, the row found by digest, scanned, every
 * finding read across pages, the gate's outcomes, the reports written, and
 * each way a scan does not finish (SCAN_ERR, the wait running out: the scan
 * is then stopped) or finds no image (TCSS_ENOTFOUND).
 */
#define _POSIX_C_SOURCE 200809L
#include "emulator_control.h"

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

static char g_image[512];

static tcss_client *client(void) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    if (tcss_client_new(&c, &o) != 0) fail_msg("tcss_client_new: %s", tcss_error_message(tcss_error_last()));
    return c;
}

/* A fresh emulator state, a pushed image, a registry that authorizes new
 * images, and findings for it: 1 critical, 2 high, 3 medium, 4 low and 110
 * more low ones (two pages of 100). */
static int setup(void **state) {
    (void)state;
    emu_post("reset", "{}");
    emu_post("config", "{\"sync_seconds\": 0.2, \"scan_seconds\": 0.4}");
    cJSON *pushed = mock_registry_post("push", "{\"repository\": \"team/app\", \"tag\": \"1.0\", \"seed\": \"s1\"}");
    const char *digest = cJSON_GetObjectItem(pushed, "digest")->valuestring;
    const char *host = need_env("TCSS_MOCK_REGISTRY") + strlen("http://");
    snprintf(g_image, sizeof g_image, "%s/team/app:1.0@%s", host, digest);
    cJSON_Delete(pushed);
    emu_post("vulns", "{\"key\": \"*\", \"generate\": {\"critical\": 1, \"high\": 2, \"medium\": 3, \"low\": 114, "
                      "\"fixable\": 0.5}}");
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("scan-reg");
    s.need_scan = 1;
    s.sync_mode = 1;
    tcss_registry_result *r = NULL;
    if (tcss_add_registry(&r, c, &s) != 0) fail_msg("add: %s", tcss_error_message(tcss_error_last()));
    tcss_registry_result_free(r);
    tcss_client_free(c);
    return 0;
}

static tcss_result *scan(tcss_client *c, const tcss_scan_options *o) {
    tcss_result *r = NULL;
    if (tcss_scan_image(&r, c, o) != 0) fail_msg("scan: %s", tcss_error_message(tcss_error_last()));
    return r;
}

static tcss_scan_options options(void) {
    tcss_scan_options o = TCSS_SCAN_OPTIONS_INIT;
    o.registry_name = "scan-reg";
    o.image = g_image;
    o.sync = 1;
    o.wait_ms = 30000;
    return o;
}

static void test_scan_passes_and_fails_the_gate(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_scan_options o = options();
    tcss_result *r = scan(c, &o);
    if (strcmp(tcss_result_string(r, "Outcome"), "passed") != 0) fail_msg("%s", tcss_result_json(r));
    assert_int_equal(tcss_result_int(r, "OutcomeCode", -1), TCSS_SCAN_PASSED);
    assert_string_equal(tcss_result_string(r, "ScanStatus"), "SCANNED");
    assert_true(tcss_result_int(r, "ImageId", 0) > 0);
    /* All 120 findings, across two pages of VulList. */
    const char *json = tcss_result_json(r);
    int findings = 0;
    for (const char *p = json; (p = strstr(p, "\"gate\":\"")) != NULL; p++) findings++;
    assert_int_equal(findings, 120);
    tcss_result_free(r);
    /* Scanned again with a threshold: the gate fails on the same image. */
    o.fail_on = "high";
    r = scan(c, &o);
    assert_string_equal(tcss_result_string(r, "Outcome"), "gate_failed");
    char dir[] = "/tmp/tcss-scan-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *formats[] = {"gitlab", "sarif", "junit", "json"};
    for (int i = 0; i < 4; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/report.%s", dir, formats[i]);
        assert_int_equal(tcss_result_write_report(r, formats[i], path), 0);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        assert_true(ftell(f) > 100);
        fclose(f);
        unlink(path);
    }
    rmdir(dir);
    assert_int_equal(tcss_result_write_report(r, "html", "/tmp/x"), TCSS_EINVAL);
    tcss_result_free(r);
    o.fail_on = "none";
    o.max_low = 200;
    o.max_medium = 2; /* 3 medium: over */
    r = scan(c, &o);
    assert_string_equal(tcss_result_string(r, "Outcome"), "gate_failed");
    tcss_result_free(r);
    tcss_client_free(c);
}

static void test_scan_that_does_not_finish(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_scan_options o = options();
    emu_post("config", "{\"scan_result\": \"SCAN_ERR\"}");
    tcss_result *r = scan(c, &o);
    assert_string_equal(tcss_result_string(r, "Outcome"), "incomplete");
    assert_string_equal(tcss_result_string(r, "ScanStatus"), "SCAN_ERR");
    tcss_result_free(r);
    /* The wait runs out: the scan is stopped, and the result says so. */
    emu_post("config", "{\"scan_result\": \"auto\", \"scan_seconds\": 60}");
    o.sync = 0;
    o.wait_ms = 3000;
    r = scan(c, &o);
    assert_string_equal(tcss_result_string(r, "Outcome"), "incomplete");
    assert_non_null(strstr(tcss_result_json(r), "the scan was stopped"));
    tcss_result_free(r);
    cJSON *st = emu_get("state");
    char *text = cJSON_PrintUnformatted(st);
    assert_non_null(strstr(text, "CANCELED"));
    cJSON_free(text);
    cJSON_Delete(st);
    assert_true(emu_answers_with("ok") > 0);
    tcss_client_free(c);
}

static void test_image_not_in_tcss(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_scan_options o = options();
    char other[600];
    snprintf(other, sizeof other, "%s/team/other:1.0", need_env("TCSS_MOCK_REGISTRY") + strlen("http://"));
    o.image = other;
    o.wait_ms = 2500;
    tcss_result *r = NULL;
    assert_int_equal(tcss_scan_image(&r, c, &o), TCSS_ENOTFOUND);
    assert_null(r);
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "team/other"));
    o.image = "not an image";
    assert_int_equal(tcss_scan_image(&r, c, &o), TCSS_EINVAL);
    o.image = g_image;
    o.registry_name = "no-such-registry";
    assert_int_equal(tcss_scan_image(&r, c, &o), TCSS_ENOTFOUND);
    tcss_client_free(c);
}

static void test_filters_refused(void **state) {
    (void)state;
    emu_post("config", "{\"image_filters\": \"strict\", \"scan_task_id\": \"omitted\"}");
    tcss_client *c = client();
    tcss_scan_options o = options();
    tcss_result *r = scan(c, &o);
    assert_string_equal(tcss_result_string(r, "Outcome"), "passed");
    assert_true(emu_answers_with("InvalidParameter") >= 1);
    tcss_result_free(r);
    tcss_client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_scan_passes_and_fails_the_gate, setup),
        cmocka_unit_test_setup(test_scan_that_does_not_finish, setup),
        cmocka_unit_test_setup(test_image_not_in_tcss, setup),
        cmocka_unit_test_setup(test_filters_refused, setup),
    };
    return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
