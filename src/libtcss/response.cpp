#include "response.hpp"

#include "ascii.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <cJSON.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>

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
    const std::size_t used = end == nullptr ? body.size() : static_cast<std::size_t>(end - body.data());
    if (!ascii::all_json_ws(body.substr(used))) return nullptr;
    return j;
}

// cJSON keeps a number only as a double, exact up to 2^53. To read a
// RegistryId exactly, RawJson finds the number's own text in a body cJSON
// has already accepted, by position: the n-th member of each object on the
// way (cJSON keeps members in document order and its lookups return the
// first match), so keys need no decoding. Any surprise gives nothing.
class RawJson {
  public:
    explicit RawJson(std::string_view s) : s_(s) {
        if (s_.substr(0, 3) == "\xEF\xBB\xBF") s_.remove_prefix(3);  // cJSON skips a BOM too
    }
    // Moves to the value of the `index`-th member of the object here.
    bool enter_member(std::size_t index) {
        if (!take('{')) return false;
        for (std::size_t i = 0;; ++i) {
            if (!skip_string() || !take(':')) return false;
            if (i == index) return true;
            if (!skip_value() || !take(',')) return false;
        }
    }
    // Consumes and returns the scalar here (a number's text).
    std::string_view scalar() {
        skip_ws();
        std::size_t n = 0;
        while (n < s_.size() && !is_cjson_ws(s_[n]) && s_[n] != ',' && s_[n] != '}' && s_[n] != ']') ++n;
        const std::string_view out = s_.substr(0, n);
        s_.remove_prefix(n);
        return out;
    }

  private:
    // Between tokens cJSON skips every byte up to and including space.
    static bool is_cjson_ws(char c) { return static_cast<unsigned char>(c) <= 0x20; }
    void skip_ws() {
        while (!s_.empty() && is_cjson_ws(s_.front())) s_.remove_prefix(1);
    }
    bool take(char c) {
        skip_ws();
        if (s_.empty() || s_.front() != c) return false;
        s_.remove_prefix(1);
        return true;
    }
    bool skip_string() {
        if (!take('"')) return false;
        for (std::size_t i = 0; i < s_.size(); ++i) {
            if (s_[i] == '\\') {
                ++i;
            } else if (s_[i] == '"') {
                s_.remove_prefix(i + 1);
                return true;
            }
        }
        return false;
    }
    bool skip_value() {
        skip_ws();
        if (s_.empty()) return false;
        if (s_.front() == '"') return skip_string();
        if (s_.front() == '{' || s_.front() == '[') return skip_nested();
        return !scalar().empty();
    }
    bool skip_nested() {
        for (std::size_t depth = 0; !s_.empty();) {
            const char c = s_.front();
            if (c == '"') {
                if (!skip_string()) return false;
                continue;
            }
            s_.remove_prefix(1);
            if (c == '{' || c == '[') ++depth;
            else if ((c == '}' || c == ']') && --depth == 0) return true;
        }
        return false;
    }
    std::string_view s_;
};

std::optional<std::size_t> member_index(const cJSON *object, const cJSON *member) {
    std::size_t i = 0;
    for (const cJSON *c = object->child; c != nullptr; c = c->next, ++i)
        if (c == member) return i;
    return std::nullopt;
}

// Plain digits as an exact int64; nothing when it does not fit.
std::optional<long long> exact_integer(std::string_view digits) {
    constexpr long long kMax = std::numeric_limits<long long>::max();
    long long v = 0;
    for (char c : digits) {
        const int d = c - '0';
        if (v > (kMax - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

// Response.RegistryId, a non-negative integer. Plain digits are read exactly
// from the number's text, up to 2^63-1; other spellings cJSON accepts (1e3,
// 12.0) only below 2^53, where the double is exact.
long long read_registry_id(std::string_view body, const cJSON *root, const cJSON *response, const cJSON *id,
                           long status) {
    RawJson raw(body);
    const auto at_response = member_index(root, response), at_id = member_index(response, id);
    std::string_view text;
    if (at_response && at_id && raw.enter_member(*at_response) && raw.enter_member(*at_id)) text = raw.scalar();
    if (ascii::all_digits(text)) {
        if (auto v = exact_integer(text)) return *v;
        bad(status, "\"Response.RegistryId\" is larger than 2^63-1");
    }
    const double v = id->valuedouble;
    if (!std::isfinite(v) || v != std::floor(v) || v < 0 || v >= 9007199254740992.0)
        bad(status, "\"Response.RegistryId\" is not a non-negative integer");
    return static_cast<long long>(v);
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
    out.registry_id = read_registry_id(body, root.get(), response, id, http_status);
    if (!opt_string(response, "HealthCheckErr", out.health_check_err))
        bad(http_status, "\"Response.HealthCheckErr\" is not a string");
    if (!opt_string(response, "NameRepeatErr", out.name_repeat_err))
        bad(http_status, "\"Response.NameRepeatErr\" is not a string");
    return out;
}

} // namespace tcss
