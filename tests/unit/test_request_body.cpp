// The JSON body: only set fields, exact bytes for every string (escaping
// round-trips), 64-bit integers exact, secrets maskable.
#include "request_body.hpp"
#include "unit.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cjson/cJSON.h>

#include <cstring>
#include <string>

namespace {

tcss_registry_spec minimal() {
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    s.name = "n";
    s.username = "u";
    s.password = "p";
    s.url = "https://r.example.com";
    s.registry_type = "quay";
    s.net_type = "public";
    return s;
}

std::string str(const tcss::SecretString &s) { return std::string(s.begin(), s.end()); }

void test_minimal_has_only_required_fields(void **) {
    tcss_registry_spec s = minimal();
    assert_string_equal(str(tcss::build_add_body(s)).c_str(),
                        "{\"Name\":\"n\",\"Username\":\"u\",\"Password\":\"p\",\"Url\":\"https://r.example.com\","
                        "\"RegistryType\":\"quay\",\"NetType\":\"public\"}");
}

void test_all_fields_and_types(void **) {
    tcss_registry_spec s = minimal();
    static tcss_conn_detect cd[2] = {{"q1", "u1"}, {nullptr, "u2"}};
    s.registry_version = "V2";
    s.registry_region = "default";
    s.speed_limit = 9007199254740993LL;  // not representable as a double
    s.insecure = 0;
    s.conn_detect = cd;
    s.conn_detect_count = 2;
    s.need_scan = 1;
    s.sync_mode = 0;
    s.webhook_url = "https://h.example.com";
    s.webhook_token = "wt";
    s.instance_id = "tcr-1";
    std::string body = str(tcss::build_add_body(s));
    assert_string_equal(body.c_str(),
                        "{\"Name\":\"n\",\"Username\":\"u\",\"Password\":\"p\",\"Url\":\"https://r.example.com\","
                        "\"RegistryType\":\"quay\",\"NetType\":\"public\",\"RegistryVersion\":\"V2\","
                        "\"RegistryRegion\":\"default\",\"SpeedLimit\":9007199254740993,\"Insecure\":0,"
                        "\"ConnDetectConfig\":[{\"Quuid\":\"q1\",\"Uuid\":\"u1\"},{\"Uuid\":\"u2\"}],"
                        "\"NeedScan\":true,\"SyncMode\":0,\"WebhookUrl\":\"https://h.example.com\","
                        "\"WebhookToken\":\"wt\",\"InstanceId\":\"tcr-1\"}");
    s.need_scan = 0;
    assert_true(contains(str(tcss::build_add_body(s)), "\"NeedScan\":false"));
}

// Whatever bytes the caller passes come back out of a JSON parser unchanged.
void test_escaping_round_trips(void **) {
    const char *hostile[] = {
        "\"},\"Password\":\"x",  // JSON injection
        "back\\slash\\\\",
        "quote\"quote",
        "tab\tnew\nline\rcr\x01\x1f",
        "未命名-レジストリ-\xF0\x9F\x90\xB3",
        "</script><!--",
        "\\u0000 literal",
        "\x7f del",
    };
    for (const char *h : hostile) {
        tcss_registry_spec s = minimal();
        s.password = h;  // secrets may hold control characters
        s.webhook_token = h;
        tcss::SecretString body = tcss::build_add_body(s);
        cJSON *j = cJSON_Parse(body.c_str());
        assert_non_null(j);
        assert_string_equal(cJSON_GetObjectItem(j, "Password")->valuestring, h);
        assert_string_equal(cJSON_GetObjectItem(j, "WebhookToken")->valuestring, h);
        assert_string_equal(cJSON_GetObjectItem(j, "Name")->valuestring, "n");
        assert_null(cJSON_GetObjectItem(j, "x"));
        cJSON_Delete(j);
    }
}

void test_large_body_fits(void **) {
    tcss_registry_spec s = minimal();
    std::string pw(tcss::FieldLimits::password, '\x01');  // worst case: 6 bytes each
    s.password = pw.c_str();
    static tcss_conn_detect cd[100];
    std::string q(128, '\x02');
    for (auto &c : cd) c = {q.c_str(), q.c_str()};
    s.conn_detect = cd;
    s.conn_detect_count = 100;
    tcss::SecretString body = tcss::build_add_body(s);
    cJSON *j = cJSON_Parse(body.c_str());
    assert_non_null(j);
    assert_int_equal(std::strlen(cJSON_GetObjectItem(j, "Password")->valuestring), pw.size());
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "ConnDetectConfig")), 100);
    cJSON_Delete(j);
}

void test_mask(void **) {
    tcss_registry_spec s = minimal();
    s.password = "hunter2-registry";
    s.webhook_token = "hook-token-xyz";
    std::string body = str(tcss::build_add_body(s, tcss::Secrets::Mask));
    assert_false(contains(body, "hunter2"));
    assert_false(contains(body, "hook-token"));
    assert_true(contains(body, "\"Password\":\"********\""));
    assert_true(contains(body, "\"WebhookToken\":\"********\""));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_has_only_required_fields),
        cmocka_unit_test(test_all_fields_and_types),
        cmocka_unit_test(test_escaping_round_trips),
        cmocka_unit_test(test_large_body_fits),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests_name("request_body", tests, nullptr, nullptr);
}
