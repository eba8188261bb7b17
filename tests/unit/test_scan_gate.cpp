// The gate, a pure function: the rules one by one, the words it gives, and
// an exhaustive comparison with an independent statement of the rules over
// every set of up to two findings (20 kinds) and every option combination
// (--fail-on x 3^4 --max-S values x --only-fixed), plus seeded random sets.
#include "scan/gate.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <random>
#include <string>
#include <vector>

namespace {

using namespace tcss::scan;

Finding finding(Severity s, const std::string &cve, bool fixable = true, const std::string &poc = "") {
    Finding f;
    f.severity = s;
    f.cve_id = cve;
    f.poc_id = poc.empty() ? "pcmgr-" + cve : poc;
    f.can_be_fixed = fixable;
    return f;
}

const Date kToday{2026, 12, 6};
const IgnoreList kNoIgnores{};

GateOptions fail_on(FailOn f) {
    GateOptions o;
    o.fail_on = f;
    return o;
}

void test_parse_fail_on(void **) {
    assert_true(parse_fail_on("critical") == FailOn::Critical);
    assert_true(parse_fail_on("HIGH") == FailOn::High);
    assert_true(parse_fail_on("medium") == FailOn::Medium);
    assert_true(parse_fail_on("low") == FailOn::Low);
    assert_true(parse_fail_on("none") == FailOn::None);
    for (const char *bad : {"", "unknown", "moderate", "critical ", "4"}) {
        const std::string msg = expect_error(TCSS_EINVAL, [&] { parse_fail_on(bad); });
        assert_true(contains(msg, "--fail-on: must be one of critical, high, medium, low, none"));
    }
    assert_string_equal(fail_on_name(FailOn::Medium), "medium");
}

void test_fail_on_threshold_is_at_or_above(void **) {
    const std::vector<Finding> fs = {finding(Severity::Low, "CVE-2000-0001"), finding(Severity::High, "CVE-2000-0002")};
    GateDecision d = evaluate_gate(fs, fail_on(FailOn::High), kNoIgnores, kToday);
    assert_false(d.passed);
    assert_int_equal(d.failing.size(), 1);
    assert_int_equal(d.failing[0], 1);
    assert_true(d.verdicts[0].disposition == Disposition::Counted);
    assert_true(d.verdicts[1].disposition == Disposition::Fails);
    assert_int_equal(d.reasons.size(), 1);
    assert_string_equal(d.reasons[0].c_str(), "--fail-on high: 1 finding at high or above (1 high)");
    assert_true(evaluate_gate(fs, fail_on(FailOn::Critical), kNoIgnores, kToday).passed);
    assert_int_equal(evaluate_gate(fs, fail_on(FailOn::Low), kNoIgnores, kToday).failing.size(), 2);
    assert_true(evaluate_gate(fs, fail_on(FailOn::None), kNoIgnores, kToday).passed);
    assert_true(evaluate_gate({}, fail_on(FailOn::Low), kNoIgnores, kToday).passed);
}

void test_unknown_is_never_a_pass(void **) {
    const std::vector<Finding> fs = {finding(Severity::Unknown, "CVE-2000-0003")};
    for (FailOn f : {FailOn::Low, FailOn::Medium, FailOn::High, FailOn::Critical}) {
        const GateDecision d = evaluate_gate(fs, fail_on(f), kNoIgnores, kToday);
        assert_false(d.passed);
        assert_true(contains(d.reasons[0], "1 unknown (gated as critical)"));
    }
    GateOptions o;  // --fail-on none, --max-critical 0
    o.max[severity_index(Severity::Critical)] = 0;
    const GateDecision d = evaluate_gate(fs, o, kNoIgnores, kToday);
    assert_false(d.passed);
    assert_string_equal(d.reasons[0].c_str(),
                        "--max-critical 0: 1 critical counted (1 of unknown severity, gated as critical)");
    assert_int_equal(d.counts[severity_index(Severity::Unknown)].failing, 1);
    assert_int_equal(d.counts[severity_index(Severity::Critical)].all, 0);
    // --fail-on none and no --max-critical: no threshold asks, nothing fails.
    assert_true(evaluate_gate(fs, GateOptions{}, kNoIgnores, kToday).passed);
}

void test_max_counts(void **) {
    std::vector<Finding> fs;
    for (int i = 0; i < 3; ++i) fs.push_back(finding(Severity::High, "CVE-2001-000" + std::to_string(i)));
    fs.push_back(finding(Severity::Medium, "CVE-2001-0100"));
    GateOptions o;
    o.max[severity_index(Severity::High)] = 3;
    assert_true(evaluate_gate(fs, o, kNoIgnores, kToday).passed);
    o.max[severity_index(Severity::High)] = 2;
    GateDecision d = evaluate_gate(fs, o, kNoIgnores, kToday);
    assert_false(d.passed);
    assert_int_equal(d.failing.size(), 3);  // every counted high fails
    assert_true(d.verdicts[3].disposition == Disposition::Counted);
    assert_string_equal(d.reasons[0].c_str(), "--max-high 2: 3 high counted");
    o.max[severity_index(Severity::Medium)] = 0;
    d = evaluate_gate(fs, o, kNoIgnores, kToday);
    assert_int_equal(d.reasons.size(), 2);
    assert_string_equal(d.reasons[1].c_str(), "--max-medium 0: 1 medium counted");
    // --max-low applies to low only: highs beyond do not count against it.
    GateOptions low;
    low.max[severity_index(Severity::Low)] = 0;
    assert_true(evaluate_gate(fs, low, kNoIgnores, kToday).passed);
}

void test_only_fixed(void **) {
    const std::vector<Finding> fs = {finding(Severity::Critical, "CVE-2002-0001", false),
                                     finding(Severity::High, "CVE-2002-0002", true)};
    GateOptions o = fail_on(FailOn::Critical);
    assert_false(evaluate_gate(fs, o, kNoIgnores, kToday).passed);
    o.only_fixed = true;
    GateDecision d = evaluate_gate(fs, o, kNoIgnores, kToday);
    assert_true(d.passed);
    assert_true(d.verdicts[0].disposition == Disposition::NotFixable);
    assert_int_equal(d.counts[severity_index(Severity::Critical)].all, 1);
    assert_int_equal(d.counts[severity_index(Severity::Critical)].counted, 0);
    o.fail_on = FailOn::High;
    d = evaluate_gate(fs, o, kNoIgnores, kToday);
    assert_false(d.passed);
    assert_int_equal(d.failing[0], 1);
}

void test_ignores_expiry_and_unused(void **) {
    const IgnoreList ig = parse_ignore_file("CVE-2003-0001 until=2026-12-06 last day today\n"
                                            "pcmgr-2 accepted\n"
                                            "CVE-2003-0003 until=2026-12-05 expired yesterday\n"
                                            "CVE-2003-0099 matches nothing\n",
                                            "ig");
    const std::vector<Finding> fs = {finding(Severity::Critical, "CVE-2003-0001"),
                                     finding(Severity::Critical, "CVE-2003-0002", true, "PCMGR-2"),
                                     finding(Severity::Critical, "cve-2003-0003")};
    const GateDecision d = evaluate_gate(fs, fail_on(FailOn::Critical), ig, kToday);
    assert_true(d.verdicts[0].disposition == Disposition::Ignored);
    assert_int_equal(d.verdicts[0].ignore_entry, 0);
    assert_true(d.verdicts[1].disposition == Disposition::Ignored);
    assert_int_equal(d.verdicts[1].ignore_entry, 1);
    assert_true(d.verdicts[2].disposition == Disposition::Fails);  // its entry expired
    assert_false(d.passed);
    assert_int_equal(d.expired.size(), 1);
    assert_int_equal(d.expired[0], 2);
    assert_int_equal(d.unused.size(), 1);
    assert_int_equal(d.unused[0], 3);
    const SeverityCounts &c = d.counts[severity_index(Severity::Critical)];
    assert_int_equal(c.all, 3);
    assert_int_equal(c.ignored, 2);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.failing, 1);
    // The next day the first entry has expired too.
    const GateDecision later = evaluate_gate(fs, fail_on(FailOn::Critical), ig, Date{2026, 12, 7});
    assert_int_equal(later.expired.size(), 2);
    assert_int_equal(later.failing.size(), 2);
    // Ignored findings do not count against --max either.
    GateOptions o;
    o.max[severity_index(Severity::Critical)] = 1;
    assert_true(evaluate_gate(fs, o, ig, kToday).passed);
}

