// The header's values block is the one source of the scan's lists: every
// value it names is accepted, in its order, and nothing else is.
#include "scan/gate.hpp"
#include "scan/report.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split(const char *list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) out.push_back(item);
    return out;
}

void test_fail_on_levels_are_the_headers(void **) {
    const auto levels = split(TCSS_SCAN_FAIL_ON_LEVELS);
    assert_int_equal(levels.size(), 5);
    for (const auto &l : levels) assert_string_equal(tcss::scan::fail_on_name(tcss::scan::parse_fail_on(l)), l.c_str());
    expect_error(TCSS_EINVAL, [] { tcss::scan::parse_fail_on("severe"); });
}

void test_report_formats_are_the_headers(void **) {
    const auto formats = split(TCSS_REPORT_FORMATS);
    assert_int_equal(formats.size(), 4);
    for (const auto &f : formats)
        assert_string_equal(tcss::scan::report_format_name(tcss::scan::parse_report_format(f)), f.c_str());
    expect_error(TCSS_EINVAL, [] { tcss::scan::parse_report_format("html"); });
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_on_levels_are_the_headers),
        cmocka_unit_test(test_report_formats_are_the_headers),
    };
    return cmocka_run_group_tests_name("scan values", tests, nullptr, nullptr);
}
