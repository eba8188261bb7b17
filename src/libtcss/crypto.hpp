// SHA-256 and HMAC-SHA256 through mbedTLS, plus hex encoding.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tcss {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view data);
Digest hmac_sha256(std::string_view key, std::string_view data);
std::string hex(const std::uint8_t *data, std::size_t n);
inline std::string hex(const Digest &d) { return hex(d.data(), d.size()); }
inline std::string_view as_view(const Digest &d) { return {reinterpret_cast<const char *>(d.data()), d.size()}; }

}  // namespace tcss
