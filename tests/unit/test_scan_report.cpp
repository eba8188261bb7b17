// The four reports: structure, escaping of hostile text (so each stays valid
// JSON or XML), no secret in any of them, and the file writing. The reports
// are also validated against GitLab's schema and parsed as XML by a real
// parser in tests/reports (label reports).
#include "json.hpp"
#include "redact.hpp"
#include "scan/report.hpp"
#include "scan/text_sink.hpp"
#include "unit.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace tcss::scan;
using tcss::Json;

const std::string kSecret = "hunter2-registry-password-XYZ";
const std::string kHostile = std::string("]]> <x>&amp; \"q\" 'a' \\ \x01\x07\x1b[31m \x7f \xc2\x85 \xe2\x80\xa8 ") +
                             "\xff\xfe \xed\xa0\x80 \xef\xbf\xbe end";

std::string write(ReportFormat format, const ScanResults &r) {
    std::ostringstream out;
    write_report(out, format, r);
    return out.str();
}

struct Fixture {
    std::vector<Finding> findings;
    IgnoreList ignores;
    GateDecision decision;
    ReportContext context;

    // raw: the strings are not cleaned at all (identity), to show that the
    // writers keep every report valid by themselves.
    explicit Fixture(const std::string &text = "plain", bool completed = true, bool raw = false) {
        tcss::Redactor redactor;
        redactor.add(kSecret);
        const Cleaner clean = [redactor, raw](const std::string &s) { return raw ? s : redactor.clean(s); };
        const std::string dirty = text + (raw ? std::string() : " " + kSecret + " %" + kSecret);
        const char *levels[] = {"4", "3", "2", "1", "9"};
        for (int i = 0; i < 5; ++i) {
            Json row(cJSON_CreateObject());
            cJSON_AddStringToObject(row.get(), "CVEID", ("CVE-2023-100" + std::to_string(i)).c_str());
            cJSON_AddStringToObject(row.get(), "POCID", ("pcmgr-" + std::to_string(i)).c_str());
            cJSON_AddStringToObject(row.get(), "Name", dirty.c_str());
            cJSON_AddStringToObject(row.get(), "Des", dirty.c_str());
            cJSON_AddStringToObject(row.get(), "OfficialSolution", dirty.c_str());
            cJSON_AddStringToObject(row.get(), "Component", dirty.c_str());
            cJSON_AddStringToObject(row.get(), "Version", "1.0");
            cJSON_AddStringToObject(row.get(), "Level", levels[i]);
            cJSON_AddStringToObject(row.get(), "CvssScore", i == 0 ? "9.8" : "n/a");
            cJSON_AddStringToObject(row.get(), "CvssVector",
                                    i == 0 ? "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                                           : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:****");
            const std::string refs = "[\"https://example.com/" + kSecret + "\", \"javascript:alert(1)\"]";
            cJSON_AddStringToObject(row.get(), "Reference", refs.c_str());
            findings.push_back(finding_from_json(row.get(), clean));
        }
        ignores = parse_ignore_file("CVE-2023-1001 accepted for now\nCVE-2023-9999 until=2020-01-01 old\n", "ig");
        GateOptions o;
        o.fail_on = FailOn::High;
        decision = evaluate_gate(findings, o, ignores, Date{2026, 12, 6});
        context.image = "harbor.example.com/team/app:1.0@sha256:" + std::string(64, 'a');
        context.repo_address = "harbor.example.com/team/app";
        context.digest = "sha256:" + std::string(64, 'a');
        context.operating_system = dirty;
        context.start_time = 1765000000;
        context.end_time = 1765000100;
        context.scan_completed = completed;
        context.scan_error = completed ? "" : "SCAN_TIMEOUT " + dirty;
        context.options = o;
        context.clean = clean;
    }
    ScanResults results() const { return ScanResults{findings, decision, ignores, context}; }
};

void assert_no_secret(const std::string &report) {
    assert_false(contains(report, kSecret));
    assert_false(contains(report, "hunter2"));
}

Json parse(const std::string &text) {
    Json j(cJSON_ParseWithLength(text.data(), text.size()));
    if (!j) fail_msg("not valid JSON: %.300s", text.c_str());
    return j;
}

const cJSON *at(const cJSON *j, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (v == nullptr) fail_msg("missing member %s", key);
    return v;
}

std::string str(const cJSON *j, const char *key) { return cJSON_GetStringValue(at(j, key)); }

// The report as a JSON tree, after checking it is UTF-8 without a secret.
Json checked_json(ReportFormat format, const Fixture &fx) {
    const std::string text = write(format, fx.results());
    assert_true(tcss::is_valid_utf8(text));
    assert_no_secret(text);
    return parse(text);
}

