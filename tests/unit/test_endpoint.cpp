// Endpoint parsing and the loopback-only rule for plain http://.
#include "endpoint.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

namespace {

void test_default_and_https(void **) {
    auto ep = tcss::parse_endpoint(tcss::kDefaultEndpoint);
    assert_string_equal(ep.url.c_str(), "https://tcss.intl.tencentcloudapi.com/");
    assert_string_equal(ep.host_header.c_str(), "tcss.intl.tencentcloudapi.com");
    assert_false(ep.loopback);
    ep = tcss::parse_endpoint("HTTPS://10.0.0.5:8443/");
    assert_string_equal(ep.scheme.c_str(), "https");
    assert_string_equal(ep.host.c_str(), "10.0.0.5");
    assert_string_equal(ep.host_header.c_str(), "10.0.0.5:8443");
}

void test_http_only_for_loopback(void **) {
    for (const char *ok : {"http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:1", "http://[::1]:9000/"}) {
        auto ep = tcss::parse_endpoint(ok);
        assert_true(ep.loopback);
    }
    for (const char *bad : {"http://tcss.intl.tencentcloudapi.com", "http://10.0.0.1:80", "http://[::2]:80",
                            "http://localhost.example.com", "http://128.0.0.1"}) {
        std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::parse_endpoint(bad); });
        assert_true(contains(msg, "loopback"));
        assert_true(contains(msg, "endpoint"));
    }
    std::string msg =
        expect_error(TCSS_EINVAL, [] { tcss::parse_endpoint("http://evil.example.com", "TCSS_ENDPOINT"); });
    assert_true(contains(msg, "TCSS_ENDPOINT"));
}

void test_malformed(void **) {
    const char *bad[] = {"",
                         "tcss.intl.tencentcloudapi.com",
                         "ftp://x",
                         "https://",
                         "https://:443",
                         "https://host/path",
                         "https://host?x=1",
                         "https://u:p@host",
                         "https://host:0",
                         "https://host:65536",
                         "https://host:12a",
                         "https://ho st",
                         "https://[::1",
                         "https://host\n"};
    for (const char *b : bad) expect_error(TCSS_EINVAL, [&] { tcss::parse_endpoint(b); });
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_and_https),
        cmocka_unit_test(test_http_only_for_loopback),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests_name("endpoint", tests, nullptr, nullptr);
}
