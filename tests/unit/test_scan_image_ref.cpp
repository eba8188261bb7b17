// --image: the OCI reference grammar, the errors it gives (naming --image and
// the rule), and matching TCSS image rows, the digest winning over the tag.
#include "scan/image_ref.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <string>
#include <vector>

namespace {

using tcss::scan::ImageRef;
using tcss::scan::ImageRow;
using tcss::scan::parse_image_ref;
using tcss::scan::RowMatch;

const std::string kDigest = "sha256:" + std::string(64, 'a');
const std::string kOther = "sha256:" + std::string(64, 'b');

void test_parses_host_path_tag_digest(void **) {
    ImageRef r = parse_image_ref("harbor.example.com/team/app:1.2.3@" + kDigest);
    assert_string_equal(r.host.c_str(), "harbor.example.com");
    assert_string_equal(r.repository.c_str(), "team/app");
    assert_string_equal(r.tag.c_str(), "1.2.3");
    assert_string_equal(r.digest.c_str(), kDigest.c_str());
    assert_string_equal(r.address().c_str(), "harbor.example.com/team/app");
    assert_string_equal(r.str().c_str(), ("harbor.example.com/team/app:1.2.3@" + kDigest).c_str());
}

void test_parses_port_ipv6_localhost_and_digest_only(void **) {
    ImageRef r = parse_image_ref("registry.local:5000/a/b/c:latest");
    assert_string_equal(r.host.c_str(), "registry.local:5000");
    assert_string_equal(r.repository.c_str(), "a/b/c");
    assert_string_equal(r.tag.c_str(), "latest");
    r = parse_image_ref("localhost/app@" + kDigest);
    assert_string_equal(r.host.c_str(), "localhost");
    assert_true(r.tag.empty());
    assert_string_equal(r.digest.c_str(), kDigest.c_str());
    r = parse_image_ref("[::1]:5000/app:v1");
    assert_string_equal(r.host.c_str(), "[::1]:5000");
    r = parse_image_ref("127.0.0.1:5000/my_app/x-y.z__w:V1_a.b-c");
    assert_string_equal(r.repository.c_str(), "my_app/x-y.z__w");
    assert_string_equal(r.tag.c_str(), "V1_a.b-c");
    r = parse_image_ref("Harbor.Example.COM/a---b:t");  // hosts may be upper case, runs of '-' join
    assert_string_equal(r.repository.c_str(), "a---b");
}

void expect_refused(const std::string &text, const char *rule) {
    const std::string msg = expect_error(TCSS_EINVAL, [&] { parse_image_ref(text); });
    if (!contains(msg, "--image: ") || !contains(msg, rule))
        fail_msg("for %s: message %s does not name --image and '%s'", text.c_str(), msg.c_str(), rule);
}

void test_refuses_bad_references_naming_the_rule(void **) {
    expect_refused("", "must not be empty");
    expect_refused("nginx:latest", "must start with the registry host");
    expect_refused("library/nginx:latest", "must start with the registry host");
    expect_refused("harbor.example.com/app", "needs a :TAG, an @sha256:DIGEST or both");
    expect_refused("harbor.example.com/App:1", "lower-case");
    expect_refused("harbor.example.com//app:1", "no empty component");
    expect_refused("harbor.example.com/app_:1", "path component");
    expect_refused("harbor.example.com/a___b:1", "path component");
    expect_refused("harbor.example.com/-a:1", "path component");
    expect_refused("harbor.example.com/a.-b:1", "path component");
    expect_refused("harbor.example.com/app:.bad", "the tag");
    expect_refused("harbor.example.com/app:" + std::string(129, 'a'), "the tag");
    expect_refused("harbor.example.com/app:t@sha256:abc", "the digest");
    expect_refused("harbor.example.com/app@sha512:" + std::string(128, 'a'), "the digest");
    expect_refused("harbor.example.com/app@sha256:" + std::string(64, 'A'), "the digest");
    expect_refused("harbor.example.com/app:t@" + kDigest + "@" + kDigest, "the digest");
    expect_refused("-bad.example.com/app:1", "registry host");
    expect_refused("host.example.com:99999x/app:1", "registry host");
    expect_refused("host..example.com/app:1", "registry host");
    expect_refused("harbor.example.com/app:1 ", "printable ASCII");
    expect_refused("harbor.example.com/app:1\n", "printable ASCII");
    expect_refused("harbor.example.com/" + std::string(250, 'a') + ":1", "at most 255 bytes");
    // An error message quotes what was given, with control bytes escaped.
    const std::string msg = expect_error(TCSS_EINVAL, [] { parse_image_ref("a\x1b[31m/b:1"); });
    assert_false(contains(msg, "\x1b"));
}

void test_255_bytes_is_the_limit(void **) {
    const std::string host = "h.example.com/";
    const std::string name = host + std::string(255 - host.size(), 'a');
    assert_int_equal(parse_image_ref(name + ":1").repository.size(), 255 - host.size());
    expect_refused(name + "a:1", "at most 255 bytes");
}

ImageRow row(std::string address, std::string tag, std::string digest, bool latest = false) {
    return ImageRow{std::move(address), std::move(tag), std::move(digest), latest};
}

void test_match_by_tag_and_by_digest(void **) {
    const ImageRef by_tag = parse_image_ref("harbor.example.com/team/app:1.0");
    const ImageRef by_digest = parse_image_ref("harbor.example.com/team/app:1.0@" + kDigest);
    const ImageRef digest_only = parse_image_ref("harbor.example.com/team/app@" + kDigest);
    using tcss::scan::match_row;
    assert_true(match_row(by_tag, row("harbor.example.com/team/app", "1.0", kOther)) == RowMatch::Tag);
    assert_true(match_row(by_tag, row("harbor.example.com/team/app", "1.1", kDigest)) == RowMatch::None);
    // The digest decides alone: the tag moved, or the row shows another tag.
    assert_true(match_row(by_digest, row("harbor.example.com/team/app", "2.0", kDigest)) == RowMatch::Digest);
    assert_true(match_row(by_digest, row("harbor.example.com/team/app", "1.0", kOther)) == RowMatch::None);
    assert_true(match_row(digest_only, row("harbor.example.com/team/app", "", kDigest)) == RowMatch::Digest);
    // Address: host without regard to case, scheme and trailing '/' ignored, repository exact.
    assert_true(match_row(by_tag, row("https://HARBOR.example.com/team/app/", "1.0", "")) == RowMatch::Tag);
    assert_true(match_row(by_tag, row("harbor.example.com/team/App", "1.0", "")) == RowMatch::None);
    assert_true(match_row(by_tag, row("harbor.example.com/team/app/sub", "1.0", "")) == RowMatch::None);
    assert_true(match_row(by_tag, row("other.example.com/team/app", "1.0", "")) == RowMatch::None);
    assert_true(match_row(by_tag, row("harbor.example.com", "1.0", "")) == RowMatch::None);
    assert_true(match_row(by_tag, row("", "", "")) == RowMatch::None);
}

void test_select_row_prefers_digest_then_latest(void **) {
    using tcss::scan::select_row;
    const std::vector<ImageRow> rows = {
        row("h.example.com/app", "1.0", kOther),
        row("h.example.com/app", "1.0", kDigest, true),
        row("h.example.com/app", "1.0", kOther),
    };
    assert_int_equal(select_row(parse_image_ref("h.example.com/app@" + kDigest), rows), 1);
    assert_int_equal(select_row(parse_image_ref("h.example.com/app:1.0"), rows), 1);
    const std::vector<ImageRow> no_latest = {row("h.example.com/x", "1.0", ""), row("h.example.com/app", "1.0", kOther),
                                             row("h.example.com/app", "1.0", "")};
    assert_int_equal(select_row(parse_image_ref("h.example.com/app:1.0"), no_latest), 1);
    // A digest that no row has: none, even though the tag matches.
    assert_int_equal(select_row(parse_image_ref("h.example.com/app:1.0@sha256:" + std::string(64, 'c')), rows),
                     rows.size());
    assert_int_equal(select_row(parse_image_ref("h.example.com/app:2.0"), rows), rows.size());
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_host_path_tag_digest),
        cmocka_unit_test(test_parses_port_ipv6_localhost_and_digest_only),
        cmocka_unit_test(test_refuses_bad_references_naming_the_rule),
        cmocka_unit_test(test_255_bytes_is_the_limit),
        cmocka_unit_test(test_match_by_tag_and_by_digest),
        cmocka_unit_test(test_select_row_prefers_digest_then_latest),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
