// libFuzzer target: the reports of tcss scan. The input is a
// DescribeAssetImageRegistryVulList answer (or its List), else raw bytes
// used as every string of one finding; with no cleaning at all, every report
// must still be valid UTF-8, the JSON ones must parse, and the JUnit one
// must hold no character XML 1.0 forbids and no "]]>".
#include "scan/report.hpp"

#include "json.hpp"
#include "validate.hpp"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace tcss::scan;

std::vector<Finding> findings_of(const std::string &text) {
    const Cleaner none = [](const std::string &s) { return s; };
    std::vector<Finding> out;
    tcss::Json doc(cJSON_ParseWithLength(text.data(), text.size()));
    if (doc) {
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(doc.get(), "Response");
        append_findings(resp != nullptr ? resp : doc.get(), none, out);
        if (!out.empty()) return out;
    }
    tcss::Json row(tcss::checked(cJSON_CreateObject()));
    for (const char *key : {"CVEID", "POCID", "Name", "Des", "Component", "Version", "Level", "Reference", "CvssScore"})
        cJSON_AddItemToObject(row.get(), key, tcss::checked(cJSON_CreateString(text.c_str())));
    out.push_back(finding_from_json(row.get(), none));
    return out;
}

void check(ReportFormat f, const std::string &out) {
    if (!tcss::is_valid_utf8(out)) std::abort();
    if (f == ReportFormat::JUnit) {
        if (out.find("]]>") != std::string::npos) std::abort();
        for (char c : out)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n') std::abort();
        if (out.find("\xEF\xBF\xBE") != std::string::npos || out.find("\xEF\xBF\xBF") != std::string::npos)
            std::abort();
        return;
    }
    tcss::Json parsed(cJSON_ParseWithLength(out.data(), out.size()));
    if (!parsed) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string text(reinterpret_cast<const char *>(data), size);
    const std::vector<Finding> findings = findings_of(text);
    const IgnoreList ignores;
    GateOptions o;
    o.fail_on = FailOn::Medium;
    const GateDecision d = evaluate_gate(findings, o, ignores, Date{2026, 12, 6});
    ReportContext c;
    c.image = text.substr(0, 200);
    c.operating_system = text.substr(0, 50);
    c.scan_completed = size % 2 == 0;
    c.scan_error = text.substr(0, 100);
    const ScanResults r{findings, d, ignores, c};
    for (ReportFormat f : {ReportFormat::GitLab, ReportFormat::Sarif, ReportFormat::JUnit, ReportFormat::Json}) {
        std::ostringstream out;
        write_report(out, f, r);
        check(f, out.str());
    }
    return 0;
}
