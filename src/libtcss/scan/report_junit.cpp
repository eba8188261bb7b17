// The junit report: JUnit XML as Jenkins (junit step) and GitLab
// (artifacts:reports:junit) read it. No CDATA: every value is escaped, so a
// "]]>" in a description is just text.
#include "scan/report_common.hpp"

namespace tcss::scan::detail {

namespace {

constexpr std::size_t kMaxText = 64 * 1024;

struct Tally {
    unsigned long tests = 2, failures = 0, errors = 0, skipped = 0;
};

Tally tally(const ReportView &v) {
    Tally t;
    t.tests += v.r.findings.size();
    t.failures = v.r.decision.failing.size() + (v.r.decision.passed ? 0 : 1);
    t.errors = v.r.context.scan_completed ? 0 : 1;
    for (const auto &verdict : v.r.decision.verdicts)
        if (verdict.disposition == Disposition::Ignored || verdict.disposition == Disposition::NotFixable) ++t.skipped;
    return t;
}

void counts(Sink &out, const Tally &t) {
    out << " tests=\"" << std::to_string(t.tests) << "\" failures=\"" << std::to_string(t.failures) << "\" errors=\""
        << std::to_string(t.errors) << "\" skipped=\"" << std::to_string(t.skipped) << "\"";
}

void fixed_cases(Sink &out, const ReportView &v) {
    out << "    <testcase classname=\"tcss.scan\" name=\"scan completed\">";
    if (!v.r.context.scan_completed) {
        out << "<error type=\"scan\" message=\"";
        out.xml(v.scan_error) << "\">";
        out.xml(v.scan_error) << "</error>";
    }
    out << "</testcase>\n    <testcase classname=\"tcss.scan\" name=\"gate\">";
    if (!v.r.decision.passed) {
        out << "<failure type=\"gate\" message=\"";
        out.xml(v.r.decision.summary) << "\">";
        for (const auto &reason : v.r.decision.reasons) out.xml(reason).raw("&#xA;");
        out << "</failure>";
    }
    out << "</testcase>\n";
}

std::string body(const Finding &f) {
    std::string b = f.description;
    if (!f.fixed_versions.empty()) b += "\nFixed in: " + f.fixed_versions;
    if (!f.cvss_score.empty()) b += "\nCVSS: " + f.cvss_score;
    for (const auto &r : f.references) b += "\n" + r;
    return std::string(utf8_prefix(b, kMaxText));
}

void finding_case(Sink &out, const ReportView &v, std::size_t i) {
    const Finding &f = v.r.findings[i];
    const Disposition d = v.verdict(i).disposition;
    out << "    <testcase classname=\"";
    out.xml(f.component.empty() ? std::string("tcss.finding")
                                : f.component + (f.version.empty() ? "" : "-" + f.version));
    out << "\" name=\"";
    out.xml(finding_title(f)) << "\">";
    if (d == Disposition::Fails) {
        out << "<failure type=\"" << severity_name(f.severity) << "\" message=\"";
        out.xml(utf8_prefix(f.name.empty() ? finding_title(f) : f.name, 1024)) << "\">";
        out.xml(body(f)) << "</failure>";
    } else if (d == Disposition::Ignored) {
        out << "<skipped message=\"";
        out.xml("ignored (" + v.r.ignores.source + " line " + std::to_string(v.entry_of(i).line) +
                "): " + v.entry_of(i).reason)
            << "\"/>";
    } else if (d == Disposition::NotFixable) {
        out << "<skipped message=\"not counted: no fix available (--only-fixed)\"/>";
    }
    out << "</testcase>\n";
}

}  // namespace

void write_junit(Sink &out, const ReportView &v) {
    const Tally t = tally(v);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tcss scan\"";
    counts(out, t);
    out << ">\n  <testsuite name=\"";
    out.xml(v.image) << "\"";
    counts(out, t);
    out << " timestamp=\"" << iso_utc(v.r.context.end_time) << "\">\n    <properties><property name=\"image\" value=\"";
    out.xml(v.image) << "\"/><property name=\"digest\" value=\"";
    out.xml(v.digest) << "\"/><property name=\"gate\" value=\"" << (v.r.decision.passed ? "passed" : "failed");
    out << "\"/></properties>\n";
    fixed_cases(out, v);
    for (std::size_t i = 0; i < v.r.findings.size(); ++i) finding_case(out, v, i);
    out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace tcss::scan::detail
