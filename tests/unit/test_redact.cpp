// The Redactor: every form of a secret that text can carry is masked, and
// clean() turns hostile service text into one safe, valid UTF-8 line.
#include "unit.hpp"
#include "redact.hpp"

#include <string>

namespace {

using tcss::Redactor;

const std::string kPw = "p@ss\"w\\o/rd:\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91x";  // p@ss"w\o/rd:été 🔑x
const std::string kUser = "robot$ci";

Redactor make() {
    Redactor r;
    r.add(kPw);
    r.add("AnotherSecret-0001");
    return r;
}

void expect_masked(const Redactor &r, const std::string &form) {
    const std::string in = "before " + form + " after";
    const std::string out = r.apply(in);
    if (out != "before ******** after") fail_msg("form [%s] became [%s]", form.c_str(), out.c_str());
}

void test_plain_value(void **) {
    Redactor r = make();
    expect_masked(r, kPw);
    assert_string_equal(r.apply("AnotherSecret-0001AnotherSecret-0001").c_str(), "********");
    assert_string_equal(r.apply("no secret here").c_str(), "no secret here");
}

void test_json_minimal_escape(void **) {
    // What a JSON encoder with raw UTF-8 writes (Go, ensure_ascii=False).
    expect_masked(make(), "p@ss\\\"w\\\\o/rd:\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91x");
}

void test_json_slash_escape(void **) {
    expect_masked(make(), "p@ss\\\"w\\\\o\\/rd:\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91x");
}

void test_json_ascii_only_lower_hex(void **) {
    // Python's json.dumps default: non-ASCII as \uXXXX, astral as a pair.
    expect_masked(make(), "p@ss\\\"w\\\\o/rd:\\u00e9t\\u00e9 \\ud83d\\udd11x");
}

void test_json_ascii_only_upper_hex(void **) {
    expect_masked(make(), "p@ss\\\"w\\\\o/rd:\\u00E9t\\u00E9 \\uD83D\\uDD11x");
}

void test_json_every_char_escaped(void **) {
    std::string form;
    for (char c : std::string("AnotherSecret-0001")) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        form += buf;
    }
    expect_masked(make(), form);
}

void test_json_double_escaped(void **) {
    // json.dumps(json.dumps(pw)) minus the outer quotes: \" -> \\\", \\ -> \\\\.
    expect_masked(make(), "p@ss\\\\\\\"w\\\\\\\\o/rd:\\\\u00e9t\\\\u00e9 \\\\ud83d\\\\udd11x");
}

void test_json_triple_escaped(void **) {
    // The double-escaped form inside a raw JSON body (a DEBUG trace).
    expect_masked(make(),
                  "p@ss\\\\\\\\\\\\\\\"w\\\\\\\\\\\\\\\\o/rd:\\\\\\\\u00e9t\\\\\\\\u00e9 \\\\\\\\ud83d\\\\\\\\udd11x");
}

void test_json_control_escapes(void **) {
    Redactor r;
    r.add("line1\nline2\ttab\x01");
    expect_masked(r, "line1\\nline2\\ttab\\u0001");
    expect_masked(r, "line1\nline2\ttab\x01");
}

void test_percent_upper(void **) { expect_masked(make(), "p%40ss%22w%5Co%2Frd%3A%C3%A9t%C3%A9%20%F0%9F%94%91x"); }

void test_percent_lower_and_plus(void **) {
    expect_masked(make(), "p%40ss%22w%5co%2frd%3a%c3%a9t%c3%a9+%f0%9f%94%91x");
}

void test_percent_reserved_only(void **) {
    // As in https://user:p%40ss@host: only the reserved characters encoded.
    expect_masked(make(), "p%40ss\"w\\o/rd%3A\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91x");
}

void test_percent_twice(void **) {
    expect_masked(make(), "p%2540ss%2522w%255Co%252Frd%253A%25C3%25A9t%25C3%25A9%2520%25F0%259F%2594%2591x");
}

void test_basic_auth_all_offsets(void **) {
    Redactor r;
    r.add_basic_auth("robot", "S3cr3t-pass");
    const std::string full = "cm9ib3Q6UzNjcjN0LXBhc3M=";  // base64("robot:S3cr3t-pass")
    assert_string_equal(r.apply("Authorization: Basic " + full).c_str(), "Authorization: Basic ********");
    // Embedded after 1 and 2 other bytes: base64("x" + blob), base64("xy" + blob).
    const std::string off1 = "eHJvYm90OlMzY3IzdC1wYXNz";
    const std::string off2 = "eHlyb2JvdDpTM2NyM3QtcGFzcw==";
    std::string o1 = r.apply(off1), o2 = r.apply(off2);
    assert_false(contains(o1, "b2JvdDpTM2NyM3QtcGFzc"));
    assert_true(contains(o1, "********"));
    assert_true(contains(o2, "********"));
    assert_false(contains(o2, "yb2JvdDpTM2NyM3QtcGFzc"));
    // The password alone is masked too.
    assert_string_equal(r.apply("S3cr3t-pass").c_str(), "********");
}

