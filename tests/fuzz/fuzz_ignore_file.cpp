// libFuzzer target: the ignore file of tcss scan (and --image, line by
// line). Any text must give a list or tcss::Error(TCSS_EINVAL) whose message
// names --ignore-file and has no control character; every entry parsed has
// a valid id, a reason of 1 to 1024 bytes and a real date or none; the gate
// then ignores exactly the findings the entries in force name.
#include "scan/gate.hpp"
#include "scan/ignore.hpp"
#include "scan/image_ref.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

void check_message(const tcss::Error &e, std::string_view prefix) {
    const std::string &m = e.info().message;
    if (e.code() != TCSS_EINVAL || m.rfind(prefix, 0) != 0 || tcss::ascii::has_control(m)) std::abort();
}

void gate_over(const tcss::scan::IgnoreList &list) {
    using namespace tcss::scan;
    const Date today{2026, 12, 6};
    std::vector<Finding> findings(list.entries.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
        findings[i].severity = Severity::Critical;
        findings[i].poc_id = list.entries[i].id;
    }
    GateOptions o;
    o.fail_on = FailOn::Low;
    const GateDecision d = evaluate_gate(findings, o, list, today);
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const bool ignored = d.verdicts[i].disposition == Disposition::Ignored;
        if (ignored == list.entries[i].expired(today)) std::abort();
    }
    if (d.passed != (d.expired.empty())) std::abort();
}

void image_lines(std::string_view text) {
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        try {
            const tcss::scan::ImageRef r = tcss::scan::parse_image_ref(line);
            if (r.host.empty() || r.repository.empty() || (r.tag.empty() && r.digest.empty())) std::abort();
            if (tcss::scan::parse_image_ref(r.str()).str() != r.str()) std::abort();
        } catch (const tcss::Error &e) {
            check_message(e, "--image: ");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const tcss::scan::IgnoreList list = tcss::scan::parse_ignore_file(text, "fuzz");
        for (const auto &e : list.entries) {
            tcss::scan::Date d;
            if (e.id.empty() || e.reason.empty() || e.reason.size() > tcss::scan::kMaxIgnoreReasonBytes ||
                !tcss::is_valid_utf8(e.reason) || (!e.until.empty() && !tcss::scan::parse_date(e.until.str(), d)))
                std::abort();
        }
        gate_over(list);
    } catch (const tcss::Error &e) {
        check_message(e, "--ignore-file fuzz");
    }
    image_lines(text.substr(0, 4096));
    return 0;
}
