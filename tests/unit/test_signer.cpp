// TC3-HMAC-SHA256 signer and the crypto helpers under it.
//
// The signing suite lives on disk (tests/unit/data/signing/<case>/, see the
// README there), one CMocka test per case folder found at run time, every
// stage asserted: payload hash, canonical request, its hash, date and scope,
// string to sign, derived keys where published, signature, Authorization
// header.
#include "crypto.hpp"
#include "error.hpp"
#include "secret.hpp"
#include "signer.hpp"

#include <tcss/tcss.h>

#include <cjson/cJSON.h>

#include <algorithm>
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

extern "C" {
#include <cmocka.h>
}

namespace {

using tcss::SignInput;
using tcss::SignStages;

// The suite's folder; `unit_test_signer DIR` runs another one (the discovery
// tests in CMakeLists.txt use an empty one and a copy with a case added).
std::string kSuite = std::string(TCSS_TEST_DATA_DIR) + "/signing/";

std::optional<std::string> read_optional(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string read_required(const std::string &path) {
    auto text = read_optional(path);
    if (!text) fail_msg("cannot read %s", path.c_str());
    return *text;
}

void assert_str_eq(const std::string &actual, const std::string &expected, const char *what) {
    if (actual != expected)
        fail_msg("%s differs:\n--- expected ---\n%s\n--- actual ---\n%s", what, expected.c_str(), actual.c_str());
}

// Runs f and asserts it throws tcss::Error with `code`; returns the message.
template <typename F>
std::string expect_error(int code, F &&f) {
    try {
        f();
    } catch (const tcss::Error &e) {
        assert_int_equal(e.code(), code);
        return e.what();
    }
    fail_msg("expected tcss::Error %d, nothing was thrown", code);
    return {};
}

std::string json_string(const cJSON *obj, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(item)) fail_msg("context.json: \"%s\" missing or not a string", key);
    return item->valuestring;
}

// The case's inputs; the payload and key strings outlive the SignInput that
// views them.
struct Case {
    std::string payload;
    std::string secret_key;
    SignInput in;
};

void load_case(const std::string &dir, Case &c) {
    const std::string text = read_required(dir + "context.json");
    cJSON *ctx = cJSON_Parse(text.c_str());
    if (ctx == nullptr) fail_msg("%scontext.json is not JSON", dir.c_str());
    c.in.method = json_string(ctx, "method");
    c.in.query = json_string(ctx, "query");
    c.in.host = json_string(ctx, "host");
    c.in.content_type = json_string(ctx, "content_type");
    c.in.service = json_string(ctx, "service");
    c.in.secret_id = json_string(ctx, "secret_id");
    c.secret_key = json_string(ctx, "secret_key");
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(ctx, "timestamp");
    assert_true(cJSON_IsNumber(ts));
    c.in.timestamp = static_cast<std::int64_t>(ts->valuedouble);
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(ctx, "extra_headers");
    assert_true(cJSON_IsArray(extra));
    const cJSON *pair = nullptr;
    cJSON_ArrayForEach(pair, extra) {
        assert_true(cJSON_IsArray(pair) && cJSON_GetArraySize(pair) == 2);
        const cJSON *name = cJSON_GetArrayItem(pair, 0), *value = cJSON_GetArrayItem(pair, 1);
        assert_true(cJSON_IsString(name) && cJSON_IsString(value));
        c.in.extra_headers.emplace_back(name->valuestring, value->valuestring);
    }
    cJSON_Delete(ctx);
    c.payload = read_required(dir + "payload");
    c.in.payload = c.payload;
    c.in.secret_key = c.secret_key;
}

void run_signing_case(void **state) {
    const std::string name = static_cast<const char *>(*state);
    const std::string dir = kSuite + name + "/";
    Case c;
    load_case(dir, c);

    const std::string published_cr_hash = read_required(dir + "canonical-request.sha256");
    const std::string expected_cr = read_required(dir + "canonical-request");
    const std::string expected_sts = read_required(dir + "string-to-sign");
    const std::string expected_sig = read_required(dir + "signature");
    const std::string expected_auth = read_required(dir + "authorization");

    // The suite itself: the hand-built canonical request must hash to the
    // published value, and so must the payload where its hash was published.
    assert_str_eq(tcss::hex(tcss::sha256(expected_cr)), published_cr_hash,
                  "sha256 of the canonical-request file vs the published hash");
    if (auto payload_hash = read_optional(dir + "payload.sha256"))
        assert_str_eq(tcss::hex(tcss::sha256(c.payload)), *payload_hash, "payload sha256");

    const SignStages st = tcss::tc3_sign(c.in);

    assert_str_eq(st.canonical_request, expected_cr, "canonical request");
    assert_str_eq(st.canonical_request_hash, published_cr_hash, "canonical request hash");
    assert_str_eq(st.date, tcss::utc_date(c.in.timestamp), "date");
    assert_str_eq(st.scope, st.date + "/" + c.in.service + "/tc3_request", "scope");
    assert_str_eq(st.string_to_sign, expected_sts, "string to sign");
    if (auto keys_text = read_optional(dir + "keys.json")) {
        cJSON *keys = cJSON_Parse(keys_text->c_str());
        assert_non_null(keys);
        assert_str_eq(tcss::hex(st.k_date), json_string(keys, "kDate"), "kDate");
        assert_str_eq(tcss::hex(st.k_service), json_string(keys, "kService"), "kService");
        assert_str_eq(tcss::hex(st.k_signing), json_string(keys, "kSigning"), "kSigning");
        cJSON_Delete(keys);
    }
    assert_str_eq(st.signature, expected_sig, "signature");
    assert_str_eq(st.authorization, expected_auth, "authorization");

    // signed_headers is the SignedHeaders= part of the header.
    const std::string marker = ", SignedHeaders=";
    const auto from = expected_auth.find(marker) + marker.size();
    assert_str_eq(st.signed_headers, expected_auth.substr(from, expected_auth.find(',', from) - from),
                  "signed headers");
}

/* ---- crypto helpers --------------------------------------------------- */

void test_sha256_known_answers(void **) {
    // FIPS 180-2 examples.
    assert_str_eq(tcss::hex(tcss::sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                  "sha256(\"\")");
    assert_str_eq(tcss::hex(tcss::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                  "sha256(abc)");
    // Embedded NULs are data, not terminators.
    const std::string with_nul("a\0b", 3);
    assert_string_not_equal(tcss::hex(tcss::sha256(with_nul)).c_str(), tcss::hex(tcss::sha256("a")).c_str());
}

void test_hmac_sha256_rfc4231(void **) {
    // RFC 4231 test case 2 (short key) and 6 (key longer than the block).
    assert_str_eq(tcss::hex(tcss::hmac_sha256("Jefe", "what do ya want for nothing?")),
                  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "RFC 4231 #2");
    const std::string long_key(131, '\xaa');
    assert_str_eq(tcss::hex(tcss::hmac_sha256(long_key, "Test Using Larger Than Block-Size Key - Hash Key First")),
                  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "RFC 4231 #6");
    // An empty key and empty data are valid HMAC inputs.
    assert_str_eq(tcss::hex(tcss::hmac_sha256("", "")),
                  "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "HMAC(\"\", \"\")");
}

void test_hex_is_lower_case_and_complete(void **) {
    const std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff, 0x10};
    assert_str_eq(tcss::hex(bytes, sizeof bytes), "000fa5ff10", "hex");
    assert_str_eq(tcss::hex(bytes, 0), "", "hex of nothing");
}

void test_zeroize_wipes(void **) {
    unsigned char buf[37];
    std::memset(buf, 0xab, sizeof buf);
    tcss::zeroize(buf + 1, 35);
    assert_int_equal(buf[0], 0xab);
    for (std::size_t i = 1; i < 36; ++i) assert_int_equal(buf[i], 0);
    assert_int_equal(buf[36], 0xab);
    tcss::zeroize(nullptr, 0);  // must be harmless
    tcss::zeroize(buf, 0);
    assert_int_equal(buf[0], 0xab);

    tcss::SecretString s("a secret longer than the small-string buffer");
    s.wipe();
    assert_true(s.empty());
}

/* ---- utc_date --------------------------------------------------------- */

void test_utc_date_boundaries(void **) {
    struct {
        std::int64_t ts;
        const char *date;
    } const cases[] = {
        {0, "1970-01-01"},
        {-1, "1969-12-31"},  // floor, not truncation toward zero
        {-86400, "1969-12-31"},
        {-86401, "1969-12-30"},
        {86399, "1970-01-01"},
        {86400, "1970-01-02"},
        {1551113065, "2019-02-25"},  // the doc vector
        {1539084154, "2018-10-09"},
        {1640995199, "2021-12-31"},  // year boundary
        {1640995200, "2022-01-01"},
        {1704067199, "2023-12-31"},
        {1704067200, "2024-01-01"},
        {1709164799, "2024-02-28"},  // leap day, ordinary leap year
        {1709164800, "2024-02-29"},
        {1709251199, "2024-02-29"},
        {1709251200, "2024-03-01"},
        {951782400, "2000-02-29"},  // divisible by 400: leap
        {951868800, "2000-03-01"},
        {4107542399, "2100-02-28"},  // divisible by 100 only: not leap
        {4107542400, "2100-03-01"},
        {-2203891200, "1900-03-01"},  // 1900 not leap: 02-28 is followed by 03-01
        {-2203891201, "1900-02-28"},
        {2147483647, "2038-01-19"},  // past the 32-bit time_t limit
        {2147483648, "2038-01-19"},
        {253402300799, "9999-12-31"},
        {253402300800, "10000-01-01"},
        {-62135596800, "0001-01-01"},
        {-62135596801, "0000-12-31"},
        {-62167219200, "0000-01-01"},
        {-62167219201, "-0001-12-31"},
        // The ends of int64 seconds, as Go's time package and glibc print them.
        {std::numeric_limits<std::int64_t>::max(), "292277026596-12-04"},
        {std::numeric_limits<std::int64_t>::min(), "-292277022657-01-27"},
    };
    for (const auto &c : cases) {
        const std::string got = tcss::utc_date(c.ts);
        if (got != c.date)
            fail_msg("utc_date(%lld) = %s, expected %s", static_cast<long long>(c.ts), got.c_str(), c.date);
    }
}

// Cross-checks every day's first and last second from 1600 to 2400 against
// glibc's gmtime_r, which covers every month length and leap rule.
void test_utc_date_matches_gmtime(void **) {
    const std::int64_t first_day = -134774;  // 1601-01-01
    const std::int64_t last_day = 157114;    // 2400-03-01
    for (std::int64_t day = first_day; day <= last_day; ++day) {
        for (std::int64_t ts : {day * 86400, day * 86400 + 86399}) {
            const std::time_t t = static_cast<std::time_t>(ts);
            struct tm tm {};
            assert_non_null(gmtime_r(&t, &tm));
            char want[32];
            std::snprintf(want, sizeof want, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
            const std::string got = tcss::utc_date(ts);
            if (got != want)
                fail_msg("utc_date(%lld) = %s, gmtime_r says %s", static_cast<long long>(ts), got.c_str(), want);
        }
    }
}

/* ---- canonicalisation and input checks ------------------------------- */

// The doc's x-tc-action vector, but with every header name and value in
// mixed case and padded with spaces and tabs: the canonical request and the
// signature must come out identical to the published ones.
void test_headers_lower_cased_and_trimmed(void **) {
    const std::string dir = kSuite + "doc-x-tc-action/";
    Case c;
    load_case(dir, c);
    c.in.content_type = " \tApplication/JSON; Charset=UTF-8  ";
    c.in.host = "  CVM.TencentCloudAPI.com\t";
    c.in.extra_headers = {{"\t X-Tc-ACTION ", "  DescribeInstances \t"}};
    const SignStages st = tcss::tc3_sign(c.in);
    assert_str_eq(st.canonical_request, read_required(dir + "canonical-request"), "canonical request");
    assert_str_eq(st.signed_headers, "content-type;host;x-tc-action", "signed headers");
    assert_str_eq(st.signature, read_required(dir + "signature"), "signature");
}

// Signed header names come out sorted, whatever order they were given in.
void test_signed_headers_sorted(void **) {
    const std::string key = "k";
    SignInput in;
    in.host = "tcss.tencentcloudapi.com";
    in.content_type = "application/json";
    in.extra_headers = {{"X-TC-Version", "2020-11-01"}, {"Accept", "*/*"}, {"X-TC-Action", "AddX"}};
    in.service = "tcss";
    in.timestamp = 1700000000;
    in.secret_id = "AKIDTEST";
    in.secret_key = key;
    const SignStages st = tcss::tc3_sign(in);
    assert_str_eq(st.signed_headers, "accept;content-type;host;x-tc-action;x-tc-version", "signed headers");
    const std::string headers_block = "accept:*/*\ncontent-type:application/json\nhost:tcss.tencentcloudapi.com\n"
                                      "x-tc-action:addx\nx-tc-version:2020-11-01\n\n";
    assert_true(st.canonical_request.find(headers_block) != std::string::npos);
    assert_str_eq(st.scope, "2023-11-14/tcss/tc3_request", "scope");
    assert_true(st.authorization.find("Credential=AKIDTEST/2023-11-14/tcss/tc3_request, "
                                      "SignedHeaders=accept;content-type;host;x-tc-action;x-tc-version, "
                                      "Signature=" +
                                      st.signature) != std::string::npos);
}

// One byte of difference anywhere signed changes the signature.
void test_every_input_is_signed(void **) {
    const std::string dir = kSuite + "node-sdk/";
    Case base;
    load_case(dir, base);
    const std::string sig = tcss::tc3_sign(base.in).signature;

    auto differs = [&](auto mutate) {
        Case c;
        load_case(dir, c);
        std::string changed_payload = c.payload + " ";
        std::string changed_key = c.secret_key + "x";
        mutate(c, changed_payload, changed_key);
        assert_string_not_equal(tcss::tc3_sign(c.in).signature.c_str(), sig.c_str());
    };
    differs([](Case &c, std::string &p, std::string &) { c.in.payload = p; });
    differs([](Case &c, std::string &, std::string &k) { c.in.secret_key = k; });
    differs([](Case &c, std::string &, std::string &) { c.in.timestamp += 1; });
    differs([](Case &c, std::string &, std::string &) { c.in.service = "tcss"; });
    differs([](Case &c, std::string &, std::string &) { c.in.host = "cvm.intl.tencentcloudapi.com"; });
    differs([](Case &c, std::string &, std::string &) { c.in.content_type += "; charset=utf-8"; });
    differs([](Case &c, std::string &, std::string &) { c.in.query = "a=b"; });
    differs([](Case &c, std::string &, std::string &) { c.in.method = "GET"; });
    differs([](Case &c, std::string &, std::string &) { c.in.extra_headers.push_back({"x-tc-action", "a"}); });
}

void test_rejects_bad_input(void **) {
    const std::string key = "k";
    auto base = [&key] {
        SignInput in;
        in.host = "tcss.tencentcloudapi.com";
        in.content_type = "application/json";
        in.service = "tcss";
        in.timestamp = 1700000000;
        in.secret_id = "AKIDTEST";
        in.secret_key = key;
        return in;
    };
    SignInput in = base();
    in.extra_headers = {{"Host", "other"}};
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.extra_headers = {{"x-a", "1"}, {" X-A", "2"}};
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.extra_headers = {{"x-a", "1\r\nx-b: 2"}};
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.extra_headers = {{"  ", "1"}};
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.host = " ";
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.service = "a/b";
    expect_error(TCSS_EINVAL, [&] { tcss::tc3_sign(in); });
    in = base();
    in.secret_id = "";
    expect_error(TCSS_ECREDENTIALS, [&] { tcss::tc3_sign(in); });
    in = base();
    in.secret_id = "AKID, Signature=forged";
    expect_error(TCSS_ECREDENTIALS, [&] { tcss::tc3_sign(in); });
    in = base();
    const std::string empty;
    in.secret_key = empty;
    const std::string msg = expect_error(TCSS_ECREDENTIALS, [&] { tcss::tc3_sign(in); });
    assert_true(msg.find("SecretKey") != std::string::npos);
}

// The derived keys are wiped when the stages go away. The object lives in a
// buffer we own, so its bytes can be inspected after the destructor ran.
void test_stages_destructor_wipes_keys(void **) {
    const std::string dir = kSuite + "doc-content-type-host/";
    Case c;
    load_case(dir, c);
    alignas(SignStages) unsigned char storage[sizeof(SignStages)];
    auto *st = new (storage) SignStages(tcss::tc3_sign(c.in));
    const unsigned char *keys[] = {st->k_date.data(), st->k_service.data(), st->k_signing.data()};
    assert_str_eq(tcss::hex(st->k_signing), "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1",
                  "kSigning before");
    st->~SignStages();
    for (const unsigned char *k : keys)
        for (std::size_t i = 0; i < 32; ++i) assert_int_equal(k[i], 0);
}

// Every folder under data/signing/ is one signing case, found at run time:
// adding a case is adding a folder (see the README there). The count found
// is printed, and finding none is a failure, so a moved or empty suite
// cannot pass silently.
std::vector<std::string> discover_signing_cases() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(kSuite, ec)) {
        if (entry.is_directory(ec)) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1) kSuite = std::string(argv[1]) + "/";
    const std::vector<std::string> names = discover_signing_cases();
    std::printf("signing cases found in %s: %zu\n", kSuite.c_str(), names.size());
    std::fflush(stdout);
    if (names.empty()) {
        std::fprintf(stderr, "no signing case found in %s: expected one folder per case\n", kSuite.c_str());
        return 1;
    }
    std::vector<std::string> titles;
    titles.reserve(names.size());
    std::vector<CMUnitTest> tests;
    for (const std::string &name : names) {
        titles.push_back("signing/" + name);
        tests.push_back({titles.back().c_str(), run_signing_case, nullptr, nullptr, const_cast<char *>(name.c_str())});
    }
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_sha256_known_answers),
        cmocka_unit_test(test_hmac_sha256_rfc4231),
        cmocka_unit_test(test_hex_is_lower_case_and_complete),
        cmocka_unit_test(test_zeroize_wipes),
        cmocka_unit_test(test_utc_date_boundaries),
        cmocka_unit_test(test_utc_date_matches_gmtime),
        cmocka_unit_test(test_headers_lower_cased_and_trimmed),
        cmocka_unit_test(test_signed_headers_sorted),
        cmocka_unit_test(test_every_input_is_signed),
        cmocka_unit_test(test_rejects_bad_input),
        cmocka_unit_test(test_stages_destructor_wipes_keys),
    };
    tests.insert(tests.end(), std::begin(fixed), std::end(fixed));
    return _cmocka_run_group_tests("signer", tests.data(), tests.size(), nullptr, nullptr);
}
