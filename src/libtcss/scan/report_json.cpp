// The json report, libtcss's own. Schema "libtcss-scan-report/1":
//
// {
//   "schema": "libtcss-scan-report/1",
//   "image": "HOST/PATH:TAG@sha256:...",  the reference scanned
//   "repository": "HOST/PATH",             ImageRepoAddress ("" when no row was found)
//   "digest": "sha256:...",                ImageDigest ("" when unknown)
//   "scan": {"completed": true, "error": "", "start_time": "...", "end_time": "..."},
//   "gate": {
//     "passed": false,
//     "summary": "failed: ...",
//     "reasons": ["--fail-on high: 2 findings at high or above (1 critical, 1 high)"],
//     "options": {"fail_on": "high", "max": {"critical": null, "high": 3, "medium": null, "low": null},
//                 "only_fixed": false},
//     "counts": {"critical": {"all": 1, "counted": 1, "ignored": 0, "failing": 1}, "high": {...},
//                "medium": {...}, "low": {...}, "unknown": {...}},
//     "expired_ignores": [{"id": "CVE-...", "until": "2026-01-31", "reason": "...", "line": 3}],
//     "unused_ignores": [ same shape: entries in force that matched no finding ]
//   },
//   "findings": [{
//     "id": "CVE-... or POCID", "cve": "", "poc_id": "", "name": "", "severity": "high", "level": "3",
//     "component": "", "version": "", "fixed_versions": "", "can_be_fixed": true,
//     "cvss_score": "", "cvss_vector": "", "category": "", "description": "", "solution": "",
//     "references": ["https://..."], "tags": ["CanBeFixed"],
//     "components": [{"name": "", "version": "", "fixed_version": "", "path": "", "type": ""}],
//     "gate": "fails" | "counted" | "not_fixable" | "ignored",
//     "ignore": {"id": "...", "reason": "...", "until": "", "line": 2}   (only when ignored)
//   }]
// }
// Times are UTC, "YYYY-MM-DDTHH:MM:SS". Strings are cleaned as the log is.
#include "scan/report_common.hpp"

namespace tcss::scan::detail {

namespace {

void string_list(Sink &out, const std::vector<std::string> &list) {
    out << "[";
    for (std::size_t i = 0; i < list.size(); ++i) (i ? out.raw(",") : out).json(list[i]);
    out << "]";
}

void entry(Sink &out, const IgnoreEntry &e) {
    out << "{\"id\":";
    out.json(e.id).next("until").json(e.until.empty() ? std::string() : e.until.str());
    out.next("reason").json(e.reason).next("line").number(e.line) << "}";
}

void entries(Sink &out, const ReportView &v, const std::vector<std::size_t> &which) {
    out << "[";
    for (std::size_t i = 0; i < which.size(); ++i) {
        if (i) out << ",";
        entry(out, v.r.ignores.entries.at(which[i]));
    }
    out << "]";
}

void options(Sink &out, const GateOptions &o) {
    out << "{\"fail_on\":";
    out.json(fail_on_name(o.fail_on)) << ",\"max\":{";
    for (std::size_t s = kSeverityCount; s-- > 1;) {
        out.key(severity_name(static_cast<Severity>(s)));
        o.max[s] ? out.number(*o.max[s]) : out.raw("null");
        if (s > 1) out << ",";
    }
    out << "},\"only_fixed\":" << (o.only_fixed ? "true" : "false") << "}";
}

void gate(Sink &out, const ReportView &v) {
    const GateDecision &d = v.r.decision;
    out << ",\"gate\":{\"passed\":" << (d.passed ? "true" : "false") << ",\"summary\":";
    out.json(d.summary).next("reasons");
    string_list(out, d.reasons);
    out.next("options");
    options(out, v.r.context.options);
    out << ",\"counts\":{";
    for (std::size_t s = kSeverityCount; s-- > 0;) {
        const SeverityCounts &c = d.counts[(s + kSeverityCount) % kSeverityCount];
        out.key(severity_name(static_cast<Severity>(s))).raw("{").key("all").number(c.all);
        out.next("counted").number(c.counted).next("ignored").number(c.ignored).next("failing").number(c.failing)
            << "}";
        if (s > 0) out << ",";
    }
    out << "},\"expired_ignores\":";
    entries(out, v, d.expired);
    out << ",\"unused_ignores\":";
    entries(out, v, d.unused);
    out << "}";
}

void components(Sink &out, const std::vector<Component> &list) {
    out << "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Component &c = list[i];
        out << (i ? ",{\"name\":" : "{\"name\":");
        out.json(c.name).next("version").json(c.version).next("fixed_version").json(c.fixed_version);
        out.next("path").json(c.path).next("type").json(c.type) << "}";
    }
    out << "]";
}

void finding(Sink &out, const ReportView &v, std::size_t i) {
    const Finding &f = v.r.findings[i];
    out << "{\"id\":";
    out.json(display_id(f)).next("cve").json(f.cve_id).next("poc_id").json(f.poc_id).next("name").json(f.name);
    out.next("severity").json(severity_name(f.severity)).next("level").json(f.level);
    out.next("component")
        .json(f.component)
        .next("version")
        .json(f.version)
        .next("fixed_versions")
        .json(f.fixed_versions);
    out.next("can_be_fixed").raw(f.can_be_fixed ? "true" : "false").next("cvss_score").json(f.cvss_score);
    out.next("cvss_vector").json(f.cvss_vector).next("category").json(f.category);
    out.next("description").json(f.description).next("solution").json(f.solution).next("references");
    string_list(out, f.references);
    out.next("tags");
    string_list(out, f.tags);
    out.next("components");
    components(out, f.components);
    out.next("gate").json(disposition_name(v.verdict(i).disposition));
    if (v.verdict(i).disposition == Disposition::Ignored) {
        out.next("ignore");
        entry(out, v.entry_of(i));
    }
    out << "}";
}

}  // namespace

void write_json(Sink &out, const ReportView &v) {
    const ReportContext &c = v.r.context;
    out << "{\"schema\":\"libtcss-scan-report/1\",\"image\":";
    out.json(v.image).next("repository").json(v.repo_address).next("digest").json(v.digest);
    out << ",\"scan\":{\"completed\":" << (c.scan_completed ? "true" : "false") << ",\"error\":";
    out.json(v.scan_error).next("start_time").json(iso_utc(c.start_time)).next("end_time").json(iso_utc(c.end_time))
        << "}";
    gate(out, v);
    out << ",\"findings\":[";
    for (std::size_t i = 0; i < v.r.findings.size(); ++i) {
        out << (i ? ",\n" : "\n");
        finding(out, v, i);
    }
    out << "]}\n";
}

}  // namespace tcss::scan::detail
