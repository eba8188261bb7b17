// Response.RegistryId is an int64 on the service side; cJSON reads numbers as
// doubles, exact only up to 2^53. Ids above that must come out exactly (read
// from the number's text), and the text must be found whatever JSON spelling
// the service uses around it: escaped keys, duplicate keys, nested values,
// a BOM, odd white space.
#include "response.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <string>

namespace {

long long id_of(const std::string &body) { return tcss::parse_add_response(body, 200).registry_id; }

std::string wrap(const std::string &id_text) {
    return R"({"Response":{"RequestId":"r","RegistryId":)" + id_text + "}}";
}

void test_above_2_pow_53_is_exact(void **) {
    assert_true(id_of(wrap("9007199254740993")) == 9007199254740993LL);
    assert_true(id_of(wrap("9007199254740992")) == 9007199254740992LL);
    assert_true(id_of(wrap("18014398509481985")) == 18014398509481985LL);
    assert_true(id_of(wrap("9223372036854775807")) == 9223372036854775807LL);
    assert_true(id_of(wrap("0")) == 0);
    assert_true(id_of(wrap("1002")) == 1002);
}

void test_above_int64_is_refused(void **) {
    for (const char *t : {"9223372036854775808", "18446744073709551616", "99999999999999999999"}) {
        const std::string msg = expect_error(TCSS_EBADRESPONSE, [&] { id_of(wrap(t)); });
        assert_true(contains(msg, "RegistryId"));
    }
}

// Other spellings cJSON accepts keep their old meaning, but only where the
// double is exact: nothing at or above 2^53 is ever guessed.
void test_fraction_and_exponent_spellings(void **) {
    assert_true(id_of(wrap("1e3")) == 1000);
    assert_true(id_of(wrap("12.0")) == 12);
    assert_true(id_of(wrap("-0")) == 0);
    for (const char *t : {"9007199254740993.0", "9.007199254740993e15", "1e17", "1.5", "-1"})
        expect_error(TCSS_EBADRESPONSE, [&] { id_of(wrap(t)); });
}

// The number's text is found by position, so every layout cJSON accepts
// gives the exact value of the member cJSON itself picked.
void test_text_found_in_any_layout(void **) {
    const char *bodies[] = {
        "{\"Response\":{\"Registry\\u0049d\":9007199254740993,\"RequestId\":\"r\"}}",
        "{\"Response\":{\"X\":{\"a\":[1,\"}\\\"]\",{},[[]]]},\"s\":\"\\\\\",\"RegistryId\":9007199254740993,"
        "\"RequestId\":\"r\"}}",
        "\xEF\xBB\xBF {\"Response\" :\n{ \"RegistryId\"\t:\t9007199254740993 ,\"RequestId\":\"r\"} }\n",
        "{\"Response\":{\"RegistryId\":\x01 9007199254740993\x02,\"RequestId\":\"r\"}}",
        "{\"Other\":{\"RegistryId\":5},\"Response\":{\"n\":null,\"t\":true,\"f\":-1.5e3,"
        "\"RegistryId\":9007199254740993,\"RequestId\":\"r\"}}",
        "{\"Response\":{\"RegistryId\":1},\"Response\":{\"RegistryId\":2}}",  // first wins, as cJSON
    };
    for (std::size_t i = 0; i + 1 < sizeof bodies / sizeof *bodies; ++i) {
        const long long got = id_of(bodies[i]);
        if (got != 9007199254740993LL) fail_msg("body %zu: got %lld", i, got);
    }
    expect_error(TCSS_EBADRESPONSE, [&] { id_of(bodies[5]); });  // first Response has no RequestId
    assert_true(id_of("{\"Response\":{\"RegistryId\":9007199254740993,\"RequestId\":\"r\","
                      "\"RegistryId\":7}}") == 9007199254740993LL);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_above_2_pow_53_is_exact),
        cmocka_unit_test(test_above_int64_is_refused),
        cmocka_unit_test(test_fraction_and_exponent_spellings),
        cmocka_unit_test(test_text_found_in_any_layout),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
