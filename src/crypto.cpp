// SHA-256 and HMAC-SHA256 through mbedTLS 2.28's generic message-digest API,
// lower-case hex, and the wipe every secret-holding buffer goes through.
#include "crypto.hpp"
#include "error.hpp"
#include "secret.hpp"

#include <tcss/tcss.h>

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>

namespace tcss {

namespace {

const mbedtls_md_info_t *sha256_info() {
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (info == nullptr)
        throw Error(TCSS_EINTERNAL, "mbedTLS was built without SHA-256");
    return info;
}

// An empty string_view may carry a null data(); mbedTLS is only promised a
// valid pointer, so hand it one.
const unsigned char *bytes(std::string_view s) {
    static const unsigned char empty = 0;
    return s.data() != nullptr ? reinterpret_cast<const unsigned char *>(s.data()) : &empty;
}

} // namespace

void zeroize(void *p, std::size_t n) noexcept {
    // mbedtls_platform_zeroize is written so the compiler cannot drop it as a
    // dead store, unlike a plain memset right before a free.
    if (p != nullptr && n != 0)
        mbedtls_platform_zeroize(p, n);
}

Digest sha256(std::string_view data) {
    Digest out{};
    if (mbedtls_md(sha256_info(), bytes(data), data.size(), out.data()) != 0)
        throw Error(TCSS_EINTERNAL, "SHA-256 failed");
    return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) {
    Digest out{};
    // mbedtls_md_hmac() keeps the padded key in a context it frees with
    // mbedtls_md_free(), which zeroizes it.
    if (mbedtls_md_hmac(sha256_info(), bytes(key), key.size(), bytes(data), data.size(),
                        out.data()) != 0)
        throw Error(TCSS_EINTERNAL, "HMAC-SHA256 failed");
    return out;
}

std::string hex(const std::uint8_t *data, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.resize(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0f];
    }
    return out;
}

} // namespace tcss
