// The sarif report: SARIF 2.1.0 (OASIS sarif-schema-2.1.0.json) with what
// GitHub code scanning asks beyond the schema: a stable ruleId, the rule's
// properties.security-severity, partialFingerprints, and a location that is
// a file of the repository with region.startLine.
#include "scan/report_common.hpp"

#include "ascii.hpp"

#include <unordered_map>

namespace tcss::scan::detail {

namespace {

constexpr std::size_t kMaxShort = 1024;
constexpr std::size_t kMaxFull = 64 * 1024;

const std::string &rule_id(const Finding &f) {
    static const std::string kNone = "TCSS-UNIDENTIFIED";
    return display_id(f).empty() ? kNone : display_id(f);
}

const char *level_of(Disposition d) {
    switch (d) {
    case Disposition::Fails: return "error";
    case Disposition::Counted: return "warning";
    default: return "note";
    }
}

// A relative URI: unreserved characters and '/' as they are, the rest %XX.
std::string uri_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (ascii::is_alnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~')
            out += c;
        else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    while (out.size() > 1 && out.front() == '/') out.erase(0, 1);
    return out;
}

void rule(Sink &out, const Finding &f) {
    const std::string &id = rule_id(f);
    out << "{\"id\":";
    out.json(id)
        .next("shortDescription")
        .raw("{")
        .key("text")
        .json(utf8_prefix(f.name.empty() ? id : f.name, kMaxShort));
    out.raw("}").next("fullDescription").raw("{").key("text");
    out.json(utf8_prefix(!f.description.empty() ? f.description : f.name.empty() ? id : f.name, kMaxFull)) << "}";
    for (const auto &url : f.references) {
        if (!is_link(url)) continue;
        out.next("helpUri").json(url);
        break;
    }
    const std::string help =
        f.solution.empty() ? (f.fixed_versions.empty() ? "No fixed version is known." : "Fixed in " + f.fixed_versions)
                           : f.solution;
    out.next("help").raw("{").key("text").json(utf8_prefix(help, kMaxFull)) << "}";
    out << ",\"properties\":{\"tags\":[\"security\",\"container\",";
    out.json(severity_name(f.severity)) << "]";
    const std::string sev = security_severity(f);
    if (!sev.empty()) out.next("security-severity").json(sev);
    out << ",\"precision\":\"high\"}}";
}

std::unordered_map<std::string, std::size_t> rules(Sink &out, const ReportView &v) {
    std::unordered_map<std::string, std::size_t> index;
    out << "\"rules\":[";
    for (const Finding &f : v.r.findings) {
        if (!index.emplace(rule_id(f), index.size()).second) continue;
        out << (index.size() == 1 ? "\n" : ",\n");
        rule(out, f);
    }
    out << "]";
    return index;
}

void invocation(Sink &out, const ReportView &v) {
    out << ",\"invocations\":[{\"executionSuccessful\":" << (v.r.context.scan_completed ? "true" : "false");
    out << ",\"toolExecutionNotifications\":[";
    const auto notices = v.notices();
    for (std::size_t i = 0; i < notices.size(); ++i) {
        out << (i ? "," : "") << "{\"level\":" << (notices[i].fatal ? "\"error\"" : "\"warning\"")
            << ",\"message\":{\"text\":";
        out.json(notices[i].text) << "}}";
    }
    out << "]}]";
}

std::string message(const ReportView &v, const Finding &f) {
    std::string m = rule_id(f) + " (" + severity_name(f.severity) + ")";
    if (!f.component.empty()) m += " in " + f.component + (f.version.empty() ? "" : " " + f.version);
    if (!f.fixed_versions.empty()) m += ", fixed in " + f.fixed_versions;
    m += ", image " + v.image;
    if (!v.digest.empty()) m += "@" + v.digest;
    if (!f.name.empty()) m += ": " + f.name;
    return std::string(utf8_prefix(m, kMaxShort));
}

void result(Sink &out, const ReportView &v, std::size_t i, std::size_t rule_index, const std::string &location) {
    const Finding &f = v.r.findings[i];
    const Disposition d = v.verdict(i).disposition;
    out << "{\"ruleId\":";
    out.json(rule_id(f)).next("ruleIndex").number(rule_index).next("level").json(level_of(d));
    out.next("message").raw("{").key("text").json(message(v, f)) << "}";
    out << ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
    out.json(location) << "},\"region\":{\"startLine\":1}}}]";
    out << ",\"partialFingerprints\":{\"tcssFinding/v1\":";
    out.json(finding_fingerprint(f, v.repo_address.empty() ? v.image : v.repo_address)) << "}";
    if (d == Disposition::Ignored) {
        out << ",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":";
        out.json(v.entry_of(i).reason) << "}]";
    }
    out << ",\"properties\":{\"severity\":";
    out.json(severity_name(f.severity)).next("gate").json(disposition_name(d));
    out.next("component")
        .json(f.component)
        .next("version")
        .json(f.version)
        .next("fixedVersions")
        .json(f.fixed_versions);
    out.next("canBeFixed").raw(f.can_be_fixed ? "true" : "false").next("pocId").json(f.poc_id) << "}}";
}

}  // namespace

void write_sarif(Sink &out, const ReportView &v) {
    out << "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{";
    out << "\"tool\":{\"driver\":{\"name\":\"TCSS\",\"fullName\":\"Tencent Cloud Container Security Service\","
           "\"informationUri\":\"https://www.tencentcloud.com/products/tcss\",\"version\":";
    out.json(v.tool_version) << ",";
    const auto index = rules(out, v);
    out << "}}";
    invocation(out, v);
    out << ",\"results\":[";
    const std::string location = uri_path(v.sarif_location);
    for (std::size_t i = 0; i < v.r.findings.size(); ++i) {
        out << (i == 0 ? "\n" : ",\n");
        result(out, v, i, index.at(rule_id(v.r.findings[i])), location.empty() ? "Dockerfile" : location);
    }
    out << "],\"properties\":{\"image\":";
    out.json(v.image).next("digest").json(v.digest).next("gate").json(v.r.decision.passed ? "passed" : "failed");
    out << "}}]}\n";
}

}  // namespace tcss::scan::detail
