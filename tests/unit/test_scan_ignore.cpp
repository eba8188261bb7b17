// The ignore file: its line format, the errors (naming the file and the
// line), expiry dates, and matching by CVE id or POCID.
#include "scan/ignore.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

using tcss::scan::Date;
using tcss::scan::IgnoreList;
using tcss::scan::parse_ignore_file;

void test_parses_entries_comments_and_dates(void **) {
    const IgnoreList l = parse_ignore_file("\xEF\xBB\xBF# accepted risks\n"
                                           "\n"
                                           "CVE-2023-38545  until=2027-01-31  curl is not used at run time\r\n"
                                           "  pcmgr-209472\taccepted by the security team # SEC-118\n"
                                           "cve-2024-0001 exp:2026-12-31 trivy spelling\n"
                                           "   # indented comment\n"
                                           "CVE-2024-0002 until=2028-02-29 last line, no newline",
                                           ".tcssignore");
    assert_int_equal(l.entries.size(), 4);
    assert_string_equal(l.source.c_str(), ".tcssignore");
    assert_string_equal(l.entries[0].id.c_str(), "CVE-2023-38545");
    assert_true(l.entries[0].until == (Date{2027, 1, 31}));
    assert_string_equal(l.entries[0].reason.c_str(), "curl is not used at run time");
    assert_int_equal(l.entries[0].line, 3);
    assert_string_equal(l.entries[1].id.c_str(), "pcmgr-209472");
    assert_true(l.entries[1].until.empty());
    assert_string_equal(l.entries[1].reason.c_str(), "accepted by the security team # SEC-118");
    assert_true(l.entries[2].until == (Date{2026, 12, 31}));
    assert_string_equal(l.entries[2].reason.c_str(), "trivy spelling");
    assert_true(l.entries[3].until == (Date{2028, 2, 29}));
    assert_string_equal(l.entries[3].reason.c_str(), "last line, no newline");
    assert_int_equal(l.entries[3].line, 7);
}

void test_entries_without_a_reason_are_errors_naming_the_line(void **) {
    std::string msg = expect_error(TCSS_EINVAL, [] { parse_ignore_file("# x\nCVE-2023-1234\n", "ig.txt"); });
    assert_true(contains(msg, "--ignore-file ig.txt line 2: "));
    assert_true(contains(msg, "CVE-2023-1234 has no reason"));
    msg = expect_error(TCSS_EINVAL, [] { parse_ignore_file("CVE-2023-1234 until=2027-01-01   \n", "f"); });
    assert_true(contains(msg, "line 1: the entry for CVE-2023-1234 has no reason"));
}

void expect_line_error(const std::string &text, const char *what) {
    const std::string msg = expect_error(TCSS_EINVAL, [&] { parse_ignore_file(text, "f"); });
    if (!contains(msg, "--ignore-file f line ") || !contains(msg, what))
        fail_msg("for %s: %s does not say '%s'", text.c_str(), msg.c_str(), what);
}

void test_bad_lines(void **) {
    expect_line_error("CVE-23-1 reason\n", "a CVE id is CVE-YYYY-NNNN");
    expect_line_error("CVE-2023-12x reason\n", "a CVE id is CVE-YYYY-NNNN");
    expect_line_error("-pcmgr reason\n", "the first field must be a CVE id or a TCSS POCID");
    expect_line_error("po/c reason\n", "the first field must be a CVE id or a TCSS POCID");
    expect_line_error("CVE-2023-1234 until=2027-02-29 not a leap year\n", "real date YYYY-MM-DD");
    expect_line_error("CVE-2023-1234 until=2027-13-01 x\n", "real date");
    expect_line_error("CVE-2023-1234 until=27-01-01 x\n", "real date");
    expect_line_error("CVE-2023-1234 until= x\n", "real date");
    expect_line_error("CVE-2023-1234 exp:2027/01/01 x\n", "real date");
    expect_line_error("CVE-2023-1234 reason with \x1b[31m escape\n", "control characters");
    expect_line_error("CVE-2023-1234 bad \xff utf8\n", "valid UTF-8");
    expect_line_error("CVE-2023-1234 " + std::string(1025, 'r') + "\n", "at most 1024 bytes");
    expect_line_error(std::string(129, 'p') + " r\n", "at most 128 bytes");
    const std::string dup =
        expect_error(TCSS_EINVAL, [] { parse_ignore_file("CVE-2023-1234 a\npcmgr-1 b\ncve-2023-1234 c\n", "f"); });
    assert_true(contains(dup, "line 3: cve-2023-1234 is already listed on line 1"));
}

