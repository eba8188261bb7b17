#include "response.hpp"

#include "ascii.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>

namespace tcss {

void bad_response(long status, const std::string &what) {
    throw Error(ErrorInfo::bad_response("bad response from the service (HTTP " + std::to_string(status) + "): " + what,
                                        status));
}

namespace {

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
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return true;
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

bool read_envelope_error(const cJSON *response, Envelope &out) {
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

}  // namespace

long long read_id(std::string_view body, const ParsedReply &reply, const cJSON *object, const cJSON *member,
                  const char *what, long status) {
    RawJson raw(body);
    const auto at_response = member_index(reply.root.get(), reply.response);
    const auto at_member = member_index(object, member);
    std::string_view text;
    // Members of the Response object itself are found by position; deeper
    // ones are read from cJSON's double, exact below 2^53.
    if (object == reply.response && at_response && at_member && raw.enter_member(*at_response) &&
        raw.enter_member(*at_member))
        text = raw.scalar();
    if (ascii::all_digits(text)) {
        if (auto v = exact_integer(text)) return *v;
        bad_response(status, "\"" + std::string(what) + "\" is larger than 2^63-1");
    }
    const double v = member->valuedouble;
    if (!std::isfinite(v) || v != std::floor(v) || v < 0 || v >= 9007199254740992.0)
        bad_response(status, "\"" + std::string(what) + "\" is not a non-negative integer");
    return static_cast<long long>(v);
}

bool parse_error_envelope(std::string_view body, Envelope &out) {
    Json root = parse(body);
    if (!root) return false;
    const cJSON *response = cJSON_GetObjectItemCaseSensitive(root.get(), "Response");
    if (!cJSON_IsObject(response)) return false;
    return read_envelope_error(response, out);
}

ParsedReply parse_reply(std::string_view body, long http_status) {
    if (body.size() > kMaxResponseBytes)
        bad_response(http_status, "larger than " + std::to_string(kMaxResponseBytes) + " bytes");
    if (body.empty()) bad_response(http_status, "empty body");
    ParsedReply out;
    out.root = parse(body);
    if (!out.root) bad_response(http_status, "not valid JSON (" + std::to_string(body.size()) + " bytes)");
    out.response = cJSON_GetObjectItemCaseSensitive(out.root.get(), "Response");
    if (!cJSON_IsObject(out.response)) bad_response(http_status, "no \"Response\" object");
    if (cJSON_GetObjectItemCaseSensitive(out.response, "Error") != nullptr) {
        if (!read_envelope_error(out.response, out.envelope)) bad_response(http_status, "malformed \"Response.Error\"");
        return out;
    }
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(out.response, "RequestId");
    if (!cJSON_IsString(rid) || rid->valuestring == nullptr || rid->valuestring[0] == '\0')
        bad_response(http_status, "\"Response.RequestId\" missing or not a string");
    out.envelope.request_id = rid->valuestring;
    return out;
}

ApiResponse read_add_response(std::string_view body, const ParsedReply &reply, long http_status) {
    ApiResponse out;
    static_cast<Envelope &>(out) = reply.envelope;
    if (out.is_error) return out;
    const cJSON *response = reply.response;
    // Every member is optional in the SDKs' models: an absent RegistryId is
    // 0, and the caller looks the registry up by name.
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(response, "RegistryId");
    if (id != nullptr && !cJSON_IsNumber(id) && !cJSON_IsNull(id))
        bad_response(http_status, "\"Response.RegistryId\" is not a number");
    out.registry_id = cJSON_IsNumber(id) ? read_id(body, reply, response, id, "Response.RegistryId", http_status) : 0;
    if (!opt_string(response, "HealthCheckErr", out.health_check_err))
        bad_response(http_status, "\"Response.HealthCheckErr\" is not a string");
    if (!opt_string(response, "NameRepeatErr", out.name_repeat_err))
        bad_response(http_status, "\"Response.NameRepeatErr\" is not a string");
    return out;
}

ApiResponse parse_add_response(std::string_view body, long http_status) {
    const ParsedReply reply = parse_reply(body, http_status);
    return read_add_response(body, reply, http_status);
}

}  // namespace tcss
