#include "response.hpp"

#include "error.hpp"

#include <tcss/tcss.h>

#include <cJSON.h>

#include <cmath>
#include <memory>

namespace tcss {
namespace {

struct JsonDeleter {
    void operator()(cJSON *j) const noexcept { cJSON_Delete(j); }
};
using Json = std::unique_ptr<cJSON, JsonDeleter>;

[[noreturn]] void bad(long status, const std::string &what) {
    ErrorInfo info;
    info.code = TCSS_EBADRESPONSE;
    info.http_status = status;
    info.message = "bad response from the service (HTTP " + std::to_string(status) + "): " + what;
    throw Error(std::move(info));
}

Json parse(std::string_view body) {
    if (body.size() > kMaxResponseBytes) return nullptr;
    const char *end = nullptr;
    Json j(cJSON_ParseWithLengthOpts(body.data(), body.size(), &end, 0));
    if (!j) return nullptr;
    // Only white space may follow the JSON value.
    const char *stop = body.data() + body.size();
    for (const char *p = end; p != nullptr && p < stop; ++p)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') return nullptr;
    return j;
}

// Reads an optional string member: absent or null is "", another type is bad.
bool opt_string(const cJSON *obj, const char *key, std::string &out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == nullptr || cJSON_IsNull(item)) { out.clear(); return true; }
    if (!cJSON_IsString(item) || item->valuestring == nullptr) return false;
    out = item->valuestring;
    return true;
}

bool read_envelope_error(const cJSON *response, ApiResponse &out) {
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(response, "Error");
    if (!cJSON_IsObject(error)) return false;
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(error, "Code");
    if (!cJSON_IsString(code) || code->valuestring == nullptr || code->valuestring[0] == '\0') return false;
    out.is_error = true;
    out.error_code = code->valuestring;
    if (!opt_string(error, "Message", out.error_message)) out.error_message.clear();
    if (!opt_string(response, "RequestId", out.request_id)) out.request_id.clear();
    return true;
}

} // namespace

bool parse_error_envelope(std::string_view body, ApiResponse &out) {
    Json root = parse(body);
    if (!root) return false;
    const cJSON *response = cJSON_GetObjectItemCaseSensitive(root.get(), "Response");
    if (!cJSON_IsObject(response)) return false;
    return read_envelope_error(response, out);
}

ApiResponse parse_add_response(std::string_view body, long http_status) {
    if (body.size() > kMaxResponseBytes)
        bad(http_status, "larger than " + std::to_string(kMaxResponseBytes) + " bytes");
    if (body.empty()) bad(http_status, "empty body");
    Json root = parse(body);
    if (!root) bad(http_status, "not valid JSON (" + std::to_string(body.size()) + " bytes)");
    const cJSON *response = cJSON_GetObjectItemCaseSensitive(root.get(), "Response");
    if (!cJSON_IsObject(response)) bad(http_status, "no \"Response\" object");
    ApiResponse out;
    if (cJSON_GetObjectItemCaseSensitive(response, "Error") != nullptr) {
        if (!read_envelope_error(response, out)) bad(http_status, "malformed \"Response.Error\"");
        return out;
    }
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(response, "RequestId");
    if (!cJSON_IsString(rid) || rid->valuestring == nullptr || rid->valuestring[0] == '\0')
        bad(http_status, "\"Response.RequestId\" missing or not a string");
    out.request_id = rid->valuestring;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(response, "RegistryId");
    if (!cJSON_IsNumber(id)) bad(http_status, "\"Response.RegistryId\" missing or not a number");
    double v = id->valuedouble;
    if (!std::isfinite(v) || v != std::floor(v) || v < 0 || v > 9007199254740992.0)
        bad(http_status, "\"Response.RegistryId\" is not a non-negative integer");
    out.registry_id = static_cast<long long>(v);
    if (!opt_string(response, "HealthCheckErr", out.health_check_err))
        bad(http_status, "\"Response.HealthCheckErr\" is not a string");
    if (!opt_string(response, "NameRepeatErr", out.name_repeat_err))
        bad(http_status, "\"Response.NameRepeatErr\" is not a string");
    return out;
}

} // namespace tcss
