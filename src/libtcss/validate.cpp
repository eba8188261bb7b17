#include "validate.hpp"

#include "ascii.hpp"
#include "endpoint.hpp"
#include "error.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tcss {

long next_code_point(std::string_view s, std::size_t &i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return s[i++];
    int n;
    long cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
    } else {
        ++i;
        return -1;
    }
    if (s.size() - i <= static_cast<std::size_t>(n)) {
        ++i;
        return -1;
    }
    for (int k = 1; k <= n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return -1;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return -1;
    }
    i += static_cast<std::size_t>(n) + 1;
    return cp;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (next_code_point(s, i) < 0) return false;
    return true;
}

namespace {

// A URL's user information, masked: scheme://user:********@host (and
// ********@host when there is no ':' — a bare userinfo may be a token). Also
// without a scheme, where the refused text may still carry one. Text without
// '@' before its path is returned as it is.
std::string mask_userinfo(std::string_view s) {
    const std::size_t scheme = s.find("://");
    const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
    const std::size_t end = std::min(s.find_first_of("/?#", start), s.size());
    const std::size_t at = s.substr(0, end).rfind('@');
    if (at == std::string_view::npos || at < start) return std::string(s);
    const std::size_t colon = s.substr(start, at - start).find(':');
    const std::size_t keep = colon == std::string_view::npos ? start : start + colon + 1;
    return std::string(s.substr(0, keep)) + "********" + std::string(s.substr(at));
}

}  // namespace

