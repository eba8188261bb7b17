#include "scan/gate.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

#include <algorithm>
#include <unordered_map>

namespace tcss::scan {

namespace {

constexpr const char *kFailOnNames[] = {"none", "low", "medium", "high", "critical"};

// The severity the thresholds see: Unknown is gated as Critical.
Severity gated(Severity s) noexcept { return s == Severity::Unknown ? Severity::Critical : s; }

std::string plural(unsigned long n, const char *what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

using EntryIndex = std::unordered_map<std::string, std::size_t>;

EntryIndex active_entries(const IgnoreList &ignores, const Date &today, GateDecision &d) {
    EntryIndex index;
    for (std::size_t i = 0; i < ignores.entries.size(); ++i) {
        if (ignores.entries[i].expired(today))
            d.expired.push_back(i);
        else
            index.emplace(ascii::lower(ignores.entries[i].id), i);
    }
    return index;
}

bool find_entry(const EntryIndex &index, const Finding &f, std::size_t &out) {
    for (const std::string *id : {&f.cve_id, &f.poc_id}) {
        if (id->empty()) continue;
        const auto it = index.find(ascii::lower(*id));
        if (it != index.end()) {
            out = it->second;
            return true;
        }
    }
    return false;
}

// Step 1: ignored, not fixable or counted, and the counts.
void classify(const std::vector<Finding> &findings, const GateOptions &o, const EntryIndex &index,
              std::vector<bool> &used, GateDecision &d) {
    d.verdicts.resize(findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
        SeverityCounts &c = d.counts[severity_index(findings[i].severity)];
        Verdict &v = d.verdicts[i];
        ++c.all;
        if (find_entry(index, findings[i], v.ignore_entry)) {
            v.disposition = Disposition::Ignored;
            used[v.ignore_entry] = true;
            ++c.ignored;
        } else if (o.only_fixed && !findings[i].can_be_fixed) {
            v.disposition = Disposition::NotFixable;
        } else {
            ++c.counted;
        }
    }
}

// Counted findings per gated severity (Unknown added to Critical).
std::array<unsigned long, kSeverityCount> gated_counts(const GateDecision &d) {
    std::array<unsigned long, kSeverityCount> n{};
    for (std::size_t s = 0; s < kSeverityCount; ++s)
        n[severity_index(gated(static_cast<Severity>(s)))] += d.counts[s].counted;
    return n;
}

std::string breakdown(const std::array<unsigned long, kSeverityCount> &by_severity) {
    std::string out;
    for (std::size_t s = kSeverityCount; s-- > 0;) {
        if (by_severity[s] == 0) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(by_severity[s]) + " " + severity_name(static_cast<Severity>(s));
        if (s == severity_index(Severity::Unknown)) out += " (gated as critical)";
    }
    return out;
}

void fail_on_reason(const GateOptions &o, const std::vector<Finding> &findings, GateDecision &d) {
    if (o.fail_on == FailOn::None) return;
    std::array<unsigned long, kSeverityCount> hit{};
    unsigned long total = 0;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (d.verdicts[i].disposition != Disposition::Fails) continue;
        if (static_cast<int>(gated(findings[i].severity)) < static_cast<int>(o.fail_on)) continue;
        ++hit[severity_index(findings[i].severity)];
        ++total;
    }
    if (total > 0)
        d.reasons.push_back(std::string("--fail-on ") + fail_on_name(o.fail_on) + ": " + plural(total, "finding") +
                            " at " + fail_on_name(o.fail_on) + " or above (" + breakdown(hit) + ")");
}

void max_reasons(const GateOptions &o, const std::array<unsigned long, kSeverityCount> &n, GateDecision &d) {
    for (std::size_t s = kSeverityCount; s-- > 1;) {
        if (!o.max[s] || n[s] <= *o.max[s]) continue;
        std::string why = std::string("--max-") + severity_name(static_cast<Severity>(s)) + " " +
                          std::to_string(*o.max[s]) + ": " + std::to_string(n[s]) + " " +
                          severity_name(static_cast<Severity>(s)) + " counted";
        const unsigned long unknown = d.counts[severity_index(Severity::Unknown)].counted;
        if (s == severity_index(Severity::Critical) && unknown > 0)
            why += " (" + std::to_string(unknown) + " of unknown severity, gated as critical)";
        d.reasons.push_back(why);
    }
}

std::string summary(std::size_t total, const GateOptions &o, const GateDecision &d) {
    unsigned long counted = 0, ignored = 0;
    for (const auto &c : d.counts) {
        counted += c.counted;
        ignored += c.ignored;
    }
    std::string out = d.passed ? "passed: " : "failed: ";
    out += plural(total, "finding") + ", " + std::to_string(counted) + " counted, " + std::to_string(ignored) +
           " ignored, " + std::to_string(d.failing.size()) + " failing";
    if (!d.passed) {
        for (const auto &r : d.reasons) out += "; " + r;
    } else {
        out += std::string(" (--fail-on ") + fail_on_name(o.fail_on) + ")";
    }
    return out;
}

}  // namespace

FailOn parse_fail_on(std::string_view text) {
    for (int i = 0; i < 5; ++i)
        if (ascii::iequals(text, kFailOnNames[i])) return static_cast<FailOn>(i);
    invalid("--fail-on: must be one of critical, high, medium, low, none (got " + quote_for_message(text) + ")");
}

const char *fail_on_name(FailOn f) noexcept { return kFailOnNames[static_cast<int>(f) % 5]; }

const char *disposition_name(Disposition d) noexcept {
    switch (d) {
    case Disposition::Fails: return "fails";
    case Disposition::Counted: return "counted";
    case Disposition::NotFixable: return "not_fixable";
    case Disposition::Ignored: return "ignored";
    }
    return "counted";
}

GateDecision evaluate_gate(const std::vector<Finding> &findings, const GateOptions &options, const IgnoreList &ignores,
                           const Date &today) {
    GateDecision d;
    const EntryIndex index = active_entries(ignores, today, d);
    std::vector<bool> used(ignores.entries.size(), false);
    classify(findings, options, index, used, d);
    const auto n = gated_counts(d);
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (d.verdicts[i].disposition != Disposition::Counted) continue;
        const Severity g = gated(findings[i].severity);
        const auto &max = options.max[severity_index(g)];
        const bool over_threshold =
            options.fail_on != FailOn::None && static_cast<int>(g) >= static_cast<int>(options.fail_on);
        if (!over_threshold && !(max && n[severity_index(g)] > *max)) continue;
        d.verdicts[i].disposition = Disposition::Fails;
        ++d.counts[severity_index(findings[i].severity)].failing;
        d.failing.push_back(i);
    }
    fail_on_reason(options, findings, d);
    max_reasons(options, n, d);
    for (const auto &[id, entry] : index)
        if (!used[entry]) d.unused.push_back(entry);
    std::sort(d.unused.begin(), d.unused.end());
    d.passed = d.failing.empty();
    d.summary = summary(findings.size(), options, d);
    return d;
}

}  // namespace tcss::scan
