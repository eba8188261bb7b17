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
    static constexpr std::size_t name = 256;
    static constexpr std::size_t username = 512;
    static constexpr std::size_t password = 16384;  // registry tokens (ECR, ACR) run to several KiB
    static constexpr std::size_t url = 2048;
    static constexpr std::size_t short_text = 128;   // RegistryVersion, RegistryRegion, InstanceId, Quuid, Uuid
    static constexpr std::size_t webhook_token = 4096;
    static constexpr std::size_t conn_detect_items = 100;
};

void validate_spec(const tcss_registry_spec *spec);

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// A value shown inside an error message: quoted, control bytes escaped,
// cut at 64 bytes. Never use it for a secret.
std::string quote_for_message(std::string_view s);

} // namespace tcss
