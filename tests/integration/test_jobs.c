/*
 * The 1.1 registry calls end to end against the emulator: ensure (added,
 * unchanged in two requests, updated in place on a changed setting or on
 * TCSS's status_auth_failed, never a second registry), the update policies,
 * the intl endpoint refusing RegistryId on Update, list across pages, show
 * without the password, remove, sync and wait, and TCSS_ENOTFOUND.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state) {
    (void)state;
    emu_post("reset", "{}");
    tcss_error_clear();
    return 0;
}

static tcss_client *client(void) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.requests_per_second = TCSS_RATE_UNLIMITED;
    tcss_client *c = NULL;
    if (tcss_client_new(&c, &o) != 0) fail_msg("tcss_client_new: %s", tcss_error_message(tcss_error_last()));
    return c;
}

static tcss_result *ensure(tcss_client *c, const tcss_registry_spec *s, int update) {
    tcss_result *r = NULL;
    if (tcss_ensure_registry(&r, c, s, update) != 0)
        fail_msg("tcss_ensure_registry: %s", tcss_error_message(tcss_error_last()));
    return r;
}

static void assert_action(const tcss_result *r, const char *action) {
    if (strcmp(tcss_result_string(r, "Action"), action) != 0)
        fail_msg("expected %s, got %s", action, tcss_result_json(r));
}

static void test_ensure_adds_then_leaves_alone(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("ensure-1");
    tcss_result *r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "added");
    const long long id = tcss_result_int(r, "RegistryId", -1);
    assert_true(id > 0);
    tcss_result_free(r);
    const int before = emu_request_count();
    r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "unchanged");
    assert_int_equal(tcss_result_int(r, "RegistryId", -1), id);
    /* Nothing changed: one list page and one detail, no more. */
    assert_int_equal(emu_request_count() - before, 2);
    assert_int_equal(tcss_result_int(r, "Requests", -1), 2);
    assert_null(strstr(tcss_result_json(r), s.password));
    tcss_result_free(r);
    assert_int_equal(emu_registries_named("ensure-1"), 1);
    tcss_client_free(c);
}

static void test_ensure_updates_in_place(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("ensure-2");
    tcss_result *r = ensure(c, &s, TCSS_UPDATE_AUTO);
    const long long id = tcss_result_int(r, "RegistryId", -1);
    tcss_result_free(r);
    s.registry_version = "V2";
    s.speed_limit = 7;
    r = ensure(c, &s, TCSS_UPDATE_NEVER);
    assert_action(r, "unchanged");
    assert_non_null(strstr(tcss_result_json(r), "\"SpeedLimit\""));
    assert_non_null(strstr(tcss_result_string(r, "Reason"), "update never"));
    tcss_result_free(r);
    r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "updated");
    assert_int_equal(tcss_result_int(r, "RegistryId", -1), id);
    assert_non_null(strstr(tcss_result_json(r), "\"RegistryVersion\""));
    tcss_result_free(r);
    r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "unchanged");
    tcss_result_free(r);
    r = ensure(c, &s, TCSS_UPDATE_ALWAYS);
    assert_action(r, "updated");
    tcss_result_free(r);
    assert_int_equal(emu_registries_named("ensure-2"), 1);
    assert_int_equal(emu_answers_with("ok") > 0, 1);
    tcss_client_free(c);
}

static void test_ensure_repairs_a_rotated_password(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("ensure-3");
    const char *right = s.password;
    s.password = "an-old-robot-password"; /* TCSS holds a password the registry refuses */
    tcss_result *r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "added");
    assert_true(strlen(tcss_result_string(r, "HealthCheckErr")) > 0);
    tcss_result_free(r);
    s.password = right;
    r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "updated");
    assert_non_null(strstr(tcss_result_string(r, "Reason"), "status_auth_failed"));
    assert_string_equal(tcss_result_string(r, "HealthCheckErr"), "");
    assert_null(strstr(tcss_result_json(r), right));
    tcss_result_free(r);
    r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "unchanged");
    tcss_result_free(r);
    tcss_client_free(c);
}

