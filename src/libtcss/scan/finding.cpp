#include "scan/finding.hpp"

#include "json.hpp"

#include <cmath>
#include <utility>

namespace tcss::scan {

namespace {

constexpr const char *kNames[kSeverityCount] = {"unknown", "low", "medium", "high", "critical"};
constexpr const char *kTitles[kSeverityCount] = {"Unknown", "Low", "Medium", "High", "Critical"};

// ImageVul's string members and where each goes.
constexpr std::pair<const char *, std::string Finding::*> kMembers[] = {
    {"CVEID", &Finding::cve_id},
    {"POCID", &Finding::poc_id},
    {"Name", &Finding::name},
    {"Component", &Finding::component},
    {"Version", &Finding::version},
    {"FixedVersions", &Finding::fixed_versions},
    {"CvssScore", &Finding::cvss_score},
    {"CvssVector", &Finding::cvss_vector},
    {"Des", &Finding::description},
    {"OfficialSolution", &Finding::solution},
    {"Category", &Finding::category},
};

std::string cleaned(const cJSON *obj, const char *key, const Cleaner &clean) {
    std::string raw = json_string(obj, key);
    return raw.empty() ? raw : clean(raw);
}

// Level: a string digit, or (tolerated) a JSON number 1..4.
std::string level_text(const cJSON *row) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, "Level");
    if (cJSON_IsString(v) && v->valuestring != nullptr) return v->valuestring;
    if (cJSON_IsNumber(v) && std::isfinite(v->valuedouble) && v->valuedouble == std::floor(v->valuedouble) &&
        std::fabs(v->valuedouble) < 1e9)
        return std::to_string(static_cast<long>(v->valuedouble));
    return {};
}

std::vector<std::string> string_array(const cJSON *arr, const Cleaner &clean) {
    std::vector<std::string> out;
    const cJSON *item = nullptr;
    if (!cJSON_IsArray(arr)) return out;
    cJSON_ArrayForEach(item, arr) {
        if (cJSON_IsString(item) && item->valuestring != nullptr && item->valuestring[0] != '\0')
            out.push_back(clean(item->valuestring));
    }
    return out;
}

// Reference: "[\"https://...\", ...]" as the examples show; other text is
// kept whole as one reference.
std::vector<std::string> references(const cJSON *row, const Cleaner &clean) {
    const std::string raw = json_string(row, "Reference");
    if (raw.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    Json parsed(cJSON_ParseWithLength(raw.data(), raw.size()));
    if (parsed && cJSON_IsArray(parsed.get())) return string_array(parsed.get(), clean);
    return {clean(raw)};
}

std::vector<Component> components(const cJSON *row, const Cleaner &clean) {
    std::vector<Component> out;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(row, "Components");
    const cJSON *item = nullptr;
    if (!cJSON_IsArray(arr)) return out;
    cJSON_ArrayForEach(item, arr) {
        if (!cJSON_IsObject(item)) continue;
        out.push_back(Component{cleaned(item, "Name", clean), cleaned(item, "Version", clean),
                                cleaned(item, "FixedVersion", clean), cleaned(item, "Path", clean),
                                cleaned(item, "Type", clean)});
    }
    return out;
}

bool fixable(const Finding &f) {
    for (const auto &t : f.tags)
        if (t == "CanBeFixed") return true;
    if (!f.fixed_versions.empty()) return true;
    for (const auto &c : f.components)
        if (!c.fixed_version.empty()) return true;
    return false;
}

}  // namespace

Severity severity_from_level(std::string_view level) noexcept {
    if (level.size() != 1 || level[0] < '1' || level[0] > '4') return Severity::Unknown;
    return static_cast<Severity>(level[0] - '0');
}

const char *severity_name(Severity s) noexcept { return kNames[severity_index(s) % kSeverityCount]; }
const char *severity_title(Severity s) noexcept { return kTitles[severity_index(s) % kSeverityCount]; }

Finding finding_from_json(const cJSON *row, const Cleaner &clean) {
    Finding f;
    if (!cJSON_IsObject(row)) return f;
    for (const auto &[key, member] : kMembers) f.*member = cleaned(row, key, clean);
    f.components = components(row, clean);
    f.tags = string_array(cJSON_GetObjectItemCaseSensitive(row, "Tag"), clean);
    f.can_be_fixed = fixable(f);
    f.references = references(row, clean);
    const std::string level = level_text(row);
    f.severity = severity_from_level(level);
    f.level = level.empty() ? level : clean(level);
    return f;
}

void append_findings(const cJSON *list_or_response, const Cleaner &clean, std::vector<Finding> &out) {
    const cJSON *list = list_or_response;
    if (cJSON_IsObject(list)) list = cJSON_GetObjectItemCaseSensitive(list, "List");
    const cJSON *row = nullptr;
    if (!cJSON_IsArray(list)) return;
    cJSON_ArrayForEach(row, list) out.push_back(finding_from_json(row, clean));
}

const std::string &display_id(const Finding &f) noexcept { return f.cve_id.empty() ? f.poc_id : f.cve_id; }

}  // namespace tcss::scan
