// Response parsing: the success shape, the error envelope, and every kind of
// malformed answer turning into TCSS_EBADRESPONSE with the HTTP status.
#include "response.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <string>

namespace {

void test_success(void **) {
    auto r = tcss::parse_add_response(
        R"({"Response":{"HealthCheckErr":"connect closed","NameRepeatErr":"","RegistryId":1002,)"
        R"("RequestId":"f8d97649-ca1b-4f94-8ed4-40052a40d426"}})",
        200);
    assert_false(r.is_error);
    assert_int_equal(r.registry_id, 1002);
    assert_string_equal(r.request_id.c_str(), "f8d97649-ca1b-4f94-8ed4-40052a40d426");
    assert_string_equal(r.health_check_err.c_str(), "connect closed");
    assert_string_equal(r.name_repeat_err.c_str(), "");
}

void test_optional_strings_absent_or_null(void **) {
    auto r = tcss::parse_add_response(R"({"Response":{"RegistryId":7,"RequestId":"r","NameRepeatErr":null}})", 200);
    assert_int_equal(r.registry_id, 7);
    assert_true(r.health_check_err.empty());
    assert_true(r.name_repeat_err.empty());
    r = tcss::parse_add_response(" \n{\"Response\":{\"RegistryId\":0,\"RequestId\":\"r\",\"NameRepeatErr\":\"dup\"}}\n",
                                 200);
    assert_string_equal(r.name_repeat_err.c_str(), "dup");
    // RegistryId is optional too (every member is, in the SDKs' models): 0,
    // and add_registry looks the registry up by name.
    for (const char *body : {R"({"Response":{"RequestId":"r","NameRepeatErr":"dup"}})",
                             R"({"Response":{"RequestId":"r","RegistryId":null}})"})
        assert_int_equal(tcss::parse_add_response(body, 200).registry_id, 0);
}

void test_error_envelope(void **) {
    auto r = tcss::parse_add_response(
        R"({"Response":{"Error":{"Code":"InvalidParameter.MissingParameter","Message":"Name is missing"},)"
        R"("RequestId":"abc"}})",
        200);
    assert_true(r.is_error);
    assert_string_equal(r.error_code.c_str(), "InvalidParameter.MissingParameter");
    assert_string_equal(r.error_message.c_str(), "Name is missing");
    assert_string_equal(r.request_id.c_str(), "abc");
    tcss::ApiResponse env;
    assert_true(tcss::parse_error_envelope(R"({"Response":{"Error":{"Code":"InternalError"},"RequestId":"x"}})", env));
    assert_string_equal(env.error_code.c_str(), "InternalError");
    assert_false(tcss::parse_error_envelope("<html>502</html>", env));
    assert_false(tcss::parse_error_envelope(R"({"Response":{"RegistryId":1}})", env));
}

void test_malformed(void **) {
    const char *bad[] = {
        "",
        "<html><body>502 Bad Gateway</body></html>",
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":\"r\"",  // truncated
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":\"r\"}} trailing",
        "[]",
        "null",
        "{\"Resp\":{}}",
        "{\"Response\":[]}",
        "{\"Response\":{\"RegistryId\":\"1002\",\"RequestId\":\"r\"}}",
        "{\"Response\":{\"RegistryId\":1.5,\"RequestId\":\"r\"}}",
        "{\"Response\":{\"RegistryId\":-3,\"RequestId\":\"r\"}}",
        "{\"Response\":{\"RegistryId\":1e300,\"RequestId\":\"r\"}}",
        "{\"Response\":{\"RegistryId\":1}}",  // no RequestId
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":5}}",
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":\"r\",\"HealthCheckErr\":3}}",
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":\"r\",\"NameRepeatErr\":{}}}",
        "{\"Response\":{\"Error\":{\"Message\":\"no code\"},\"RequestId\":\"r\"}}",
        "{\"Response\":{\"Error\":\"flat\",\"RequestId\":\"r\"}}",
        "\xff\xfe{}",
    };
    for (const char *b : bad) {
        std::string msg = expect_error(TCSS_EBADRESPONSE, [&] { tcss::parse_add_response(b, 200); });
        if (!contains(msg, "HTTP 200")) fail_msg("message \"%s\" lacks the HTTP status", msg.c_str());
    }
}

void test_deep_nesting_and_huge(void **) {
    std::string deep(100000, '[');
    expect_error(TCSS_EBADRESPONSE, [&] { tcss::parse_add_response(deep, 200); });
    std::string huge =
        "{\"Response\":{\"RegistryId\":1,\"RequestId\":\"" + std::string(tcss::kMaxResponseBytes, 'r') + "\"}}";
    std::string msg = expect_error(TCSS_EBADRESPONSE, [&] { tcss::parse_add_response(huge, 200); });
    assert_true(contains(msg, "larger than"));
}

void test_status_in_error_info(void **) {
    try {
        tcss::parse_add_response("oops", 502);
        fail();
    } catch (const tcss::Error &e) {
        assert_int_equal(e.info().http_status, 502);
    }
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),
        cmocka_unit_test(test_optional_strings_absent_or_null),
        cmocka_unit_test(test_error_envelope),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_deep_nesting_and_huge),
        cmocka_unit_test(test_status_in_error_info),
    };
    return cmocka_run_group_tests_name("response", tests, nullptr, nullptr);
}