void test_sink_escapes_json(void **) {
    std::ostringstream out;
    {
        detail::Sink s(out);
        s.json(std::string("a\"b\\c\n\x01\x7f\xc2\x85\xe2\x80\xa8\xff") + "\xe4\xb8\xad");
    }
    assert_string_equal(out.str().c_str(), "\"a\\\"b\\\\c\\n\\u0001\\u007f\\u0085\\u2028\xef\xbf\xbd\xe4\xb8\xad\"");
}

void test_sink_escapes_xml(void **) {
    std::ostringstream out;
    {
        detail::Sink s(out);
        s.xml(std::string("]]><&\"'\t\n\x01\x7f\xef\xbf\xbe\xc0\xaf") + "\xe4\xb8\xad");
    }
    assert_string_equal(
        out.str().c_str(),
        "]]&gt;&lt;&amp;&quot;&apos;&#x9;&#xa;\\x01&#x7f;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xe4\xb8\xad");
    assert_string_equal(std::string(detail::utf8_prefix("a\xe4\xb8\xad", 3)).c_str(), "a");
    assert_string_equal(std::string(detail::utf8_prefix("a\xe4\xb8\xad", 4)).c_str(), "a\xe4\xb8\xad");
}

void test_gitlab_report(void **) {
    const Fixture fx(kHostile);
    Json j = checked_json(ReportFormat::GitLab, fx);
    assert_string_equal(str(j.get(), "version").c_str(), "15.0.7");
    const cJSON *scan = at(j.get(), "scan");
    assert_string_equal(str(scan, "type").c_str(), "container_scanning");
    assert_string_equal(str(scan, "status").c_str(), "success");
    assert_string_equal(str(scan, "start_time").c_str(), "2025-12-06T05:46:40");
    const cJSON *messages = at(scan, "messages");
    assert_int_equal(cJSON_GetArraySize(messages), 1);  // the expired ignore entry
    assert_string_equal(str(cJSON_GetArrayItem(messages, 0), "level").c_str(), "warn");
    const cJSON *vulns = at(j.get(), "vulnerabilities");
    assert_int_equal(cJSON_GetArraySize(vulns), 4);  // CVE-2023-1001 is ignored
    const cJSON *v0 = cJSON_GetArrayItem(vulns, 0);
    assert_string_equal(str(v0, "severity").c_str(), "Critical");
    assert_string_equal(str(cJSON_GetArrayItem(vulns, 3), "severity").c_str(), "Unknown");
    const cJSON *ids = at(v0, "identifiers");
    assert_string_equal(str(cJSON_GetArrayItem(ids, 0), "type").c_str(), "cve");
    assert_string_equal(str(cJSON_GetArrayItem(ids, 0), "url").c_str(),
                        "https://nvd.nist.gov/vuln/detail/CVE-2023-1000");
    assert_string_equal(str(cJSON_GetArrayItem(ids, 1), "value").c_str(), "pcmgr-0");
    const cJSON *links = at(v0, "links");
    assert_int_equal(cJSON_GetArraySize(links), 1);  // javascript: dropped
    const cJSON *loc = at(v0, "location");
    assert_string_equal(str(loc, "image").c_str(),
                        "harbor.example.com/team/app:1.0");  // no digest: tracked across builds
    assert_true(contains(str(v0, "description"), "]]>"));    // kept, as JSON text
    assert_int_equal(str(v0, "id").size(), 36);
    // A CVSS 3 vector the schema admits goes in; a masked one does not.
    assert_string_equal(str(cJSON_GetArrayItem(at(v0, "cvss_vectors"), 0), "vector").c_str(),
                        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(vulns, 1), "cvss_vectors"));
}

void test_gitlab_report_of_an_unfinished_scan(void **) {
    const Fixture fx("x", false);
    Json j = parse(write(ReportFormat::GitLab, fx.results()));
    const cJSON *scan = at(j.get(), "scan");
    assert_string_equal(str(scan, "status").c_str(), "failure");
    const cJSON *m = cJSON_GetArrayItem(at(scan, "messages"), 0);
    assert_string_equal(str(m, "level").c_str(), "fatal");
    assert_true(contains(str(m, "value"), "SCAN_TIMEOUT"));
    assert_false(contains(str(m, "value"), kSecret));
}

