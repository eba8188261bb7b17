// The gate of `tcss scan`: a pure function of the findings, the options, the
// ignore list and today's date. Nothing here reads a clock or a file.
//
// Rules, in order, for each finding:
//  1. ignored: an ignore entry that has not expired names its CVEID or POCID
//     (an expired entry ignores nothing and is listed in `expired`);
//  2. not counted: --only-fixed is given and the finding is not fixable
//     (Finding::can_be_fixed);
//  3. counted: everything else. A counted finding fails the gate when
//     - --fail-on S (not none) is given and its severity is S or above, or
//     - its severity's --max-S N is given and more than N findings of that
//       severity are counted (then every counted finding of it fails).
// Unknown severity (a Level TCSS did not send as "1".."4") is never a pass:
// it is gated as Critical, so --fail-on anything but none fails on it, and
// it counts against --max-critical. With --fail-on none and no --max-critical
// it fails nothing, as with any other severity when no threshold asks.
// The gate passes when no finding fails it.
#pragma once

#include "scan/finding.hpp"
#include "scan/ignore.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan {

// --fail-on: none, or the lowest severity that fails.
enum class FailOn { None, Low, Medium, High, Critical };

// "critical", "high", "medium", "low" or "none" (case-insensitive); else
// TCSS_EINVAL naming --fail-on and the allowed values.
FailOn parse_fail_on(std::string_view text);
const char *fail_on_name(FailOn f) noexcept;

struct GateOptions {
    FailOn fail_on = FailOn::None;
    // --max-S N, indexed by severity_index(): [Low], [Medium], [High],
    // [Critical]; [Unknown] is not an option and is ignored.
    std::array<std::optional<unsigned long>, kSeverityCount> max{};
    bool only_fixed = false;
};

// What became of one finding.
enum class Disposition {
    Fails,       // counted, and fails the gate
    Counted,     // counted, below every threshold
    NotFixable,  // --only-fixed and not fixable: not counted
    Ignored,     // an ignore entry applies
};
const char *disposition_name(Disposition d) noexcept;  // "fails", "counted", "not_fixable", "ignored"

struct Verdict {
    Disposition disposition = Disposition::Counted;
    // Ignored: the index of the entry in IgnoreList::entries.
    std::size_t ignore_entry = 0;
};

struct SeverityCounts {
    unsigned long all = 0;      // every finding of this severity
    unsigned long counted = 0;  // those the gate counts
    unsigned long ignored = 0;  // those an ignore entry took out
    unsigned long failing = 0;  // those that fail the gate
};

struct GateDecision {
    bool passed = true;
    std::array<SeverityCounts, kSeverityCount> counts{};  // by severity_index()
    std::vector<Verdict> verdicts;                        // one per finding, in order
    std::vector<std::size_t> failing;                     // indexes of the findings that fail
    std::vector<std::string> reasons;                     // why it failed, one sentence each (empty when passed)
    std::vector<std::size_t> expired;                     // ignore entries that expired (indexes into entries)
    std::vector<std::size_t> unused;                      // ignore entries in force that matched nothing
    std::string summary;                                  // one line: "failed: ..." or "passed: ..."
};

GateDecision evaluate_gate(const std::vector<Finding> &findings, const GateOptions &options, const IgnoreList &ignores,
                           const Date &today);

}  // namespace tcss::scan
