// DescribeAssetImageRegistryVulList rows read into findings: Level mapping
// (anything but "1".."4" is Unknown), CanBeFixed, Reference parsed from its
// JSON-array-in-a-string, every string through the caller's cleaning.
#include "json.hpp"
#include "scan/finding.hpp"
#include "unit.hpp"

#include <string>
#include <vector>

namespace {

using tcss::Json;
using tcss::scan::Finding;
using tcss::scan::Severity;

// The official example row (tccli examples.json), unmasked where it masks.
const char *kRow = R"({
  "CVEID": "CVE-2023-38545", "POCID": "pcmgr-440000", "Name": "curl socks5 heap overflow",
  "Components": [{"Name": "curl", "Version": "8.2.1-r0", "FixedVersion": "8.4.0-r0", "Path": "/usr/bin/curl", "Type": "OS"}],
  "Category": "BUFFER_OVERFLOW", "CategoryType": "SYSTEM", "Level": "4", "Des": "a description",
  "OfficialSolution": "upgrade curl", "Reference": "[\"https://curl.se/docs/CVE-2023-38545.html\",\"https://nvd.nist.gov/x\"]",
  "DefenseSolution": "", "SubmitTime": "2023-10-10 14:50:00", "CvssScore": "9.8",
  "CvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "IsSuggest": "yes", "FixedVersions": "8.4.0-r0",
  "Tag": ["CanBeFixed", "DynamicLevelPoc"], "Component": "curl", "Version": "8.2.1-r0"})";

std::string identity(const std::string &s) { return s; }

Finding read(const char *json, const tcss::scan::Cleaner &clean = identity) {
    Json row(cJSON_Parse(json));
    assert_non_null(row.get());
    return tcss::scan::finding_from_json(row.get(), clean);
}

void test_reads_every_member(void **) {
    const Finding f = read(kRow);
    assert_string_equal(f.cve_id.c_str(), "CVE-2023-38545");
    assert_string_equal(f.poc_id.c_str(), "pcmgr-440000");
    assert_string_equal(f.name.c_str(), "curl socks5 heap overflow");
    assert_string_equal(f.component.c_str(), "curl");
    assert_string_equal(f.version.c_str(), "8.2.1-r0");
    assert_string_equal(f.fixed_versions.c_str(), "8.4.0-r0");
    assert_int_equal(f.components.size(), 1);
    assert_string_equal(f.components[0].fixed_version.c_str(), "8.4.0-r0");
    assert_string_equal(f.components[0].path.c_str(), "/usr/bin/curl");
    assert_true(f.can_be_fixed);
    assert_string_equal(f.cvss_score.c_str(), "9.8");
    assert_string_equal(f.description.c_str(), "a description");
    assert_string_equal(f.solution.c_str(), "upgrade curl");
    assert_string_equal(f.category.c_str(), "BUFFER_OVERFLOW");
    assert_int_equal(f.references.size(), 2);
    assert_string_equal(f.references[1].c_str(), "https://nvd.nist.gov/x");
    assert_string_equal(f.level.c_str(), "4");
    assert_true(f.severity == Severity::Critical);
    assert_string_equal(tcss::scan::display_id(f).c_str(), "CVE-2023-38545");
}

void test_level_mapping_never_guesses(void **) {
    using tcss::scan::severity_from_level;
    assert_true(severity_from_level("1") == Severity::Low);
    assert_true(severity_from_level("2") == Severity::Medium);
    assert_true(severity_from_level("3") == Severity::High);
    assert_true(severity_from_level("4") == Severity::Critical);
    for (const char *other : {"", "0", "5", "04", " 4", "4 ", "high", "HIGH", "CRITICAL", "MIDDLE", "-1", "3.0"})
        assert_true(severity_from_level(other) == Severity::Unknown);
    assert_true(read(R"({"Level": 3})").severity == Severity::High);  // a number is tolerated
    assert_string_equal(read(R"({"Level": 3})").level.c_str(), "3");
    assert_true(read(R"({"Level": 3.5})").severity == Severity::Unknown);
    assert_true(read(R"({"Level": null})").severity == Severity::Unknown);
    assert_true(read(R"({"Level": ["4"]})").severity == Severity::Unknown);
    assert_true(read(R"({})").severity == Severity::Unknown);
    assert_string_equal(tcss::scan::severity_name(Severity::Unknown), "unknown");
    assert_string_equal(tcss::scan::severity_title(Severity::Medium), "Medium");
}