static void test_update_by_name_when_registry_id_refused(void **state) {
    (void)state;
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("ensure-4");
    tcss_result_free(ensure(c, &s, TCSS_UPDATE_AUTO));
    emu_post("config", "{\"update_registry_id\": \"refused\"}");
    s.registry_version = "V1";
    tcss_result *r = ensure(c, &s, TCSS_UPDATE_AUTO);
    assert_action(r, "updated");
    tcss_result_free(r);
    assert_int_equal(emu_registries_named("ensure-4"), 1);
    assert_true(emu_answers_with("UnknownParameter") >= 1);
    tcss_client_free(c);
}

static void test_list_show_remove(void **state) {
    (void)state;
    tcss_client *c = client();
    char name[32];
    for (int i = 0; i < 103; i++) { /* more than one page of 100 */
        snprintf(name, sizeof name, "list-%03d", i);
        tcss_registry_spec s = spec_named(name);
        tcss_registry_result *added = NULL;
        assert_int_equal(tcss_add_registry(&added, c, &s), 0);
        tcss_registry_result_free(added);
    }
    tcss_result *r = NULL;
    assert_int_equal(tcss_list_registries(&r, c), 0);
    assert_int_equal(tcss_result_int(r, "TotalCount", -1), 103);
    assert_int_equal(tcss_result_int(r, "Requests", -1), 2);
    assert_non_null(strstr(tcss_result_json(r), "\"list-102\""));
    tcss_result_free(r);
    /* The last of 103 is on the second page. */
    assert_int_equal(tcss_show_registry(&r, c, "list-102"), 0);
    assert_string_equal(tcss_result_string(r, "Name"), "list-102");
    assert_string_equal(tcss_result_string(r, "Username"), need_env("TCSS_MOCK_REGISTRY_USER"));
    assert_null(strstr(tcss_result_json(r), "Password"));
    assert_null(strstr(tcss_result_json(r), need_env("TCSS_MOCK_REGISTRY_PASSWORD")));
    tcss_result_free(r);
    assert_int_equal(tcss_remove_registry(&r, c, "list-050"), 0);
    tcss_result_free(r);
    assert_int_equal(emu_registries_named("list-050"), 0);
    r = NULL;
    assert_int_equal(tcss_show_registry(&r, c, "list-050"), TCSS_ENOTFOUND);
    assert_null(r);
    assert_string_equal(tcss_error_class_name(tcss_error_code_of(tcss_error_last())), "not_found");
    assert_non_null(strstr(tcss_error_message(tcss_error_last()), "list-050"));
    assert_int_equal(tcss_remove_registry(&r, c, "list-050"), TCSS_ENOTFOUND);
    assert_int_equal(tcss_show_registry(&r, c, NULL), TCSS_EINVAL);
    tcss_client_free(c);
}

static void test_sync_and_wait(void **state) {
    (void)state;
    tcss_client *c = client();
    emu_post("config", "{\"sync_seconds\": 0.3}");
    tcss_registry_spec s = spec_named("sync-1");
    tcss_result_free(ensure(c, &s, TCSS_UPDATE_AUTO));
    tcss_result *r = NULL;
    assert_int_equal(tcss_sync_registry(&r, c, "sync-1", 0), 0);
    assert_string_equal(tcss_result_string(r, "Finished"), "false");
    tcss_result_free(r);
    assert_int_equal(tcss_sync_registry(&r, c, "sync-1", 20000), 0);
    if (strcmp(tcss_result_string(r, "Finished"), "true") != 0) fail_msg("sync: %s", tcss_result_json(r));
    assert_string_equal(tcss_result_string(r, "SyncStatus"), "success");
    assert_true(strlen(tcss_result_string(r, "LatestSyncTime")) > 0);
    assert_true(tcss_result_int(r, "WaitedMs", -1) < 20000);
    tcss_result_free(r);
    assert_int_equal(tcss_sync_registry(&r, c, "no-such-registry", 1000), TCSS_ENOTFOUND);
    assert_int_equal(tcss_sync_registry(&r, c, "sync-1", -1), TCSS_EINVAL);
    tcss_client_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ensure_adds_then_leaves_alone, setup),
        cmocka_unit_test_setup(test_ensure_updates_in_place, setup),
        cmocka_unit_test_setup(test_ensure_repairs_a_rotated_password, setup),
        cmocka_unit_test_setup(test_update_by_name_when_registry_id_refused, setup),
        cmocka_unit_test_setup(test_list_show_remove, setup),
        cmocka_unit_test_setup(test_sync_and_wait, setup),
    };
    return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