std::string quote_for_message(std::string_view raw) {
    const std::string masked = mask_userinfo(raw);
    const std::string_view s = masked;
    std::string out = "\"";
    std::size_t shown = 0;
    for (unsigned char c : s) {
        if (shown++ == 64) {
            out += "...\"";
            out += " (" + std::to_string(s.size()) + " bytes)";
            return out;
        }
        if (ascii::is_control(static_cast<char>(c)) || c == '"' || c == '\\') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

void check_text(std::string_view value, const std::string &source) {
    if (ascii::has_control(value)) invalid(source + ": must not contain control characters");
}

void check_region(const std::string &region, const char *source) {
    if (region.size() > TCSS_MAX_REGION_BYTES)
        invalid(std::string(source) + ": must be at most " + std::to_string(TCSS_MAX_REGION_BYTES) + " bytes (got " +
                std::to_string(region.size()) + ")");
    for (char c : region)
        if (!ascii::is_alnum(c) && c != '-' && c != '_')
            invalid(std::string(source) +
                    ": must be a region name of letters, digits, '-' and '_', such as "
                    "ap-guangzhou (got " +
                    quote_for_message(region) + ")");
}

void check_session_token(std::string_view token, const std::string &source) {
    for (char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)  // the value itself is a secret: never shown
            throw Error(TCSS_ECREDENTIALS,
                        source + ": the session token must be printable ASCII without spaces, control "
                                 "characters or line breaks (a trailing newline from the CI's secret store?); "
                                 "nothing was sent");
    }
}

namespace {

enum class Kind { Text, Secret };

// Checks one string field. Returns false when it is not set (NULL).
bool check_string(const std::string &field, const char *value, bool required, std::size_t max, Kind kind) {
    if (value == nullptr) {
        if (required) invalid(field + ": is required");
        return false;
    }
    std::string_view v(value);
    if (v.empty()) {
        if (required) invalid(field + ": is required and must not be empty");
        invalid(field + ": must not be empty when set (leave it NULL to omit it)");
    }
    if (v.size() > max)
        invalid(field + ": must be at most " + std::to_string(max) + " bytes (got " + std::to_string(v.size()) + ")");
    if (!is_valid_utf8(v))
        invalid(field + ": must be valid UTF-8" +
                (kind == Kind::Secret ? std::string() : " (got " + quote_for_message(v) + ")"));
    if (kind == Kind::Text && ascii::has_control(v))
        invalid(field + ": must not contain control characters (got " + quote_for_message(v) + ")");
    return true;
}

// Url and WebhookUrl: the same splitter as the endpoint (split_url).
void check_url(const std::string &field, std::string_view v) {
    UrlParts parts;
    if (const char *rule = split_url(v, parts)) invalid(field + ": " + rule + " (got " + quote_for_message(v) + ")");
}

void check_flag(const char *field, long long v, const char *meaning) {
    if (v == TCSS_UNSET) return;
    if (v != 0 && v != 1) invalid(std::string(field) + ": must be 0 or 1 (" + meaning + "), got " + std::to_string(v));
}

}  // namespace

namespace {
// Whether value is one entry of a comma-separated list (the header's value lists).
bool in_comma_list(std::string_view list, std::string_view value) {
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        if (list.substr(0, comma) == value) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

// The same list as a person reads it: "a, b, c".
std::string readable_list(std::string_view list) {
    std::string out;
    for (char c : list) out += (c == ',') ? std::string(", ") : std::string(1, c);
    return out;
}
}  // namespace

void validate_spec(const tcss_registry_spec *spec) {
    if (spec == nullptr) invalid("spec: must not be NULL");
    if (!struct_version_known(spec->version, TCSS_REGISTRY_SPEC_VERSION))
        invalid("spec.version: unknown version " + std::to_string(spec->version) + " (this library knows 1 to " +
                std::to_string(TCSS_REGISTRY_SPEC_VERSION) + "; initialise with tcss_registry_spec_init)");
    using L = FieldLimits;
    check_string("Name", spec->name, true, L::name, Kind::Text);
    check_string("Username", spec->username, true, L::username, Kind::Text);
    check_string("Password", spec->password, true, L::password, Kind::Secret);
    check_string("Url", spec->url, true, L::url, Kind::Text);
    check_url("Url", spec->url);
    check_string("RegistryType", spec->registry_type, true, L::short_text, Kind::Text);
    if (!in_comma_list(TCSS_REGISTRY_TYPES, spec->registry_type))
        invalid("RegistryType: must be one of " + readable_list(TCSS_REGISTRY_TYPES) + " (got " +
                quote_for_message(spec->registry_type) + ")");
    check_string("NetType", spec->net_type, true, L::short_text, Kind::Text);
    if (!in_comma_list(TCSS_NET_TYPES, spec->net_type))
        invalid("NetType: must be \"public\" (the only network type the API accepts), got " +
                quote_for_message(spec->net_type));
    check_string("RegistryVersion", spec->registry_version, false, L::short_text, Kind::Text);
    check_string("RegistryRegion", spec->registry_region, false, L::short_text, Kind::Text);
    if (spec->speed_limit != TCSS_UNSET && spec->speed_limit < 0)
        invalid("SpeedLimit: must be 0 or more, got " + std::to_string(spec->speed_limit));
    check_flag("Insecure", spec->insecure, "0 verifies the registry's certificate, 1 skips it");
    check_flag("NeedScan", spec->need_scan, "1 scans synced images automatically");
    check_flag("SyncMode", spec->sync_mode, "0 full, 1 incremental");
    if (spec->conn_detect_count > 0) {
        if (spec->conn_detect == nullptr)
            invalid("ConnDetectConfig: conn_detect_count is " + std::to_string(spec->conn_detect_count) +
                    " but conn_detect is NULL");
        if (spec->conn_detect_count > L::conn_detect_items)
            invalid("ConnDetectConfig: at most " + std::to_string(L::conn_detect_items) + " items, got " +
                    std::to_string(spec->conn_detect_count));
        for (std::size_t i = 0; i < spec->conn_detect_count; ++i) {
            const std::string base = "ConnDetectConfig[" + std::to_string(i) + "].";
            bool q = check_string(base + "Quuid", spec->conn_detect[i].quuid, false, L::short_text, Kind::Text);
            bool u = check_string(base + "Uuid", spec->conn_detect[i].uuid, false, L::short_text, Kind::Text);
            if (!q && !u) invalid(base.substr(0, base.size() - 1) + ": set Quuid, Uuid or both");
        }
    }
    if (check_string("WebhookUrl", spec->webhook_url, false, L::url, Kind::Text))
        check_url("WebhookUrl", spec->webhook_url);
    check_string("WebhookToken", spec->webhook_token, false, L::webhook_token, Kind::Secret);
    check_string("InstanceId", spec->instance_id, false, L::short_text, Kind::Text);
}

}  // namespace tcss
