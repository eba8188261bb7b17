// The reports of one `tcss scan`: `--report FORMAT=PATH`, FORMAT one of
//
//  gitlab  GitLab's container_scanning security report, schema 15.0.7
//          (gitlab-org/security-products/security-report-schemas,
//          dist/container-scanning-report-format.json), for
//          artifacts:reports:container_scanning. Ignored findings are left
//          out; location.image is the reference without its digest (GitLab
//          tracks a finding across pipelines by it); scan.status is
//          "failure" when the scan did not finish, with
//          the reason as a fatal message; expired ignore entries are "warn"
//          messages. Each vulnerability's id is a UUID made from SHA-256 of
//          POCID, CVEID, component, version and the image digest (stable
//          across runs of one image). CvssVector goes into cvss_vectors
//          when it is a CVSS 3.0/3.1 vector the schema admits.
//  sarif   SARIF 2.1.0 as GitHub code scanning takes it: one run, driver
//          "TCSS" with one rule per CVEID (POCID when there is none), the rule
//          id stable across runs; properties.security-severity is CvssScore
//          when it is a number from 0 to 10, else 9.5/8.0/5.5/2.0 by
//          severity (none for Unknown); one result per finding, level
//          "error" when it fails the gate, "warning" when counted, "note"
//          otherwise, ignored ones with an external suppression carrying the
//          reason; the location is a repository file (ReportContext::
//          sarif_location, "Dockerfile" unless given) at line 1, since GitHub
//          needs a file in the repository and a region.startLine;
//          partialFingerprints["tcssFinding/v1"] is SHA-256 of POCID,
//          CVEID, component, version and the repository address (no
//          digest: the same finding in a rebuilt image is the same alert).
//  junit   JUnit XML: a test suite named after the image, one test case
//          "scan completed" (an <error> when the scan did not finish), one
//          "gate" (a <failure> with the reasons when it failed), and one per
//          finding: "[SEVERITY] ID component version", a <failure> when it
//          fails the gate, <skipped> with the reason when ignored or not
//          fixable under --only-fixed, passing otherwise.
//  json    libtcss's own (schema "libtcss-scan-report/1", documented in
//          report_json.cpp): the image, the scan, the gate (options,
//          decision, reasons, per-severity counts, expired and unused ignore
//          entries) and every finding with what the gate made of it.
//
// Every string from TCSS is cleaned when it is read (finding_from_json);
// the context's strings pass through ReportContext::clean here. The writers
// escape again whatever they write, so a report stays valid JSON or XML
// whatever a string holds. Reports stream: memory does not grow with the
// report's size beyond the findings themselves.
#pragma once

#include "scan/finding.hpp"
#include "scan/gate.hpp"
#include "scan/ignore.hpp"

#include <ctime>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan {

enum class ReportFormat { GitLab, Sarif, JUnit, Json };

// "gitlab", "sarif", "junit" or "json"; else TCSS_EINVAL naming --report.
ReportFormat parse_report_format(std::string_view text);
const char *report_format_name(ReportFormat f) noexcept;

struct ReportRequest {
    ReportFormat format = ReportFormat::Json;
    std::string path;
};

// One `--report FORMAT=PATH` (PATH non-empty, without control characters).
ReportRequest parse_report_option(std::string_view text);

struct ReportContext {
    std::string image;             // the reference scanned (ImageRef::str())
    std::string repo_address;      // ImageRepoAddress of the row ("" when no row was found)
    std::string digest;            // ImageDigest of the row ("" when unknown)
    std::string operating_system;  // OsName of DescribeAssetImageRegistryDetail; "" gives "unknown"
    std::time_t start_time = 0;    // when the scan was asked for
    std::time_t end_time = 0;      // when the results were read
    bool scan_completed = true;    // false: error, timeout, canceled, --wait ran out (exit 10) or no image (11)
    std::string scan_error;        // why, in words (from TCSS: cleaned by `clean`)
    std::string tool_version;      // libtcss's version; "" gives TCSS_VERSION_STRING
    std::string sarif_location;    // repository file for SARIF results; "" gives "Dockerfile"
    GateOptions options;           // shown in the json report
    Cleaner clean;                 // applied to image, repo_address, digest, operating_system, scan_error
};

struct ScanResults {
    const std::vector<Finding> &findings;
    const GateDecision &decision;  // evaluate_gate(findings, ...)
    const IgnoreList &ignores;     // the list the decision used
    const ReportContext &context;
};

// TCSS_EINTERNAL when the decision has not one verdict per finding.
void write_report(std::ostream &out, ReportFormat format, const ScanResults &results);

// Writes PATH.tmp-XXXXXX beside PATH and renames it over PATH, so a reader
// never sees half a report. TCSS_EINVAL naming --report and PATH when the
// file cannot be written.
void write_report_file(const ReportRequest &request, const ScanResults &results);

// Stable identities (hex SHA-256), as used by the gitlab and sarif reports.
std::string finding_fingerprint(const Finding &f, std::string_view repo_address);
std::string finding_uuid(const Finding &f, std::string_view digest);

}  // namespace tcss::scan