void test_can_be_fixed_from_tag_or_a_fixed_version(void **) {
    assert_true(read(R"({"Tag": ["CanBeFixed"]})").can_be_fixed);
    assert_true(read(R"({"FixedVersions": "1.2"})").can_be_fixed);
    assert_true(read(R"({"Components": [{"Name": "a", "FixedVersion": "2"}]})").can_be_fixed);
    assert_false(read(R"({"Tag": ["DynamicLevelPoc"], "FixedVersions": "", "Components": [{"FixedVersion": null}]})")
                     .can_be_fixed);
    assert_false(read(R"({"Tag": "CanBeFixed"})").can_be_fixed);  // not an array: not trusted
}

void test_reference_forms(void **) {
    assert_int_equal(read(R"({"Reference": ""})").references.size(), 0);
    assert_int_equal(read(R"({"Reference": "[]"})").references.size(), 0);
    assert_int_equal(read(R"({"Reference": "[\"a\", 1, null, \"\", \"b\"]"})").references.size(), 2);
    const Finding plain = read(R"({"Reference": "https://example.com/only"})");
    assert_int_equal(plain.references.size(), 1);
    assert_string_equal(plain.references[0].c_str(), "https://example.com/only");
    assert_int_equal(read(R"({"Reference": "[\"unterminated"})").references.size(), 1);
    assert_int_equal(read(R"({"Reference": ["https://x"]})").references.size(), 0);  // not a string
}

void test_mistyped_members_give_empty_values(void **) {
    const Finding f = read(R"({"CVEID": 12, "Name": null, "Components": {"Name": "x"}, "Tag": [1, "CanBeFixed"]})");
    assert_true(f.cve_id.empty());
    assert_true(f.name.empty());
    assert_true(f.components.empty());
    assert_true(f.can_be_fixed);
    Json arr(cJSON_Parse("[1]"));
    assert_true(tcss::scan::finding_from_json(arr.get(), identity).severity == Severity::Unknown);
    assert_true(tcss::scan::finding_from_json(nullptr, identity).cve_id.empty());
}

void test_every_string_goes_through_the_cleaner(void **) {
    std::vector<std::string> seen;
    const auto clean = [&](const std::string &s) {
        seen.push_back(s);
        return "<" + s + ">";
    };
    const Finding f = read(kRow, clean);
    assert_string_equal(f.cve_id.c_str(), "<CVE-2023-38545>");
    assert_string_equal(f.description.c_str(), "<a description>");
    assert_string_equal(f.components[0].name.c_str(), "<curl>");
    assert_string_equal(f.references[0].c_str(), "<https://curl.se/docs/CVE-2023-38545.html>");
    assert_string_equal(f.tags[0].c_str(), "<CanBeFixed>");
    assert_string_equal(f.level.c_str(), "<4>");
    assert_true(f.severity == Severity::Critical);  // decided on the raw Level
    assert_true(f.can_be_fixed);
    // 12 string members kept, 5 of the component, 2 references, 2 tags: nothing uncleaned.
    assert_int_equal(seen.size(), 12 + 5 + 2 + 2);
}

void test_append_findings_takes_list_or_response(void **) {
    const std::string list = std::string("[") + kRow + "," + kRow + "]";
    Json arr(cJSON_Parse(list.c_str()));
    std::vector<Finding> out;
    tcss::scan::append_findings(arr.get(), identity, out);
    assert_int_equal(out.size(), 2);
    const std::string response = R"({"TotalCount": 3, "List": )" + list + "}";
    Json resp(cJSON_Parse(response.c_str()));
    tcss::scan::append_findings(resp.get(), identity, out);
    assert_int_equal(out.size(), 4);
    Json bad(cJSON_Parse(R"({"List": "x"})"));
    tcss::scan::append_findings(bad.get(), identity, out);
    assert_int_equal(out.size(), 4);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_every_member),
        cmocka_unit_test(test_level_mapping_never_guesses),
        cmocka_unit_test(test_can_be_fixed_from_tag_or_a_fixed_version),
        cmocka_unit_test(test_reference_forms),
        cmocka_unit_test(test_mistyped_members_give_empty_values),
        cmocka_unit_test(test_every_string_goes_through_the_cleaner),
        cmocka_unit_test(test_append_findings_takes_list_or_response),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
