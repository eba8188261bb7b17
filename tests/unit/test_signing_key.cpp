// The per-day signing key the client caches: derive_signing_key() gives the
// published kSigning, and signing with it is the same as deriving inline.
#include "crypto.hpp"
#include "signer.hpp"
#include "unit.hpp"

#include <string>

namespace {

tcss::SignInput doc_vector() {
    // the "Signature v3" page's example (content-type;host, cvm, 2019-02-25).
    static const std::string payload =
        "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    tcss::SignInput in;
    in.host = "cvm.tencentcloudapi.com";
    in.content_type = "application/json; charset=utf-8";
    in.payload = payload;
    in.service = "cvm";
    in.timestamp = 1551113065;
    in.secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    in.secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    return in;
}

void test_derive_matches_published_k_signing(void **) {
    tcss::Digest k = tcss::derive_signing_key("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm");
    assert_string_equal(tcss::hex(k).c_str(), "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1");
}

void test_cached_key_signs_identically(void **) {
    tcss::SignInput in = doc_vector();
    tcss::SignStages derived = tcss::tc3_sign(in);
    assert_string_equal(derived.signature.c_str(), "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    tcss::Digest k = tcss::derive_signing_key(in.secret_key, "2019-02-25", "cvm");
    in.signing_key = &k;
    tcss::SignStages cached = tcss::tc3_sign(in);
    assert_string_equal(cached.signature.c_str(), derived.signature.c_str());
    assert_string_equal(cached.authorization.c_str(), derived.authorization.c_str());
    // A key for another day gives another signature: the cache must be per date.
    tcss::Digest other = tcss::derive_signing_key(in.secret_key, "2019-02-26", "cvm");
    in.signing_key = &other;
    assert_string_not_equal(tcss::tc3_sign(in).signature.c_str(), derived.signature.c_str());
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_matches_published_k_signing),
        cmocka_unit_test(test_cached_key_signs_identically),
    };
    return cmocka_run_group_tests_name("signing_key", tests, nullptr, nullptr);
}
