// What tcss::Client refuses before anything is sent: values that would go
// into a header with CR/LF or other control characters (session token,
// region, language), over-long regions, and timeouts past
// TCSS_MAX_TIMEOUT_MS. The environment is injected, never the process's.
#include "client.hpp"
#include "offline.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <climits>
#include <map>
#include <string>

namespace {

using Env = std::map<std::string, std::string>;

tcss::GetEnv env_of(const Env &vars) {
    return [&vars](const char *name) -> const char * {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

tcss_client_options base() { return offline_options(); }

const Env kNoEnv;

void make(const tcss_client_options &o, const Env &env = kNoEnv) { tcss::Client c(o, env_of(env)); }

void test_session_token_with_line_breaks(void **) {
    const char *secret = "tok-SECRET-value";
    for (const char *bad : {"tok-SECRET-value\n", "tok-SECRET-value\r\nX-Evil: 1", "tok\x01SECRET", "tok SECRET"}) {
        tcss_client_options o = base();
        o.session_token = bad;
        std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { make(o); });
        assert_true(contains(msg, "session_token"));
        assert_false(contains(msg, secret));
        assert_false(contains(msg, "SECRET"));
    }
    // From the environment: the message names the variable.
    const Env env{{"TENCENTCLOUD_SECRET_ID", "AKIDUNITTEST0001"},
                  {"TENCENTCLOUD_SECRET_KEY", "unit-test-secret-key-0001"},
                  {"TENCENTCLOUD_SESSION_TOKEN", "tok-SECRET-value\n"}};
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://127.0.0.1:9";
    std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { make(o, env); });
    assert_true(contains(msg, "TENCENTCLOUD_SESSION_TOKEN"));
    assert_true(contains(msg, "nothing was sent"));
    assert_false(contains(msg, "SECRET"));
    o = base();
    o.session_token = "a-Valid.token_with+base64/chars==";
    make(o);
}

void test_region_rules(void **) {
    for (const char *bad :
         {"ap-guangzhou\r\nX-Evil: 1", "ap-guangzhou\n", "ap guangzhou", "ap/guangzhou", "ap-\xe5\xb9\xbf"}) {
        tcss_client_options o = base();
        o.region = bad;
        std::string msg = expect_error(TCSS_EINVAL, [&] { make(o); });
        assert_true(contains(msg, "region"));
    }
    std::string r64(TCSS_MAX_REGION_BYTES, 'a'), r65(TCSS_MAX_REGION_BYTES + 1, 'a');
    tcss_client_options o = base();
    o.region = r65.c_str();
    assert_true(contains(expect_error(TCSS_EINVAL, [&] { make(o); }), "at most 64 bytes"));
    o.region = r64.c_str();
    make(o);
    o.region = "ap-shanghai-fsi";
    make(o);
    // From the environment: named as the variable.
    const Env env{{"TENCENTCLOUD_REGION", "ap-guangzhou\r\n"}};
    o = base();
    std::string msg = expect_error(TCSS_EINVAL, [&] { make(o, env); });
    assert_true(contains(msg, "TENCENTCLOUD_REGION"));
}

void test_language_with_line_break(void **) {
    tcss_client_options o = base();
    o.language = "en-US\r\nX-Evil: 1";
    std::string msg = expect_error(TCSS_EINVAL, [&] { make(o); });
    assert_true(contains(msg, "language"));
    assert_false(contains(msg, "\r\n"));
}

void test_timeout_limit(void **) {
    tcss_client_options o = base();
    o.timeout_ms = TCSS_MAX_TIMEOUT_MS;
    o.connect_timeout_ms = TCSS_MAX_TIMEOUT_MS;
    make(o);
    for (long bad : {TCSS_MAX_TIMEOUT_MS + 1L, LONG_MAX}) {
        o = base();
        o.timeout_ms = bad;
        std::string msg = expect_error(TCSS_EINVAL, [&] { make(o); });
        assert_true(contains(msg, "timeout_ms"));
        assert_true(contains(msg, "86400000"));
        o = base();
        o.connect_timeout_ms = bad;
        assert_true(contains(expect_error(TCSS_EINVAL, [&] { make(o); }), "connect_timeout_ms"));
    }
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_token_with_line_breaks),
        cmocka_unit_test(test_region_rules),
        cmocka_unit_test(test_language_with_line_break),
        cmocka_unit_test(test_timeout_limit),
    };
    return cmocka_run_group_tests_name("client_options", tests, nullptr, nullptr);
}
