/*
 * The 1.1 registry calls end to end against the emulator: ensure (added,
 * unchanged in two requests, updated in place on a changed setting or on
 * TCSS's status_auth_failed, never a second registry), the update policies,
 * the intl endpoint refusing RegistryId on Update, list across pages, show
 * without the password, remove, sync and wait, and TCSS_ENOTFOUND. And Add
 * itself under each reading of a taken name (the emulator's add_name_taken)
 * and after an answer lost once the service acted (looked up, not resent).
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

/* API requests the emulator received for one action. */
static int action_count(const char *action) {
    cJSON *all = emu_get("requests");
    const cJSON *list = cJSON_IsArray(all) ? all : cJSON_GetObjectItem(all, "requests");
    const cJSON *r = NULL;
    int n = 0;
    cJSON_ArrayForEach(r, list) {
        const cJSON *a = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "headers"), "x-tc-action");
        if (cJSON_IsString(a) && strcmp(a->valuestring, action) == 0) n++;
    }
    cJSON_Delete(all);
    return n;
}

#define ADD_ACTION "AddAssetImageRegistryRegistryDetail"

/* What TCSS answers for a taken name is undocumented; under each reading
 * (NameRepeatErr with the id, with none, with 0, or an error) a second Add
 * of the name succeeds with the first one's id and already_existed = 1. */
static void test_add_under_every_taken_name_reading(void **state) {
    static const char *const readings[] = {"existing_id", "no_id", "zero_id", "error"};
    (void)state;
    for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++) {
        char cfg[96], name[64];
        emu_post("reset", "{}");
        snprintf(cfg, sizeof cfg, "{\"add_name_taken\": \"%s\"}", readings[i]);
        emu_post("config", cfg);
        snprintf(name, sizeof name, "taken-%s", readings[i]);
        tcss_client *c = client();
        tcss_registry_spec s = spec_named(name);
        tcss_registry_result *first = NULL, *again = NULL;
        assert_int_equal(tcss_add_registry(&first, c, &s), 0);
        assert_false(first->already_existed);
        if (tcss_add_registry(&again, c, &s) != 0)
            fail_msg("%s: %s", readings[i], tcss_error_message(tcss_error_last()));
        print_message("%s: id %lld, again %lld, already_existed %d\n", readings[i], first->registry_id,
                      again->registry_id, again->already_existed);
        assert_true(first->registry_id > 0);
        assert_int_equal(again->registry_id, first->registry_id);
        assert_true(again->already_existed);
        assert_int_equal(again->attempts, 1);
        assert_int_equal(action_count(ADD_ACTION), 2);
        assert_int_equal(emu_registries_named(name), 1);
        tcss_registry_result_free(first);
        tcss_registry_result_free(again);
        tcss_client_free(c);
    }
}

/* A refusal that only looks like a taken name stays a refusal. */
static void test_add_refusal_without_the_name_stands(void **state) {
    (void)state;
    emu_post("faults", "{\"mode\": \"error\", \"code\": \"FailedOperation\", \"message\": \"no\", \"action\": "
                       "\"" ADD_ACTION "\"}");
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("refused-1");
    tcss_registry_result *r = NULL;
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ESERVICE);
    assert_null(r);
    assert_string_equal(tcss_error_service_code(tcss_error_last()), "FailedOperation");
    assert_int_equal(emu_registries_named("refused-1"), 0);
    tcss_client_free(c);
}

/* TCSS acted on the Add (stored it, ran its health check) and the answer was
 * an InternalError: the call looks the name up instead of sending it again,
 * reports the registry as created by this call (not "already existed"), and
 * keeps the health check's result, read from the registry's connectivity. */
static void test_add_answer_lost_after_acting(void **state) {
    (void)state;
    emu_post("faults", "{\"mode\": \"internal_error\", \"after_commit\": true, \"action\": \"" ADD_ACTION "\"}");
    tcss_client *c = client();
    tcss_registry_spec s = spec_named("lost-1");
    s.password = "not-the-password";
    tcss_registry_result *r = NULL;
    if (tcss_add_registry(&r, c, &s) != 0) fail_msg("%s", tcss_error_message(tcss_error_last()));
    assert_false(r->already_existed);
    assert_true(r->registry_id > 0);
    assert_int_equal(r->attempts, 1);
    assert_string_not_equal(r->health_check_err, "");
    assert_null(strstr(r->health_check_err, s.password));
    assert_int_equal(action_count(ADD_ACTION), 1);
    assert_int_equal(action_count("DescribeAssetImageRegistryRegistryList"), 1);
    assert_int_equal(emu_registries_named("lost-1"), 1);
    tcss_registry_result_free(r);
    tcss_client_free(c);
}

/* The lookup after a lost answer can lag behind what TCSS stored (the
 * emulator's "empty" fault answers it with an empty page): Add is sent
 * again and finds the name taken, under either reading (NameRepeatErr, or a
 * refusal). The name was free a moment before, so the registry is this
 * call's: already_existed = 0, the health check read from the list. */
static void test_add_lookup_lagging_behind(void **state) {
    static const char *const readings[] = {"existing_id", "error"};
    (void)state;
    for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++) {
        char cfg[96], name[64];
        emu_post("reset", "{}");
        snprintf(cfg, sizeof cfg, "{\"add_name_taken\": \"%s\"}", readings[i]);
        emu_post("config", cfg);
        emu_post("faults", "{\"mode\": \"5xx\", \"after_commit\": true, \"action\": \"" ADD_ACTION "\"}");
        emu_post("faults", "{\"mode\": \"empty\", \"action\": \"DescribeAssetImageRegistryRegistryList\"}");
        snprintf(name, sizeof name, "lagging-%s", readings[i]);
        tcss_client *c = client();
        tcss_registry_spec s = spec_named(name);
        s.password = "not-the-password";
        tcss_registry_result *r = NULL;
        if (tcss_add_registry(&r, c, &s) != 0) fail_msg("%s: %s", readings[i], tcss_error_message(tcss_error_last()));
        assert_false(r->already_existed);
        assert_true(r->registry_id > 0);
        assert_int_equal(r->attempts, 2);
        assert_string_not_equal(r->health_check_err, "");
        assert_int_equal(action_count(ADD_ACTION), 2);
        assert_int_equal(emu_registries_named(name), 1);
        tcss_registry_result_free(r);
        tcss_client_free(c);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ensure_adds_then_leaves_alone, setup),
        cmocka_unit_test_setup(test_ensure_updates_in_place, setup),
        cmocka_unit_test_setup(test_ensure_repairs_a_rotated_password, setup),
        cmocka_unit_test_setup(test_update_by_name_when_registry_id_refused, setup),
        cmocka_unit_test_setup(test_list_show_remove, setup),
        cmocka_unit_test_setup(test_sync_and_wait, setup),
        cmocka_unit_test_setup(test_add_under_every_taken_name_reading, setup),
        cmocka_unit_test_setup(test_add_refusal_without_the_name_stands, setup),
        cmocka_unit_test_setup(test_add_answer_lost_after_acting, setup),
        cmocka_unit_test_setup(test_add_lookup_lagging_behind, setup),
    };
    return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