void test_leap_days_and_date_bounds(void **) {
    Date d;
    assert_true(tcss::scan::parse_date("2028-02-29", d));
    assert_true(tcss::scan::parse_date("2000-02-29", d));
    assert_false(tcss::scan::parse_date("2100-02-29", d));
    assert_false(tcss::scan::parse_date("2027-04-31", d));
    assert_false(tcss::scan::parse_date("1969-12-31", d));
    assert_false(tcss::scan::parse_date("2027-1-01", d));
    assert_true(tcss::scan::parse_date("2027-12-31", d));
    assert_string_equal(d.str().c_str(), "2027-12-31");
    assert_true(tcss::scan::utc_date(0) == (Date{1970, 1, 1}));
    assert_true(tcss::scan::utc_date(951782400) == (Date{2000, 2, 29}));  // 2000-02-29T00:00:00Z
    assert_true(tcss::scan::utc_date(951868799) == (Date{2000, 2, 29}));  // ...23:59:59Z
}

void test_expiry_is_inclusive_of_the_day(void **) {
    const IgnoreList l = parse_ignore_file("CVE-2023-1234 until=2027-01-31 r\n", "f");
    const auto &e = l.entries[0];
    assert_false(e.expired(Date{2027, 1, 30}));
    assert_false(e.expired(Date{2027, 1, 31}));
    assert_true(e.expired(Date{2027, 2, 1}));
    assert_true(e.expired(Date{2028, 1, 1}));
    const IgnoreList forever = parse_ignore_file("CVE-2023-1234 r\n", "f");
    assert_false(forever.entries[0].expired(Date{9999, 12, 31}));
}

void test_long_cve_numbers(void **) {
    // Found by fuzzing: a sequence number of any length is a CVE id (and
    // must not overflow anything).
    const IgnoreList l = parse_ignore_file("CVE-2023-1232222222222222222224 long\n", "f");
    assert_string_equal(l.entries[0].id.c_str(), "CVE-2023-1232222222222222222224");
}

void test_matching_by_cve_or_poc_without_case(void **) {
    const IgnoreList l = parse_ignore_file("cve-2023-1234 r\nPCMGR-9 r\n", "f");
    using tcss::scan::ignore_matches;
    assert_true(ignore_matches(l.entries[0], "CVE-2023-1234", "pcmgr-1"));
    assert_false(ignore_matches(l.entries[0], "CVE-2023-12345", "pcmgr-1"));
    assert_true(ignore_matches(l.entries[1], "", "pcmgr-9"));
    assert_true(ignore_matches(l.entries[1], "CVE-2020-1111", "pcmgr-9"));
    assert_false(ignore_matches(l.entries[1], "", ""));
}

void test_limits(void **) {
    std::string many;
    for (int i = 0; i < 10001; ++i) many += "pcmgr-" + std::to_string(i) + " r\n";
    const std::string msg = expect_error(TCSS_EINVAL, [&] { parse_ignore_file(many, "f"); });
    assert_true(contains(msg, "line 10001: more than 10000 entries"));
    const std::string big(tcss::scan::kMaxIgnoreBytes + 1, '#');
    assert_true(contains(expect_error(TCSS_EINVAL, [&] { parse_ignore_file(big, "f"); }), "at most 1 MiB"));
    assert_int_equal(parse_ignore_file("", "f").entries.size(), 0);
    assert_int_equal(parse_ignore_file("\n\n# only comments\n", "f").entries.size(), 0);
}

void test_read_ignore_file(void **) {
    char path[] = "/tmp/tcss-ignore-XXXXXX";
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    const std::string text = "CVE-2023-1234 until=2027-01-31 reason\n";
    assert_int_equal(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    close(fd);
    const IgnoreList l = tcss::scan::read_ignore_file(path);
    assert_int_equal(l.entries.size(), 1);
    assert_string_equal(l.source.c_str(), path);
    std::remove(path);
    const std::string msg = expect_error(TCSS_EINVAL, [&] { tcss::scan::read_ignore_file(path); });
    assert_true(contains(msg, "--ignore-file /tmp/tcss-ignore-"));
    assert_true(contains(msg, "cannot be read"));
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_entries_comments_and_dates),
        cmocka_unit_test(test_entries_without_a_reason_are_errors_naming_the_line),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_leap_days_and_date_bounds),
        cmocka_unit_test(test_expiry_is_inclusive_of_the_day),
        cmocka_unit_test(test_long_cve_numbers),
        cmocka_unit_test(test_matching_by_cve_or_poc_without_case),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_read_ignore_file),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