void test_sarif_report(void **) {
    const Fixture fx(kHostile);
    Json j = checked_json(ReportFormat::Sarif, fx);
    assert_string_equal(str(j.get(), "version").c_str(), "2.1.0");
    const cJSON *run = cJSON_GetArrayItem(at(j.get(), "runs"), 0);
    const cJSON *driver = at(at(run, "tool"), "driver");
    assert_string_equal(str(driver, "name").c_str(), "TCSS");
    const cJSON *rules = at(driver, "rules");
    assert_int_equal(cJSON_GetArraySize(rules), 5);
    const cJSON *r0 = cJSON_GetArrayItem(rules, 0);
    assert_string_equal(str(r0, "id").c_str(), "CVE-2023-1000");
    assert_string_equal(str(at(r0, "properties"), "security-severity").c_str(), "9.8");
    // No CvssScore number: by severity (high 8.0); Unknown has none.
    assert_string_equal(str(at(cJSON_GetArrayItem(rules, 1), "properties"), "security-severity").c_str(), "8.0");
    assert_null(cJSON_GetObjectItem(at(cJSON_GetArrayItem(rules, 4), "properties"), "security-severity"));
    const cJSON *results = at(run, "results");
    assert_int_equal(cJSON_GetArraySize(results), 5);
    const cJSON *res0 = cJSON_GetArrayItem(results, 0);
    assert_string_equal(str(res0, "ruleId").c_str(), "CVE-2023-1000");
    assert_string_equal(str(res0, "level").c_str(), "error");
    assert_int_equal(cJSON_GetArraySize(at(cJSON_GetArrayItem(results, 1), "suppressions")), 1);  // ignored
    assert_string_equal(str(cJSON_GetArrayItem(results, 2), "level").c_str(), "warning");         // medium: counted
    const cJSON *phys = at(cJSON_GetArrayItem(at(res0, "locations"), 0), "physicalLocation");
    assert_string_equal(str(at(phys, "artifactLocation"), "uri").c_str(), "Dockerfile");
    assert_int_equal(at(at(phys, "region"), "startLine")->valueint, 1);
    assert_int_equal(str(at(res0, "partialFingerprints"), "tcssFinding/v1").size(), 64);
}

void test_junit_report(void **) {
    const Fixture fx(kHostile);
    const std::string text = write(ReportFormat::JUnit, fx.results());
    assert_true(tcss::is_valid_utf8(text));
    assert_no_secret(text);
    assert_false(contains(text, "]]>"));
    assert_false(contains(text, "<x>"));
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n') fail_msg("control byte 0x%02x in the XML", c);
    assert_false(contains(text, "\xef\xbf\xbe"));  // U+FFFE is not an XML character
    assert_true(
        contains(text, "<testsuites name=\"tcss scan\" tests=\"7\" failures=\"3\" errors=\"0\" skipped=\"1\">"));
    assert_true(contains(text, "name=\"gate\"><failure type=\"gate\""));
    assert_true(contains(text, "<skipped message=\"ignored (ig line 1): accepted for now\"/>"));
    assert_true(contains(text, "name=\"[UNKNOWN] CVE-2023-1004 "));
}

// Without any cleaning, hostile text still leaves valid UTF-8 JSON and XML
// without the characters XML 1.0 forbids.
void test_uncleaned_text_keeps_reports_valid(void **) {
    const Fixture fx(kHostile, false, true);
    for (ReportFormat f : {ReportFormat::GitLab, ReportFormat::Sarif, ReportFormat::Json}) {
        const std::string text = write(f, fx.results());
        assert_true(tcss::is_valid_utf8(text));
        Json j = parse(text);
    }
    const std::string xml = write(ReportFormat::JUnit, fx.results());
    assert_true(tcss::is_valid_utf8(xml));
    assert_false(contains(xml, "]]>"));
    assert_false(contains(xml, "\xef\xbf\xbe"));
    for (char c : xml)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n') fail_msg("control byte 0x%02x in the XML", c);
    const char *want = "]]&gt; &lt;x&gt;&amp;amp; &quot;q&quot; &apos;a&apos; \\ \\x01\\x07\\x1b[31m &#x7f; &#x85; ";
    if (!contains(xml, want)) fail_msg("escaped text not found: %s", want);
}

void test_junit_report_of_an_unfinished_scan(void **) {
    const Fixture fx("x", false);
    const std::string text = write(ReportFormat::JUnit, fx.results());
    assert_true(contains(text, "name=\"scan completed\"><error type=\"scan\" message=\"SCAN_TIMEOUT x "));
    assert_true(contains(text, "errors=\"1\""));
    assert_no_secret(text);
}

void test_json_report(void **) {
    const Fixture fx(kHostile);
    Json j = checked_json(ReportFormat::Json, fx);
    assert_string_equal(str(j.get(), "schema").c_str(), "libtcss-scan-report/1");
    const cJSON *gate = at(j.get(), "gate");
    assert_false(cJSON_IsTrue(at(gate, "passed")));
    assert_string_equal(str(at(gate, "options"), "fail_on").c_str(), "high");
    assert_true(cJSON_IsNull(at(at(at(gate, "options"), "max"), "critical")));
    const cJSON *crit = at(at(gate, "counts"), "critical");
    assert_int_equal(at(crit, "failing")->valueint, 1);
    assert_int_equal(at(at(at(gate, "counts"), "high"), "ignored")->valueint, 1);
    assert_int_equal(at(at(at(gate, "counts"), "unknown"), "failing")->valueint, 1);
    assert_string_equal(str(cJSON_GetArrayItem(at(gate, "expired_ignores"), 0), "id").c_str(), "CVE-2023-9999");
    const cJSON *f1 = cJSON_GetArrayItem(at(j.get(), "findings"), 1);
    assert_string_equal(str(f1, "gate").c_str(), "ignored");
    assert_string_equal(str(at(f1, "ignore"), "reason").c_str(), "accepted for now");
    assert_string_equal(str(cJSON_GetArrayItem(at(j.get(), "findings"), 4), "level").c_str(), "9");
}

