// Writes the four reports of tcss scan for a set of scenarios into a folder,
// for check_reports.py to validate (GitLab's schema, SARIF as GitHub takes
// it, XML well-formedness, the json report's own schema, no secret):
//
//   write_samples OUTDIR
//
// Scenarios (OUTDIR/<scenario>.<format>): "hostile" (every string holds
// "]]>", markup, control characters, invalid UTF-8, U+2028/U+FFFE and a
// secret, cleaned by the library's Redactor as the log is), "uncleaned" (the
// same text with no cleaning at all: the writers alone keep the reports
// valid), "unfinished" (the scan timed out: no findings), "empty" (a clean
// image), "many" (1,000 findings, every severity, ignored and not fixable).
#include "json.hpp"
#include "redact.hpp"
#include "scan/report.hpp"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

using namespace tcss::scan;

// Never in any report: check_reports.py looks for it in every file.
const std::string kSecret = "libtcss-report-secret-0001";
const std::string kHostile =
    std::string("]]> <x a=\"1\">&amp; 'q' \\ \x01\x07\x0b\x1b[31m \x7f \xc2\x85 \xe2\x80\xa8 ") +
    "\xff\xfe \xed\xa0\x80 \xef\xbf\xbe \xef\xbf\xbf ##[error]::set-output " + kSecret + " %6c%69" + " end";

cJSON *row(int i, const std::string &text) {
    static const char *kLevels[] = {"4", "3", "2", "1", "", "MIDDLE"};
    cJSON *r = tcss::checked(cJSON_CreateObject());
    const std::string n = std::to_string(i);
    cJSON_AddStringToObject(r, "CVEID", i % 7 == 6 ? "" : ("CVE-2024-" + std::to_string(10000 + i)).c_str());
    cJSON_AddStringToObject(r, "POCID", ("pcmgr-" + n).c_str());
    for (const char *key : {"Name", "Des", "OfficialSolution", "Component", "Category"})
        cJSON_AddStringToObject(r, key, (text + " " + key + " " + n).c_str());
    static const char *kVectors[] = {
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.0/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:N/E:P",
        "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:****"};
    cJSON_AddStringToObject(r, "CvssVector", i % 5 == 4 ? text.c_str() : kVectors[i % 4]);
    cJSON_AddStringToObject(r, "Version", ("1." + n + "-r0 " + text).c_str());
    cJSON_AddStringToObject(r, "FixedVersions", i % 3 == 0 ? "" : ("1." + n + "-r1").c_str());
    cJSON_AddStringToObject(r, "Level", kLevels[i % 6]);
    cJSON_AddStringToObject(r, "CvssScore", i % 2 ? "9.8" : text.c_str());
    const std::string refs = "[\"https://example.com/" + n + "\", \"ftp://x/" + kSecret + "\", \"javascript:1\", \"" +
                             text.substr(0, 3) + "\"]";
    cJSON_AddStringToObject(r, "Reference", refs.c_str());
    cJSON *tags = cJSON_AddArrayToObject(r, "Tag");
    if (i % 3 != 0) cJSON_AddItemToArray(tags, cJSON_CreateString("CanBeFixed"));
    return r;
}

struct Scenario {
    const char *name;
    int findings;
    bool clean, completed;
    const std::string &text;
};

void write_all(const std::string &dir, const Scenario &s) {
    tcss::Redactor redactor;
    redactor.add(kSecret);
    const Cleaner clean = [&](const std::string &t) { return s.clean ? redactor.clean(t) : t; };
    std::vector<Finding> findings;
    for (int i = 0; i < s.findings; ++i) {
        tcss::Json r(row(i, s.text));
        findings.push_back(finding_from_json(r.get(), clean));
    }
    const IgnoreList ignores =
        parse_ignore_file("CVE-2024-10001 accepted: not reachable\npcmgr-4 until=2020-01-01 expired\n"
                          "CVE-2024-99999 until=2099-12-31 matches nothing\n",
                          "tcss-ignore");
    GateOptions o;
    o.fail_on = FailOn::High;
    o.max[severity_index(Severity::Medium)] = 0;
    o.only_fixed = s.findings > 100;
    const GateDecision d = evaluate_gate(findings, o, ignores, Date{2026, 12, 6});
    ReportContext c;
    c.image = "harbor.example.com:8443/team/app:1.0@sha256:" + std::string(64, 'a');
    c.repo_address = "harbor.example.com:8443/team/app";
    c.digest = "sha256:" + std::string(64, 'a');
    c.operating_system = s.findings ? s.text : "";
    c.start_time = 1765000000;
    c.end_time = 1765000321;
    c.scan_completed = s.completed;
    c.scan_error = s.completed ? "" : "SCAN_TIMEOUT: " + s.text;
    c.options = o;
    c.clean = clean;
    const ScanResults results{findings, d, ignores, c};
    for (ReportFormat f : {ReportFormat::GitLab, ReportFormat::Sarif, ReportFormat::JUnit, ReportFormat::Json})
        write_report_file(ReportRequest{f, dir + "/" + s.name + "." + report_format_name(f)}, results);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: write_samples OUTDIR\n");
        return 2;
    }
    const std::string plain = "plain text";
    try {
        for (const Scenario &s :
             {Scenario{"hostile", 12, true, true, kHostile}, Scenario{"uncleaned", 12, false, true, kHostile},
              Scenario{"unfinished", 0, true, false, kHostile}, Scenario{"empty", 0, true, true, plain},
              Scenario{"many", 1000, true, true, plain}})
            write_all(argv[1], s);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "write_samples: %s\n", e.what());
        return 1;
    }
    std::printf("write_samples: 5 scenarios x 4 formats in %s\n", argv[1]);
    return 0;
}