void test_summary_words(void **) {
    const std::vector<Finding> fs = {finding(Severity::Critical, "CVE-2004-0001"),
                                     finding(Severity::Unknown, "CVE-2004-0002"),
                                     finding(Severity::Medium, "CVE-2004-0003")};
    GateDecision d = evaluate_gate(fs, fail_on(FailOn::High), kNoIgnores, kToday);
    assert_string_equal(d.reasons[0].c_str(),
                        "--fail-on high: 2 findings at high or above (1 critical, 1 unknown (gated as critical))");
    assert_string_equal(
        d.summary.c_str(),
        "failed: 3 findings, 3 counted, 0 ignored, 2 failing; --fail-on high: 2 findings at high or above "
        "(1 critical, 1 unknown (gated as critical))");
    d = evaluate_gate(fs, fail_on(FailOn::None), kNoIgnores, kToday);
    assert_string_equal(d.summary.c_str(), "passed: 3 findings, 3 counted, 0 ignored, 0 failing (--fail-on none)");
    assert_true(d.reasons.empty());
}

// The rules, stated again independently of gate.cpp.
struct Oracle {
    bool passed = true;
    std::vector<Disposition> verdicts;
};

Oracle oracle(const std::vector<Finding> &fs, const GateOptions &o, const IgnoreList &ig, const Date &today) {
    Oracle r;
    unsigned long per[5] = {0, 0, 0, 0, 0};
    auto gated = [](Severity s) { return s == Severity::Unknown ? 4 : static_cast<int>(s); };
    for (const Finding &f : fs) {
        bool ignored = false;
        for (const auto &e : ig.entries)
            if (!e.expired(today) && ignore_matches(e, f.cve_id, f.poc_id)) ignored = true;
        Disposition d = ignored                             ? Disposition::Ignored
                        : (o.only_fixed && !f.can_be_fixed) ? Disposition::NotFixable
                                                            : Disposition::Counted;
        if (d == Disposition::Counted) ++per[gated(f.severity)];
        r.verdicts.push_back(d);
    }
    for (std::size_t i = 0; i < fs.size(); ++i) {
        if (r.verdicts[i] != Disposition::Counted) continue;
        const int g = gated(fs[i].severity);
        const bool by_level = o.fail_on != FailOn::None && g >= static_cast<int>(o.fail_on);
        const bool by_count =
            o.max[static_cast<std::size_t>(g)].has_value() && per[g] > *o.max[static_cast<std::size_t>(g)];
        if (by_level || by_count) {
            r.verdicts[i] = Disposition::Fails;
            r.passed = false;
        }
    }
    return r;
}