void test_basic_auth_urlsafe_and_percent(void **) {
    Redactor r;
    r.add_basic_auth("u", "\xff\xfe>>>?");  // base64 with + and / in it
    const std::string std_b64 = "dTr//j4+Pj8=", url_b64 = "dTr__j4-Pj8=";
    assert_string_equal(r.apply(std_b64).c_str(), "********");
    assert_false(contains(r.apply(url_b64), "j4-Pj8"));
    assert_string_equal(r.apply("dTr%2F%2Fj4%2BPj8%3D").c_str(), "********");
}

void test_url_userinfo_any_url(void **) {
    Redactor r;  // no known secrets at all
    assert_string_equal(r.apply("GET https://robot:unknown-pw@reg.example.com/v2/ failed").c_str(),
                        "GET https://robot:********@reg.example.com/v2/ failed");
    assert_string_equal(r.apply("oci+http://u:p@ss@h:5000 x").c_str(), "oci+http://u:********@h:5000 x");
    assert_string_equal(r.apply("{\"u\":\"https:\\/\\/me:pw1@h\\/v2\"}").c_str(),
                        "{\"u\":\"https:\\/\\/me:********@h\\/v2\"}");
    // Short passwords too: the structure says it is one.
    assert_string_equal(r.apply("http://a:b@h").c_str(), "http://a:********@h");
}

void test_url_without_password_kept(void **) {
    Redactor r;
    const char *keep[] = {"https://reg.example.com:5000/v2/", "ssh://git@example.com/x", "mail me@example.com",
                          "https://h/path?u=a:b@c", "ratio 1:2@3"};
    for (const char *t : keep) assert_string_equal(r.apply(t).c_str(), t);
}

void test_short_secrets_ignored(void **) {
    Redactor r;
    r.add("e");
    r.add("abc");
    r.add("");
    assert_string_equal(r.apply("The operation failed: abc").c_str(), "The operation failed: abc");
    r.add("abcd");
    assert_string_equal(r.apply("xabcdx").c_str(), "x********x");
}

void test_overlapping_secrets_one_mask(void **) {
    Redactor r;
    r.add("secret-one-XYZ");
    r.add("XYZ-secret-two");
    // Overlapping occurrences: nothing of either survives.
    assert_string_equal(r.apply("[secret-one-XYZ-secret-two]").c_str(), "[********]");
}

void test_no_false_positive_near_miss(void **) {
    Redactor r = make();
    // One byte short, one byte different: not the secret.
    const std::string near = "p%40ss\"w\\o/rd:\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91";
    assert_string_equal(r.apply(near).c_str(), near.c_str());
    assert_string_equal(r.apply("AnotherSecret-0002").c_str(), "AnotherSecret-0002");
}

void test_clean_escapes_controls(void **) {
    Redactor r;
    const std::string out = r.clean("a\x1b[31mred\rB\x07\nC\x7f\tD");
    assert_string_equal(out.c_str(), "a\\x1b[31mred\\rB\\x07\\nC\\x7f\\tD");
}

void test_clean_escapes_unicode_controls(void **) {
    Redactor r;
    // C1 NEL, LINE SEPARATOR, RIGHT-TO-LEFT OVERRIDE; é stays.
    const std::string out = r.clean("x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xae\xc3\xa9");
    assert_string_equal(out.c_str(), "x\\u0085y\\u2028z\\u202e\xc3\xa9");
}

