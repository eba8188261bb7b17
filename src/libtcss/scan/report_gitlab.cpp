// The gitlab report: GitLab's container_scanning report, schema 15.0.7.
#include "scan/report_common.hpp"

#include <string_view>
#include <unordered_set>
#include <utility>

namespace tcss::scan::detail {

namespace {

constexpr std::size_t kMaxName = 255, kMaxSolution = 7000, kMaxDescription = 1 << 20;

void scan_section(Sink &out, const ReportView &v) {
    const ReportContext &c = v.r.context;
    out << "{\"version\":\"15.0.7\",\"schema\":\"https://gitlab.com/gitlab-org/security-products/security-report-"
           "schemas/-/raw/v15.0.7/dist/container-scanning-report-format.json\",\"scan\":{\"type\":"
           "\"container_scanning\",\"status\":"
        << (c.scan_completed ? "\"success\"" : "\"failure\"") << ",\"start_time\":";
    out.json(iso_utc(c.start_time)).next("end_time").json(iso_utc(c.end_time));
    out << ",\"analyzer\":{\"id\":\"libtcss\",\"name\":\"libtcss\",\"version\":";
    out.json(v.tool_version) << ",\"vendor\":{\"name\":\"libtcss\"}},\"scanner\":{\"id\":\"tcss\",\"name\":"
                                "\"Tencent Cloud Container Security Service\",\"version\":\"2020-11-01\","
                                "\"vendor\":{\"name\":\"Tencent Cloud\"}},\"messages\":[";
    const auto notices = v.notices();
    for (std::size_t i = 0; i < notices.size(); ++i) {
        out << (i ? "," : "") << "{\"level\":" << (notices[i].fatal ? "\"fatal\"" : "\"warn\"") << ",\"value\":";
        out.json(notices[i].text) << "}";
    }
    out << "]},\"vulnerabilities\":[";
}

// GitLab follows a vulnerability from pipeline to pipeline by its image
// name; a new digest on every build would make every finding new.
std::string_view image_without_digest(std::string_view image) { return image.substr(0, image.find('@')); }

void identifiers(Sink &out, const Finding &f, const std::string &id) {
    out << ",\"identifiers\":[";
    if (!f.cve_id.empty()) {
        out << "{\"type\":\"cve\",\"name\":";
        out.json(f.cve_id).next("value").json(f.cve_id);
        if (is_cve_id(f.cve_id)) out.next("url").json("https://nvd.nist.gov/vuln/detail/" + f.cve_id);
        out << "}";
    }
    if (!f.poc_id.empty()) {
        out << (f.cve_id.empty() ? "" : ",") << "{\"type\":\"tcss_poc\",\"name\":";
        out.json(f.poc_id).next("value").json(f.poc_id) << "}";
    }
    if (f.cve_id.empty() && f.poc_id.empty()) {
        out << "{\"type\":\"tcss_finding\",\"name\":\"TCSS finding\",\"value\":";
        out.json(id) << "}";
    }
    out << "]";
}

// CVSS v3.0/3.1 base, temporal and environmental metrics, as GitLab's
// schema admits them in cvss_vectors (its pattern, spelt as a table).
bool cvss3_metric(std::string_view m) {
    static constexpr std::pair<std::string_view, std::string_view> kMetrics[] = {
        {"AV", "NALP"}, {"AC", "LH"},   {"PR", "NLH"},    {"UI", "NR"},    {"S", "UC"},     {"C", "NLH"},
        {"I", "NLH"},   {"A", "NLH"},   {"E", "XUPFH"},   {"RL", "XOTWU"}, {"RC", "XURC"},  {"CR", "XLMH"},
        {"IR", "XLMH"}, {"AR", "XLMH"}, {"MAV", "XNALP"}, {"MAC", "XLH"},  {"MPR", "XNLH"}, {"MUI", "XNR"},
        {"MS", "XUC"},  {"MC", "XNLH"}, {"MI", "XNLH"},   {"MA", "XNLH"},
    };
    const std::size_t colon = m.find(':');
    if (colon == std::string_view::npos || m.size() != colon + 2) return false;
    for (const auto &[key, values] : kMetrics)
        if (m.substr(0, colon) == key) return values.find(m.back()) != std::string_view::npos;
    return false;
}

bool gitlab_cvss3(std::string_view v) {
    if (v.size() < 32 || v.size() > 128 || (v.substr(0, 9) != "CVSS:3.0/" && v.substr(0, 9) != "CVSS:3.1/"))
        return false;
    for (std::size_t start = 9;;) {
        const std::size_t slash = v.find('/', start);
        if (!cvss3_metric(v.substr(start, slash - start))) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

std::string solution(const Finding &f) {
    if (!f.solution.empty()) return f.solution;
    if (!f.fixed_versions.empty())
        return "Upgrade " + (f.component.empty() ? "the component" : f.component) + " to " + f.fixed_versions;
    return {};
}

void vulnerability(Sink &out, const ReportView &v, const Finding &f, const std::string &id) {
    out << "{\"id\":";
    out.json(id).next("name").json(utf8_prefix(f.name.empty() ? display_id(f) : f.name, kMaxName));
    out.next("description").json(utf8_prefix(f.description, kMaxDescription));
    out.next("severity").json(severity_title(f.severity));
    const std::string fix = solution(f);
    if (!fix.empty()) out.next("solution").json(utf8_prefix(fix, kMaxSolution));
    identifiers(out, f, id);
    if (gitlab_cvss3(f.cvss_vector)) {
        out << ",\"cvss_vectors\":[{\"vendor\":\"Tencent Cloud\",\"vector\":";
        out.json(f.cvss_vector) << "}]";
    }
    out << ",\"links\":[";
    bool first = true;
    for (const auto &url : f.references) {
        if (!is_link(url)) continue;
        out << (first ? "" : ",") << "{\"url\":";
        out.json(url) << "}";
        first = false;
    }
    out << "],\"location\":{\"dependency\":{\"package\":{\"name\":";
    out.json(f.component).raw("}").next("version").json(f.version);
    out.raw("}").next("operating_system").json(v.operating_system).next("image").json(image_without_digest(v.image))
        << "}}";
}

}  // namespace

void write_gitlab(Sink &out, const ReportView &v) {
    scan_section(out, v);
    std::unordered_set<std::string> ids;
    bool first = true;
    for (std::size_t i = 0; i < v.r.findings.size(); ++i) {
        if (v.verdict(i).disposition == Disposition::Ignored) continue;
        const Finding &f = v.r.findings[i];
        std::string id = finding_uuid(f, v.digest);
        if (!ids.insert(id).second) id = finding_uuid(f, v.digest + "#" + std::to_string(i));
        out << (first ? "\n" : ",\n");
        vulnerability(out, v, f, id);
        first = false;
    }
    out << "]}\n";
}

}  // namespace tcss::scan::detail