// 20 kinds: 5 severities x fixable or not x ignored (entry CVE-2099-xxxx) or not.
Finding kind(int k, int serial) {
    const auto sev = static_cast<Severity>(k % 5);
    const bool fixable = (k / 5) % 2 == 0;
    const bool ignored = k / 10 == 1;
    return finding(sev, (ignored ? "CVE-2099-" : "CVE-2010-") + std::to_string(1000 + serial), fixable);
}

IgnoreList ignores_for(const std::vector<Finding> &fs) {
    std::string text = "CVE-2098-0001 until=2020-01-01 expired, never applies\n";
    for (const Finding &f : fs)
        if (f.cve_id.rfind("CVE-2099-", 0) == 0) text += f.cve_id + " accepted\n";
    return parse_ignore_file(text, "oracle");
}

unsigned long check(const std::vector<Finding> &fs, const GateOptions &o) {
    const IgnoreList ig = ignores_for(fs);
    const GateDecision d = evaluate_gate(fs, o, ig, kToday);
    const Oracle want = oracle(fs, o, ig, kToday);
    assert_int_equal(d.passed, want.passed);
    assert_int_equal(d.verdicts.size(), fs.size());
    std::size_t failing = 0;
    for (std::size_t i = 0; i < fs.size(); ++i) {
        assert_int_equal(static_cast<int>(d.verdicts[i].disposition), static_cast<int>(want.verdicts[i]));
        failing += want.verdicts[i] == Disposition::Fails;
    }
    assert_int_equal(d.failing.size(), failing);
    assert_int_equal(d.reasons.empty(), d.passed);
    assert_int_equal(d.expired.size(), 1);
    return 1;
}

template <typename F>
unsigned long each_option(F &&with) {
    unsigned long n = 0;
    const std::optional<unsigned long> maxes[3] = {std::nullopt, 0UL, 1UL};
    for (int f = 0; f < 5; ++f)
        for (int m = 0; m < 81; ++m)
            for (bool only_fixed : {false, true}) {
                GateOptions o;
                o.fail_on = static_cast<FailOn>(f);
                o.only_fixed = only_fixed;
                for (int s = 1, rest = m; s <= 4; ++s, rest /= 3) o.max[static_cast<std::size_t>(s)] = maxes[rest % 3];
                n += with(o);
            }
    return n;
}

void test_exhaustive_against_the_rules(void **) {
    unsigned long cases = each_option([](const GateOptions &o) { return check({}, o); });
    for (int a = 0; a < 20; ++a) {
        cases += each_option([&](const GateOptions &o) { return check({kind(a, 1)}, o); });
        for (int b = 0; b < 20; ++b)
            cases += each_option([&](const GateOptions &o) { return check({kind(a, 1), kind(b, 2)}, o); });
    }
    assert_int_equal(cases, 810UL * (1 + 20 + 400));
}

void test_random_sets_against_the_rules(void **) {
    std::mt19937 rng(18);
    for (int round = 0; round < 300; ++round) {
        std::vector<Finding> fs;
        const int n = 3 + static_cast<int>(rng() % 8);
        for (int i = 0; i < n; ++i) fs.push_back(kind(static_cast<int>(rng() % 20), i));
        GateOptions o;
        o.fail_on = static_cast<FailOn>(rng() % 5);
        o.only_fixed = rng() % 2;
        for (std::size_t s = 1; s <= 4; ++s)
            if (rng() % 2) o.max[s] = rng() % 4;
        check(fs, o);
    }
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_fail_on),
        cmocka_unit_test(test_fail_on_threshold_is_at_or_above),
        cmocka_unit_test(test_unknown_is_never_a_pass),
        cmocka_unit_test(test_max_counts),
        cmocka_unit_test(test_only_fixed),
        cmocka_unit_test(test_ignores_expiry_and_unused),
        cmocka_unit_test(test_summary_words),
        cmocka_unit_test(test_exhaustive_against_the_rules),
        cmocka_unit_test(test_random_sets_against_the_rules),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
