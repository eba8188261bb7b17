// Internal to scan/: what the four report writers share.
#pragma once

#include "scan/report.hpp"
#include "scan/text_sink.hpp"

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan::detail {

// The context's strings, cleaned once, with their defaults filled in.
struct ReportView {
    const ScanResults &r;
    std::string image, repo_address, digest, operating_system, scan_error, tool_version, sarif_location;
    explicit ReportView(const ScanResults &results);
    const Verdict &verdict(std::size_t i) const { return r.decision.verdicts.at(i); }
    // What the report tells beside the findings: why the scan did not
    // finish (fatal), and each expired ignore entry.
    struct Notice {
        bool fatal;
        std::string text;
    };
    std::vector<Notice> notices() const;
    // The ignore entry that took finding i out (Ignored findings only).
    const IgnoreEntry &entry_of(std::size_t i) const { return r.ignores.entries.at(verdict(i).ignore_entry); }
};

// "YYYY-MM-DDTHH:MM:SS" in UTC, no zone suffix (GitLab's pattern).
std::string iso_utc(std::time_t t);
// CVE-YYYY-NNNN... exactly (upper case, as TCSS sends it).
bool is_cve_id(std::string_view id) noexcept;
// http://, https:// or ftp:// and something after it, no blank.
bool is_link(std::string_view url) noexcept;
// CvssScore when it is a number 0-10 (as written), else by severity; "" for Unknown.
std::string security_severity(const Finding &f);
// "[HIGH] CVE-2023-1 curl 8.2.1-r0": the short title of a finding.
std::string finding_title(const Finding &f);

void write_gitlab(Sink &out, const ReportView &v);
void write_sarif(Sink &out, const ReportView &v);
void write_junit(Sink &out, const ReportView &v);
void write_json(Sink &out, const ReportView &v);

}  // namespace tcss::scan::detail
