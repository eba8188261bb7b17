// The C boundary: a failed allocation still leaves a usable last error (the
// static out-of-memory error), and the options/spec version rule accepts
// every version from 1 to the current one (libgit2's rule). Allocation
// failures are injected through a test hook, never by replacing operator
// new, so this runs unchanged under ASan and valgrind.
#include "error.hpp"
#include "offline.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <cstring>
#include <string>
#include <thread>

namespace {

const char *g_fail_at = nullptr;  // the allocation site to fail, or nullptr

bool fail_hook(const char *where) { return g_fail_at != nullptr && std::strcmp(where, g_fail_at) == 0; }

struct HookGuard {
    explicit HookGuard(const char *where) {
        g_fail_at = where;
        tcss::test_hooks::set_alloc_fail_hook(fail_hook);
    }
    ~HookGuard() {
        tcss::test_hooks::set_alloc_fail_hook(nullptr);
        g_fail_at = nullptr;
    }
};

tcss_registry_spec good_spec() {
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    s.name = "n";
    s.username = "u";
    s.password = "password-1234";
    s.url = "https://registry.example.com";
    s.registry_type = "harbor";
    s.net_type = "public";
    return s;
}

void assert_oom(const tcss_error *e) {
    assert_non_null(e);
    assert_int_equal(tcss_error_code_of(e), TCSS_ENOMEM);
    assert_string_equal(tcss_error_message(e), "out of memory");
    assert_string_equal(tcss_error_service_code(e), "");
    assert_string_equal(tcss_error_service_message(e), "");
    assert_string_equal(tcss_error_request_id(e), "");
    assert_int_equal(tcss_error_http_status(e), 0);
}

void test_oom_creating_client(void **) {
    tcss_client_options o = offline_options();
    tcss_client *c = nullptr;
    {
        HookGuard g("client");
        assert_int_equal(tcss_client_new(&c, &o), TCSS_ENOMEM);
    }
    assert_null(c);
    assert_oom(tcss_error_last());
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);  // and fine again without the hook
    tcss_client_free(c);
}

// Memory runs out while the error itself is being recorded: the caller
// still gets a last error, the static one, not a stale or empty one.
void test_oom_recording_the_error(void **) {
    tcss_client_options o = offline_options();
    o.language = "fr-FR";  // an EINVAL whose message must be allocated
    tcss_client *c = nullptr;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    assert_true(contains(tcss_error_message(tcss_error_last()), "language"));
    {
        HookGuard g("error");
        assert_int_equal(tcss_client_new(&c, &o), TCSS_ENOMEM);
        assert_oom(tcss_error_last());
        assert_int_equal(tcss_client_new(nullptr, &o), TCSS_ENOMEM);
        assert_oom(tcss_error_last());
    }
    tcss_error_clear();
    assert_int_equal(tcss_error_code_of(tcss_error_last()), TCSS_OK);
    assert_string_equal(tcss_error_message(tcss_error_last()), "");
}

void test_oom_copying_a_string(void **) {
    tcss_client_options o = offline_options();
    tcss_client *c = nullptr;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    tcss_registry_spec s = good_spec();
    char *text = nullptr;
    {
        HookGuard g("string");
        assert_int_equal(tcss_add_registry_preview(&text, c, &s), TCSS_ENOMEM);
    }
    assert_null(text);
    assert_oom(tcss_error_last());
    // The out-of-memory error is per thread like every other.
    std::thread([] { assert_int_equal(tcss_error_code_of(tcss_error_last()), TCSS_OK); }).join();
    assert_int_equal(tcss_add_registry_preview(&text, c, &s), TCSS_OK);
    assert_non_null(text);
    tcss_string_free(text);
    tcss_client_free(c);
}

// A library whose current version is 3 (a future 1.x) accepts callers
// built against versions 1, 2 and 3, and refuses 0 and 4.
void test_version_rule_simulating_newer_library(void **) {
    for (unsigned int v = 1; v <= 3; ++v) assert_true(tcss::struct_version_known(v, 3));
    assert_false(tcss::struct_version_known(0, 3));
    assert_false(tcss::struct_version_known(4, 3));
    // The rule the library applies today (current = 1).
    assert_true(tcss::struct_version_known(TCSS_CLIENT_OPTIONS_VERSION, TCSS_CLIENT_OPTIONS_VERSION));
    assert_true(tcss::struct_version_known(1, TCSS_REGISTRY_SPEC_VERSION));
}

void test_version_checks_at_the_boundary(void **) {
    tcss_client_options o;
    std::memset(&o, 0x5a, sizeof o);
    assert_int_equal(tcss_client_options_init(&o, TCSS_CLIENT_OPTIONS_VERSION), TCSS_OK);
    assert_int_equal(o.version, TCSS_CLIENT_OPTIONS_VERSION);
    assert_null(o.secret_id);
    assert_int_equal(tcss_client_options_init(&o, 0), TCSS_EINVAL);
    assert_int_equal(tcss_client_options_init(&o, TCSS_CLIENT_OPTIONS_VERSION + 1), TCSS_EINVAL);
    assert_true(contains(tcss_error_message(tcss_error_last()), "unknown version"));
    tcss_registry_spec s;
    assert_int_equal(tcss_registry_spec_init(&s, 1), TCSS_OK);
    assert_true(s.speed_limit == TCSS_UNSET);
    assert_int_equal(tcss_registry_spec_init(&s, TCSS_REGISTRY_SPEC_VERSION + 1), TCSS_EINVAL);

    o = offline_options();
    tcss_client *c = nullptr;
    o.version = TCSS_CLIENT_OPTIONS_VERSION + 1;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    o.version = 0;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_EINVAL);
    o.version = 1;
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    s = good_spec();
    s.version = 1;
    char *text = nullptr;
    assert_int_equal(tcss_add_registry_preview(&text, c, &s), TCSS_OK);
    tcss_string_free(text);
    s.version = TCSS_REGISTRY_SPEC_VERSION + 1;
    assert_int_equal(tcss_add_registry_preview(&text, c, &s), TCSS_EINVAL);
    assert_true(contains(tcss_error_message(tcss_error_last()), "spec.version"));
    tcss_client_free(c);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_creating_client),
        cmocka_unit_test(test_oom_recording_the_error),
        cmocka_unit_test(test_oom_copying_a_string),
        cmocka_unit_test(test_version_rule_simulating_newer_library),
        cmocka_unit_test(test_version_checks_at_the_boundary),
    };
    return cmocka_run_group_tests_name("c_boundary", tests, nullptr, nullptr);
}