void test_report_option_parsing(void **) {
    ReportRequest r = parse_report_option("gitlab=gl-container-scanning-report.json");
    assert_true(r.format == ReportFormat::GitLab);
    assert_string_equal(r.path.c_str(), "gl-container-scanning-report.json");
    assert_true(parse_report_option("junit=out/a=b.xml").path == "out/a=b.xml");
    assert_true(contains(expect_error(TCSS_EINVAL, [] { parse_report_option("html=x"); }),
                         "--report: FORMAT must be one of gitlab, sarif, junit, json"));
    assert_true(contains(expect_error(TCSS_EINVAL, [] { parse_report_option("gitlab"); }), "must be FORMAT=PATH"));
    assert_true(contains(expect_error(TCSS_EINVAL, [] { parse_report_option("sarif="); }),
                         "PATH after sarif= must not be empty"));
    assert_true(contains(expect_error(TCSS_EINVAL, [] { parse_report_option("json=a\nb"); }), "control characters"));
}

void test_write_report_file(void **) {
    const Fixture fx;
    char dir[] = "/tmp/tcss-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const std::string path = std::string(dir) + "/r.json";
    write_report_file(ReportRequest{ReportFormat::Json, path}, fx.results());
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = parse(ss.str());
    struct stat st {};
    assert_int_equal(stat(path.c_str(), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    std::remove(path.c_str());
    rmdir(dir);
    const std::string msg = expect_error(TCSS_EINVAL, [&] {
        write_report_file(ReportRequest{ReportFormat::Sarif, path}, fx.results());
    });
    assert_true(contains(msg, "--report sarif=" + path + ": cannot be written"));
}

void test_a_decision_of_other_findings_is_refused(void **) {
    const Fixture fx;
    const std::vector<Finding> fewer(fx.findings.begin(), fx.findings.begin() + 2);
    const ScanResults r{fewer, fx.decision, fx.ignores, fx.context};
    std::ostringstream out;
    expect_error(TCSS_EINTERNAL, [&] { write_report(out, ReportFormat::Json, r); });
}

void test_write_report_file_under_a_file(void **) {
    const Fixture fx;
    // The folder is not a folder: the error names the option and the path.
    const std::string msg = expect_error(TCSS_EINVAL, [&] {
        write_report_file(ReportRequest{ReportFormat::Json, "/dev/full/x"}, fx.results());
    });
    assert_true(contains(msg, "--report json=/dev/full/x: cannot be written"));
}

void test_identities_are_stable(void **) {
    Finding f;
    f.cve_id = "CVE-2023-1";
    f.poc_id = "p";
    const std::string u = finding_uuid(f, "sha256:1");
    assert_int_equal(u.size(), 36);
    assert_true(u[8] == '-' && u[13] == '-' && u[18] == '-' && u[23] == '-');
    assert_true(u[14] == '5');
    assert_true(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
    assert_string_equal(u.c_str(), finding_uuid(f, "sha256:1").c_str());
    assert_string_not_equal(u.c_str(), finding_uuid(f, "sha256:2").c_str());
    assert_string_equal(finding_fingerprint(f, "h/a").c_str(), finding_fingerprint(f, "h/a").c_str());
    f.version = "2";
    assert_string_not_equal(finding_fingerprint(f, "h/a").c_str(), finding_uuid(f, "h/a").c_str());
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sink_escapes_json),
        cmocka_unit_test(test_sink_escapes_xml),
        cmocka_unit_test(test_gitlab_report),
        cmocka_unit_test(test_gitlab_report_of_an_unfinished_scan),
        cmocka_unit_test(test_sarif_report),
        cmocka_unit_test(test_junit_report),
        cmocka_unit_test(test_uncleaned_text_keeps_reports_valid),
        cmocka_unit_test(test_junit_report_of_an_unfinished_scan),
        cmocka_unit_test(test_json_report),
        cmocka_unit_test(test_report_option_parsing),
        cmocka_unit_test(test_write_report_file),
        cmocka_unit_test(test_a_decision_of_other_findings_is_refused),
        cmocka_unit_test(test_write_report_file_under_a_file),
        cmocka_unit_test(test_identities_are_stable),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