void test_clean_repairs_utf8(void **) {
    Redactor r;
    const std::string out = r.clean(std::string("ok\xff\xc3(\xed\xa0\x80\xc0\xaf\xf0\x9f\x94\x91"));
    assert_string_equal(out.c_str(), "ok\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                     "\xef\xbf\xbd\xef\xbf\xbd\xf0\x9f\x94\x91");
}

void test_clean_defuses_ci_commands(void **) {
    Redactor r;
    assert_string_equal(r.clean("::add-mask::x").c_str(), "\\x3a:add-mask::x");
    assert_string_equal(r.clean("  ::warning::x").c_str(), "  \\x3a:warning::x");
    assert_string_equal(r.clean("oops\n::set-output name=a::b").c_str(), "oops\\n::set-output name=a::b");
    assert_string_equal(r.clean("x ##vso[task.setvariable variable=a]b").c_str(),
                        "x \\x23#vso[task.setvariable variable=a]b");
    assert_string_equal(r.clean("##[error]x ##VSO[y]").c_str(), "\\x23#[error]x \\x23#VSO[y]");
    assert_string_equal(r.clean("issue ## 5 : ok").c_str(), "issue ## 5 : ok");
}

void test_clean_masks_before_and_after_escaping(void **) {
    Redactor r;
    r.add("tab\there-secret");
    // Raw: masked before escaping. JSON-escaped: masked too.
    assert_string_equal(r.clean("a tab\there-secret b").c_str(), "a ******** b");
    assert_string_equal(r.clean("a tab\\there-secret b").c_str(), "a ******** b");
    // A secret split by invalid UTF-8 around it still loses the whole value.
    assert_string_equal(r.clean("\xfftab\there-secret\xff").c_str(), "\xef\xbf\xbd********\xef\xbf\xbd");
}

void test_clean_masks_what_escaping_spells(void **) {
    Redactor r;
    r.add("C:\\new\\tmp-7");  // backslashes, as typed
    // The service sends real control characters where the secret has "\n"
    // and "\t": escaping writes the secret back out, the second pass masks it.
    assert_string_equal(r.clean("path C:\new\tmp-7 denied").c_str(), "path ******** denied");
}

void test_clean_caps_on_utf8_boundary(void **) {
    Redactor r;
    std::string in;
    for (int i = 0; i < 100; ++i) in += "\xc3\xa9";  // 200 bytes
    const std::string out = r.clean(in, 31);
    assert_true(out.size() <= 31);
    assert_true(contains(out, "...[truncated]"));
    const std::string head = out.substr(0, out.size() - 14);
    assert_int_equal(head.size() % 2, 0);  // whole é's only
    assert_string_equal(r.clean("short", 31).c_str(), "short");
    assert_int_equal(r.clean(std::string(5000, 'a')).size(), Redactor::kCleanMax);
}

void test_clean_cap_keeps_escapes_whole(void **) {
    Redactor r;
    // 14 + 4 = 18 bytes: "aaa\x1b" would be cut inside "\x1b".
    const std::string out = r.clean("aaaa\x1b\x1b\x1b\x1b\x1b\x1b\x1b", 20);
    assert_string_equal(out.c_str(), "aaaa...[truncated]");
}

void test_clean_masks_url_and_secret_forms(void **) {
    Redactor r;
    r.add_basic_auth("robot", "Reg-Pa$$:w0rd/x");
    const std::string msg = "GET https://robot:Reg-Pa%24%24%3Aw0rd%2Fx@reg:5000/v2/ -> 401; pw=Reg-Pa$$:w0rd\\/x"
                            "; basic cm9ib3Q6UmVnLVBhJCQ6dzByZC94\x1b[0m";
    const std::string out = r.clean(msg);
    assert_string_equal(out.c_str(),
                        "GET https://robot:********@reg:5000/v2/ -> 401; pw=********; basic ********\\x1b[0m");
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_value),
        cmocka_unit_test(test_json_minimal_escape),
        cmocka_unit_test(test_json_slash_escape),
        cmocka_unit_test(test_json_ascii_only_lower_hex),
        cmocka_unit_test(test_json_ascii_only_upper_hex),
        cmocka_unit_test(test_json_every_char_escaped),
        cmocka_unit_test(test_json_double_escaped),
        cmocka_unit_test(test_json_triple_escaped),
        cmocka_unit_test(test_json_control_escapes),
        cmocka_unit_test(test_percent_upper),
        cmocka_unit_test(test_percent_lower_and_plus),
        cmocka_unit_test(test_percent_reserved_only),
        cmocka_unit_test(test_percent_twice),
        cmocka_unit_test(test_basic_auth_all_offsets),
        cmocka_unit_test(test_basic_auth_urlsafe_and_percent),
        cmocka_unit_test(test_url_userinfo_any_url),
        cmocka_unit_test(test_url_without_password_kept),
        cmocka_unit_test(test_short_secrets_ignored),
        cmocka_unit_test(test_overlapping_secrets_one_mask),
        cmocka_unit_test(test_no_false_positive_near_miss),
        cmocka_unit_test(test_clean_escapes_controls),
        cmocka_unit_test(test_clean_escapes_unicode_controls),
        cmocka_unit_test(test_clean_repairs_utf8),
        cmocka_unit_test(test_clean_defuses_ci_commands),
        cmocka_unit_test(test_clean_masks_before_and_after_escaping),
        cmocka_unit_test(test_clean_masks_what_escaping_spells),
        cmocka_unit_test(test_clean_caps_on_utf8_boundary),
        cmocka_unit_test(test_clean_cap_keeps_escapes_whole),
        cmocka_unit_test(test_clean_masks_url_and_secret_forms),
    };
    return cmocka_run_group_tests_name("unit.test_redact", tests, nullptr, nullptr);
}
