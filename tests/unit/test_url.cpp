// The one URL splitter (split_url) and what it refuses, for the endpoint and
// for the API's Url/WebhookUrl alike; plain http:// only for literal
// loopback and `localhost`.
#include "endpoint.hpp"
#include "unit.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <string>

namespace {

void test_split_url_parts(void **) {
    tcss::UrlParts p;
    assert_null(tcss::split_url("HTTPS://Registry.example.com:5000/v2?x#y", p));
    assert_string_equal(p.scheme.c_str(), "https");
    assert_string_equal(p.host.c_str(), "Registry.example.com");
    assert_true(std::string(p.port) == "5000");
    assert_int_equal(p.port_number, 5000);
    assert_true(std::string(p.rest) == "/v2?x#y");
    assert_true(std::string(p.authority) == "Registry.example.com:5000");
    assert_false(p.ipv6);
    assert_null(tcss::split_url("http://[::1]:9000", p));
    assert_true(p.ipv6);
    assert_string_equal(p.host.c_str(), "::1");
    assert_int_equal(p.port_number, 9000);
    assert_null(tcss::split_url("https://host", p));
    assert_true(p.port.empty() && p.rest.empty());
}

// The malformed endpoints of issue 10 item 10, and their kin.
const char *const kMalformed[] = {
    "https://127.0.0.1:9:9",
    "https://[evil.example]:9",
    "http://[127.0.0.1]:9",
    "https://host:",
    "https://[::1]:",
    "https://[::1]x",
    "https://[]:9",
    "https://ho[st",
    "https://host]:9",
    "https://[::1]:9:9",
    "https://[fe80::1%25eth0]:9",
};

void test_malformed_endpoints_refused(void **) {
    for (const char *bad : kMalformed) {
        tcss::UrlParts p;
        if (tcss::split_url(bad, p) == nullptr) fail_msg("split_url accepted %s", bad);
        std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::parse_endpoint(bad); });
        assert_true(contains(msg, "endpoint"));
    }
}

void test_malformed_registry_urls_refused(void **) {
    for (const char *bad : kMalformed) {
        tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
        s.name = "n";
        s.username = "u";
        s.password = "password";
        s.url = bad;
        s.registry_type = "harbor";
        s.net_type = "public";
        assert_true(contains(expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); }), "Url"));
        s.url = "https://registry.example.com";
        s.webhook_url = bad;
        assert_true(contains(expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); }), "WebhookUrl"));
    }
}

void test_plain_http_only_for_literal_loopback(void **) {
    for (const char *ok : {"http://127.0.0.1:8080", "http://127.255.0.9", "http://localhost:1", "http://LOCALHOST",
                           "http://[::1]:9000/", "http://[0:0:0:0:0:0:0:1]"}) {
        auto ep = tcss::parse_endpoint(ok);
        assert_true(ep.loopback);
    }
    // Resolved by DNS (or not loopback at all): refused over plain http.
    for (const char *bad :
         {"http://localhost.", "http://localhost.:8080", "http://localhost.example.com", "http://127.1",
          "http://2130706433", "http://0x7f000001", "http://[::ffff:127.0.0.1]", "http://[::2]", "http://128.0.0.1"}) {
        std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::parse_endpoint(bad); });
        assert_true(contains(msg, "loopback") || contains(msg, "host"));
    }
    // https to the same names is fine: TLS protects it.
    assert_false(tcss::parse_endpoint("https://localhost.:8443").loopback);
}

// Issue 21, item 1: the error that refuses a URL with user information must
// not print the password (or a bare token before '@'), wherever it is used.
void test_refused_url_never_quotes_its_password(void **) {
    const char *with_password[] = {"https://user:SECRET-PW-1@h.example", "https://user:SECRET-PW-1@h.example/v2/",
                                   "http://user:SECRET-PW-1@127.0.0.1:8080", "user:SECRET-PW-1@h.example",
                                   "https://user:SECRET-PW-1@h.example with space"};
    for (const char *url : with_password) {
        const std::string m = expect_error(TCSS_EINVAL, [&] { tcss::parse_endpoint(url, "sts_endpoint"); });
        assert_false(contains(m, "SECRET"));
        assert_true(contains(m, "user:********@"));
        tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
        s.name = "n";
        s.username = "u";
        s.password = "p";
        s.registry_type = "harbor";
        s.net_type = "public";
        s.url = url;
        const std::string u = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
        assert_false(contains(u, "SECRET"));
        s.url = "https://r.example";
        s.webhook_url = url;
        const std::string w = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
        assert_false(contains(w, "SECRET"));
    }
    // A bare userinfo may be a token: masked whole.
    const std::string m = expect_error(TCSS_EINVAL, [] { tcss::parse_endpoint("https://SECRET-TOKEN-1@h.example"); });
    assert_false(contains(m, "SECRET"));
    assert_true(contains(m, "https://********@h.example"));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_url_parts),
        cmocka_unit_test(test_malformed_endpoints_refused),
        cmocka_unit_test(test_malformed_registry_urls_refused),
        cmocka_unit_test(test_plain_http_only_for_literal_loopback),
        cmocka_unit_test(test_refused_url_never_quotes_its_password),
    };
    return cmocka_run_group_tests_name("url", tests, nullptr, nullptr);
}
