// Checks on what the caller passes in, run before anything is sent. Every
// failure is Error(TCSS_EINVAL) with a message that names the API field and
// the rule, e.g. `RegistryType: must be one of harbor, quay, ...`.
#pragma once

#include <tcss/tcss.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace tcss {

// Longest value accepted per field, in bytes.
struct FieldLimits {
    static constexpr std::size_t name = TCSS_MAX_NAME_BYTES;
    static constexpr std::size_t username = TCSS_MAX_USERNAME_BYTES;
    static constexpr std::size_t password = TCSS_MAX_PASSWORD_BYTES;  // registry tokens (ECR, ACR) run to several KiB
    static constexpr std::size_t url = TCSS_MAX_URL_BYTES;
    static constexpr std::size_t short_text =
        TCSS_MAX_SHORT_TEXT_BYTES;  // RegistryVersion, RegistryRegion, InstanceId, Quuid, Uuid
    static constexpr std::size_t webhook_token = TCSS_MAX_WEBHOOK_TOKEN_BYTES;
    static constexpr std::size_t conn_detect_items = TCSS_MAX_CONN_DETECT_ITEMS;
};

void validate_spec(const tcss_registry_spec *spec);

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);
// The code point at s[i], advancing i past it; -1 (advancing one byte) for
// a byte that does not start a well-formed sequence (overlong, surrogate,
// above U+10FFFF, truncated).
long next_code_point(std::string_view s, std::size_t &i) noexcept;

// A value shown inside an error message: quoted, control bytes escaped,
// cut at 64 bytes, and a URL's user information masked
// ("https://user:********@host"; "********@host" without a ':'), since a
// refused URL may carry a password or a token. Never use it for a secret.
std::string quote_for_message(std::string_view s);

// The values that go into headers or settings, checked before anything is
// sent: CR, LF or another control character in any of them would split or
// inject headers. `source` names where the value came from (the option or
// the variable) and starts the message.
void check_text(std::string_view value, const std::string &source);  // TCSS_EINVAL
void check_region(const std::string &region, const char *source);    // TCSS_EINVAL
// The value itself is a secret and never shown: TCSS_ECREDENTIALS.
void check_session_token(std::string_view token, const std::string &source);

}  // namespace tcss
