// One vulnerability TCSS found in an image, as the scan reports and the gate
// see it: a row of DescribeAssetImageRegistryVulList (ImageVul in the API
// description of TCSS 2020-11-01, tccli's tccli/services/tcss/v20201101/api.json)
// with every string already cleaned for output.
#pragma once

#include <cJSON.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan {

// Ordered: a higher value is more severe. TCSS's `Level` is a string digit;
// the official examples fit "1" low, "2" medium, "3" high, "4" critical (an
// inference, no document says so). Anything else, empty included, is
// Unknown, and the gate never lets Unknown pass (gate.hpp).
enum class Severity { Unknown = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };
constexpr std::size_t kSeverityCount = 5;

Severity severity_from_level(std::string_view level) noexcept;
// "unknown", "low", "medium", "high", "critical".
const char *severity_name(Severity s) noexcept;
// "Unknown", "Low", "Medium", "High", "Critical" (GitLab's enum spells them so).
const char *severity_title(Severity s) noexcept;
inline std::size_t severity_index(Severity s) noexcept { return static_cast<std::size_t>(s); }

// One element of ImageVul.Components[].
struct Component {
    std::string name, version, fixed_version, path, type;
};

struct Finding {
    std::string cve_id;          // CVEID, may be empty
    std::string poc_id;          // POCID: TCSS's own id (e.g. pcmgr-209472)
    std::string name;            // Name: the vulnerability's title
    std::string component;       // Component
    std::string version;         // Version of the component
    std::string fixed_versions;  // FixedVersions (free text, e.g. "8.4.0-r0")
    std::vector<Component> components;
    std::vector<std::string> tags;        // Tag[] as given
    bool can_be_fixed = false;            // see finding_from_json
    std::string cvss_score;               // CvssScore text, e.g. "9.8"
    std::string cvss_vector;              // CvssVector text
    std::string description;              // Des
    std::string solution;                 // OfficialSolution
    std::string category;                 // Category
    std::vector<std::string> references;  // Reference, a JSON array inside a string, parsed
    std::string level;                    // Level as TCSS sent it (a number is printed)
    Severity severity = Severity::Unknown;
};

// Applied to every string before it is stored: the lead's cleaning (mask
// known secrets, strip control characters and invalid UTF-8, bound the size).
using Cleaner = std::function<std::string(const std::string &)>;

// Reads one ImageVul object. Missing or mistyped members give empty values,
// never an error: a row is untrusted and the report must still be written.
// can_be_fixed: Tag[] holds "CanBeFixed", or FixedVersions or any
// Components[].FixedVersion is non-empty. `Reference` that is not a JSON
// array of strings is kept as one reference when it is non-empty text.
// `row` that is not an object gives a Finding with Unknown severity.
Finding finding_from_json(const cJSON *row, const Cleaner &clean);

// Every row of a DescribeAssetImageRegistryVulList answer's `List` (or of
// the Response object holding it), appended to `out`.
void append_findings(const cJSON *list_or_response, const Cleaner &clean, std::vector<Finding> &out);

// The identifier a person looks for: CVEID, else POCID, else "" .
const std::string &display_id(const Finding &f) noexcept;

}  // namespace tcss::scan
