// SHA-256 through mbedTLS 2.28's SHA-256 module, HMAC-SHA256 (RFC 2104) on
// top of it, lower-case hex, and the wipe every secret-holding buffer goes
// through. The direct SHA-256 API allocates nothing, unlike mbedtls_md's
// generic contexts, which halved the cost of a signature.
#include "crypto.hpp"
#include "error.hpp"
#include "secret.hpp"

#include <tcss/tcss.h>

#include <mbedtls/sha256.h>

#include <algorithm>
#include <mbedtls/platform_util.h>

namespace tcss {

namespace {

// An empty string_view may carry a null data(); mbedTLS is only promised a
// valid pointer, so hand it one.
const unsigned char *bytes(std::string_view s) {
    static const unsigned char empty = 0;
    return s.data() != nullptr ? reinterpret_cast<const unsigned char *>(s.data()) : &empty;
}

}  // namespace

void zeroize(void *p, std::size_t n) noexcept {
    // mbedtls_platform_zeroize is written so the compiler cannot drop it as a
    // dead store, unlike a plain memset right before a free.
    if (p != nullptr && n != 0) mbedtls_platform_zeroize(p, n);
}

Digest sha256(std::string_view data) {
    Digest out{};
    if (mbedtls_sha256_ret(bytes(data), data.size(), out.data(), 0) != 0) throw Error(TCSS_EINTERNAL, "SHA-256 failed");
    return out;
}

namespace {

// A SHA-256 context that is always freed (mbedtls_sha256_free zeroizes it).
struct Sha256 {
    mbedtls_sha256_context ctx;
    Sha256() {
        mbedtls_sha256_init(&ctx);
        check(mbedtls_sha256_starts_ret(&ctx, 0));
    }
    ~Sha256() { mbedtls_sha256_free(&ctx); }
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;
    void update(const unsigned char *p, std::size_t n) { check(mbedtls_sha256_update_ret(&ctx, p, n)); }
    void finish(unsigned char *out) { check(mbedtls_sha256_finish_ret(&ctx, out)); }
    static void check(int rc) {
        if (rc != 0) throw Error(TCSS_EINTERNAL, "SHA-256 failed");
    }
};

}  // namespace

Digest hmac_sha256(std::string_view key, std::string_view data) {
    constexpr std::size_t block = 64;
    unsigned char pad[block] = {};
    Digest inner{}, out{};
    const auto wipe = on_scope_exit([&pad, &inner] {
        zeroize(pad, block);
        zeroize(inner.data(), inner.size());
    });
    if (key.size() > block) {
        Digest hashed = sha256(key);
        std::copy(hashed.begin(), hashed.end(), pad);
        zeroize(hashed.data(), hashed.size());
    } else {
        std::copy(key.begin(), key.end(), pad);
    }
    for (auto &b : pad) b ^= 0x36;
    {
        Sha256 h;
        h.update(pad, block);
        h.update(bytes(data), data.size());
        h.finish(inner.data());
    }
    for (auto &b : pad) b ^= 0x36 ^ 0x5c;
    {
        Sha256 h;
        h.update(pad, block);
        h.update(inner.data(), inner.size());
        h.finish(out.data());
    }
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

}  // namespace tcss
