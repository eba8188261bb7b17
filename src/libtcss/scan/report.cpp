#include "scan/report_common.hpp"

#include "ascii.hpp"
#include "crypto.hpp"
#include "error.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tcss::scan {

namespace detail {

namespace {

std::string cleaned(const Cleaner &clean, const std::string &s, const char *fallback) {
    if (s.empty()) return fallback;
    std::string out = clean ? clean(s) : s;
    return out.empty() ? std::string(fallback) : out;
}

}  // namespace

ReportView::ReportView(const ScanResults &results)
    : r(results), image(cleaned(results.context.clean, results.context.image, "unknown")),
      repo_address(cleaned(results.context.clean, results.context.repo_address, "")),
      digest(cleaned(results.context.clean, results.context.digest, "")),
      operating_system(cleaned(results.context.clean, results.context.operating_system, "unknown")),
      scan_error(cleaned(results.context.clean, results.context.scan_error, "")),
      tool_version(results.context.tool_version.empty() ? TCSS_VERSION_STRING : results.context.tool_version),
      sarif_location(results.context.sarif_location.empty() ? "Dockerfile" : results.context.sarif_location) {
    if (!results.context.scan_completed && scan_error.empty()) scan_error = "the scan did not finish";
}

std::vector<ReportView::Notice> ReportView::notices() const {
    std::vector<Notice> out;
    if (!r.context.scan_completed) out.push_back(Notice{true, scan_error});
    for (std::size_t e : r.decision.expired) {
        const IgnoreEntry &entry = r.ignores.entries.at(e);
        out.push_back(Notice{false, "ignore entry " + entry.id + " (line " + std::to_string(entry.line) +
                                        ") expired on " + entry.until.str() + " and no longer applies"});
    }
    return out;
}

std::string iso_utc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

bool is_cve_id(std::string_view id) noexcept {
    if (id.size() < 13 || id.substr(0, 4) != "CVE-" || id[8] != '-') return false;
    return ascii::all_digits(id.substr(4, 4)) && ascii::all_digits(id.substr(9));
}

bool is_link(std::string_view url) noexcept {
    for (std::string_view scheme : {"https://", "http://", "ftp://"}) {
        if (url.size() <= scheme.size() || url.substr(0, scheme.size()) != scheme) continue;
        for (char c : url)
            if (!ascii::is_visible(c) && static_cast<unsigned char>(c) < 0x80) return false;
        return true;
    }
    return false;
}

std::string security_severity(const Finding &f) {
    const std::string &s = f.cvss_score;
    char *end = nullptr;
    const bool numeric = !s.empty() && s.size() < 8 && ascii::is_digit(s.front()) && ascii::is_digit(s.back());
    const double v = numeric ? std::strtod(s.c_str(), &end) : -1;
    if (numeric && end == s.c_str() + s.size() && v >= 0 && v <= 10) return s;
    static constexpr const char *kBySeverity[kSeverityCount] = {"", "2.0", "5.5", "8.0", "9.5"};
    return kBySeverity[severity_index(f.severity)];
}

std::string finding_title(const Finding &f) {
    std::string t = "[" + ascii::lower(severity_name(f.severity)) + "] ";
    for (char &c : t) c = static_cast<char>(ascii::is_lower(c) ? c - 'a' + 'A' : c);
    t += display_id(f).empty() ? std::string("(no id)") : display_id(f);
    if (!f.component.empty()) t += " " + f.component;
    if (!f.version.empty()) t += " " + f.version;
    return t;
}

}  // namespace detail

namespace {

constexpr const char *kFormatNames[] = {"gitlab", "sarif", "junit", "json"};

std::string identity(const Finding &f, std::string_view where) {
    std::string key = f.poc_id + "|" + f.cve_id + "|" + f.component + "|" + f.version + "|";
    key.append(where.data(), where.size());
    return hex(sha256(key));
}

}  // namespace

ReportFormat parse_report_format(std::string_view text) {
    for (int i = 0; i < 4; ++i)
        if (text == kFormatNames[i]) return static_cast<ReportFormat>(i);
    invalid("--report: FORMAT must be one of gitlab, sarif, junit, json (got " + quote_for_message(text) + ")");
}

const char *report_format_name(ReportFormat f) noexcept { return kFormatNames[static_cast<int>(f) % 4]; }

ReportRequest parse_report_option(std::string_view text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos)
        invalid("--report: must be FORMAT=PATH, e.g. gitlab=gl-container-scanning-report.json (got " +
                quote_for_message(text) + ")");
    ReportRequest req;
    req.format = parse_report_format(text.substr(0, eq));
    req.path = std::string(text.substr(eq + 1));
    if (req.path.empty())
        invalid("--report: PATH after " + std::string(kFormatNames[static_cast<int>(req.format)]) +
                "= must not be empty");
    if (ascii::has_control(req.path))
        invalid("--report: PATH must not contain control characters (got " + quote_for_message(req.path) + ")");
    return req;
}

void write_report(std::ostream &out, ReportFormat format, const ScanResults &results) {
    if (results.decision.verdicts.size() != results.findings.size())
        throw Error(TCSS_EINTERNAL, "scan report: the gate decision is not the one of these findings");
    const detail::ReportView view(results);
    detail::Sink sink(out);
    switch (format) {
    case ReportFormat::GitLab: detail::write_gitlab(sink, view); break;
    case ReportFormat::Sarif: detail::write_sarif(sink, view); break;
    case ReportFormat::JUnit: detail::write_junit(sink, view); break;
    case ReportFormat::Json: detail::write_json(sink, view); break;
    }
    sink.flush();
}

void write_report_file(const ReportRequest &request, const ScanResults &results) {
    const std::string where = "--report " + std::string(report_format_name(request.format)) + "=" + request.path;
    std::string tmp = request.path + ".tmp-XXXXXX";
    const int fd = mkstemp(&tmp[0]);
    if (fd < 0) invalid(where + ": cannot be written (" + std::strerror(errno) + ")");
    ::fchmod(fd, 0644);  // a report is no secret: the CI's uploader may run as another user
    ::close(fd);
    bool ok = false;
    try {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) write_report(out, request.format, results);
        out.close();  // a full disk shows here
        ok = !out.fail();
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    const int saved = errno;
    if (!ok || std::rename(tmp.c_str(), request.path.c_str()) != 0) {
        const int err = ok ? errno : saved;
        std::remove(tmp.c_str());
        invalid(where + ": cannot be written (" + std::strerror(err) + ")");
    }
}

std::string finding_fingerprint(const Finding &f, std::string_view repo_address) { return identity(f, repo_address); }

std::string finding_uuid(const Finding &f, std::string_view digest) {
    std::string h = identity(f, digest).substr(0, 32);
    h[12] = '5';                                                             // version 5 style (name-based, SHA)
    h[16] = "89ab"[std::strtoul(h.substr(16, 1).c_str(), nullptr, 16) & 3];  // RFC 4122 variant
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace tcss::scan
