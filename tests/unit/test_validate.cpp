// The validation matrix: every rule, with the field named in the message,
// and values that must pass untouched.
#include "unit.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cstring>
#include <functional>
#include <string>

namespace {

tcss_registry_spec good() {
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    s.name = "ci-registry";
    s.username = "robot";
    s.password = "pa$$\"word\n";
    s.url = "https://registry.example.com:5000";
    s.registry_type = "harbor";
    s.net_type = "public";
    return s;
}

struct Case {
    const char *what;
    std::function<void(tcss_registry_spec &)> mutate;
    const char *field;  // must appear in the message
    const char *rule;   // must appear in the message
};

std::string s_1mib(1024 * 1024, 'a');
std::string s_257(257, 'n');
std::string s_ctrl = "bad\x01name";
std::string s_bad_utf8 = "caf\xc3";
std::string s_overlong = "\xc0\xaf";
std::string s_surrogate = "\xed\xa0\x80";
tcss_conn_detect cd_empty[1] = {{nullptr, nullptr}};
tcss_conn_detect cd_ctrl[2] = {{"q1", "u1"}, {"q\n2", nullptr}};
tcss_conn_detect cd_many[101];

const Case cases[] = {
    {"missing name", [](auto &s) { s.name = nullptr; }, "Name", "is required"},
    {"empty name", [](auto &s) { s.name = ""; }, "Name", "must not be empty"},
    {"1 MiB name", [](auto &s) { s.name = s_1mib.c_str(); }, "Name", "at most 256 bytes"},
    {"257-byte name", [](auto &s) { s.name = s_257.c_str(); }, "Name", "at most 256 bytes"},
    {"control char in name", [](auto &s) { s.name = s_ctrl.c_str(); }, "Name", "control characters"},
    {"invalid UTF-8 name", [](auto &s) { s.name = s_bad_utf8.c_str(); }, "Name", "valid UTF-8"},
    {"overlong UTF-8", [](auto &s) { s.name = s_overlong.c_str(); }, "Name", "valid UTF-8"},
    {"UTF-8 surrogate", [](auto &s) { s.name = s_surrogate.c_str(); }, "Name", "valid UTF-8"},
    {"missing username", [](auto &s) { s.username = nullptr; }, "Username", "is required"},
    {"missing password", [](auto &s) { s.password = nullptr; }, "Password", "is required"},
    {"empty password", [](auto &s) { s.password = ""; }, "Password", "must not be empty"},
    {"invalid UTF-8 password", [](auto &s) { s.password = s_bad_utf8.c_str(); }, "Password", "valid UTF-8"},
    {"missing url", [](auto &s) { s.url = nullptr; }, "Url", "is required"},
    {"url without scheme", [](auto &s) { s.url = "registry.example.com"; }, "Url", "http:// or https://"},
    {"ftp url", [](auto &s) { s.url = "ftp://registry.example.com"; }, "Url", "http:// or https://"},
    {"url without host", [](auto &s) { s.url = "https://"; }, "Url", "with a host"},
    {"url with only port", [](auto &s) { s.url = "https://:5000"; }, "Url", "with a host"},
    {"url with userinfo", [](auto &s) { s.url = "https://u:p@r.example.com"; }, "Url", "user information"},
    {"url with bad port", [](auto &s) { s.url = "https://r.example.com:99999"; }, "Url", "port"},
    {"url with text port", [](auto &s) { s.url = "https://r.example.com:abc"; }, "Url", "invalid port"},
    {"url with space", [](auto &s) { s.url = "https://r.example .com"; }, "Url", "spaces"},
    {"url with newline", [](auto &s) { s.url = "https://r.example.com\n"; }, "Url", "control characters"},
    {"unknown registry type", [](auto &s) { s.registry_type = "docker"; }, "RegistryType",
     "harbor, quay, jfrog, aws, azure, other-tcr"},
    {"registry type case", [](auto &s) { s.registry_type = "Harbor"; }, "RegistryType", "one of"},
    {"net type private", [](auto &s) { s.net_type = "private"; }, "NetType", "\"public\""},
    {"missing net type", [](auto &s) { s.net_type = nullptr; }, "NetType", "is required"},
    {"negative speed limit", [](auto &s) { s.speed_limit = -1; }, "SpeedLimit", "0 or more"},
    {"insecure 2", [](auto &s) { s.insecure = 2; }, "Insecure", "0 or 1"},
    {"insecure -1", [](auto &s) { s.insecure = -1; }, "Insecure", "0 or 1"},
    {"need scan 5", [](auto &s) { s.need_scan = 5; }, "NeedScan", "0 or 1"},
    {"sync mode 2", [](auto &s) { s.sync_mode = 2; }, "SyncMode", "0 or 1"},
    {"empty registry version", [](auto &s) { s.registry_version = ""; }, "RegistryVersion", "must not be empty"},
    {"control char region", [](auto &s) { s.registry_region = "ap-\tguangzhou"; }, "RegistryRegion", "control"},
    {"conn detect NULL array", [](auto &s) { s.conn_detect_count = 1; }, "ConnDetectConfig", "is NULL"},
    {"conn detect empty item",
     [](auto &s) {
         s.conn_detect = cd_empty;
         s.conn_detect_count = 1;
     },
     "ConnDetectConfig[0]", "Quuid, Uuid or both"},
    {"conn detect control",
     [](auto &s) {
         s.conn_detect = cd_ctrl;
         s.conn_detect_count = 2;
     },
     "ConnDetectConfig[1].Quuid", "control"},
    {"conn detect too many",
     [](auto &s) {
         s.conn_detect = cd_many;
         s.conn_detect_count = 101;
     },
     "ConnDetectConfig", "at most 100"},
    {"webhook url bad", [](auto &s) { s.webhook_url = "javascript:alert(1)"; }, "WebhookUrl", "http:// or https://"},
    {"webhook token empty", [](auto &s) { s.webhook_token = ""; }, "WebhookToken", "must not be empty"},
    {"instance id control", [](auto &s) { s.instance_id = "tcr-\x7f"; }, "InstanceId", "control"},
};

void test_matrix(void **) {
    for (const Case &c : cases) {
        tcss_registry_spec s = good();
        c.mutate(s);
        std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
        if (!contains(msg, c.field) || !contains(msg, c.rule))
            fail_msg("%s: message \"%s\" should name %s and say %s", c.what, msg.c_str(), c.field, c.rule);
    }
}

void test_valid_specs_pass(void **) {
    tcss_registry_spec s = good();
    tcss::validate_spec(&s);  // the minimal spec
    static tcss_conn_detect cd[2] = {{"q1", nullptr}, {nullptr, "u2"}};
    s.name = "仓库-名前-\xF0\x9F\x90\xB3";  // CJK and an emoji
    s.url = "http://[::1]:5000/v2";
    s.registry_version = "V2";
    s.registry_region = "default";
    s.speed_limit = 0;
    s.insecure = 1;
    s.conn_detect = cd;
    s.conn_detect_count = 2;
    s.need_scan = 0;
    s.sync_mode = 1;
    s.webhook_url = "https://hooks.example.com/tcss";
    s.webhook_token = "tok\"en";
    s.instance_id = "tcr-abc123";
    tcss::validate_spec(&s);
    std::string max_name(256, 'x');
    s.name = max_name.c_str();
    tcss::validate_spec(&s);
}

void test_secret_never_in_message(void **) {
    tcss_registry_spec s = good();
    std::string secret = "SUPERSECRET\xff";  // invalid UTF-8 in a secret
    s.password = secret.c_str();
    std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
    assert_false(contains(msg, "SUPERSECRET"));
    s = good();
    std::string big(20000, 'S');
    s.password = big.c_str();
    msg = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
    assert_false(contains(msg, "SSSS"));
    assert_true(contains(msg, "Password"));
}

void test_null_and_version(void **) {
    std::string msg = expect_error(TCSS_EINVAL, [] { tcss::validate_spec(nullptr); });
    assert_true(contains(msg, "spec"));
    tcss_registry_spec s = good();
    s.version = 0;
    msg = expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
    assert_true(contains(msg, "spec.version"));
    s.version = 2;
    expect_error(TCSS_EINVAL, [&] { tcss::validate_spec(&s); });
}

void test_utf8(void **) {
    assert_true(tcss::is_valid_utf8(""));
    assert_true(tcss::is_valid_utf8("plain"));
    assert_true(tcss::is_valid_utf8("\xe6\x9c\xaa\xe5\x91\xbd\xe5\x90\x8d"));
    assert_true(tcss::is_valid_utf8("\xf4\x8f\xbf\xbf"));   // U+10FFFF
    assert_false(tcss::is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    assert_false(tcss::is_valid_utf8("\xe0\x80\x80"));      // overlong
    assert_false(tcss::is_valid_utf8("\x80"));              // lone continuation
    assert_false(tcss::is_valid_utf8("\xe6\x9c"));          // truncated
}

void test_quote_for_message(void **) {
    assert_string_equal(tcss::quote_for_message("a\"b\n").c_str(), "\"a\\x22b\\x0a\"");
    std::string long_text(100, 'z');
    std::string q = tcss::quote_for_message(long_text);
    assert_true(contains(q, "(100 bytes)"));
    assert_true(q.size() < 90);
}

}  // namespace

int main(void) {
    for (auto &c : cd_many) c = {"q", "u"};
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_valid_specs_pass),
        cmocka_unit_test(test_secret_never_in_message),
        cmocka_unit_test(test_null_and_version),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_quote_for_message),
    };
    return cmocka_run_group_tests_name("validate", tests, nullptr, nullptr);
}
