// TC3-HMAC-SHA256, as the official Tencent Cloud SDKs and the API docs sign
// (see Tencent Cloud's public "Signature v3" API page). Every stage is kept in SignStages so the
// unit tests can compare each one with the published vectors.
#include "signer.hpp"
#include "ascii.hpp"
#include "credentials.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <cstdio>
#include <map>

namespace tcss {

namespace {

constexpr const char *kAlgorithm = "TC3-HMAC-SHA256";

// Trims spaces/tabs and lower-cases ASCII, as the TC3 spec asks of header
// names and values. Locale-independent on purpose.
std::string canonical_token(std::string_view s) { return ascii::lower(ascii::trim_blanks(s)); }

// A CR, LF or NUL inside a header would let one header smuggle another line
// into both the canonical request and the HTTP request.
void check_header_text(std::string_view what, std::string_view text) {
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            invalid("signer: header " + std::string(what) + " contains a line break or NUL");
}

// Canonical headers: name -> value, both lower-cased and trimmed, sorted by
// name (std::map orders bytes the way the SDKs' sort does for ASCII).
std::map<std::string, std::string> canonical_headers(const SignInput &in) {
    std::map<std::string, std::string> headers;
    auto add = [&headers](std::string_view name, std::string_view value) {
        check_header_text("name", name);
        check_header_text("value", value);
        std::string key = canonical_token(name);
        if (key.empty()) invalid("signer: a header to sign has an empty name");
        if (key.find(':') != std::string::npos || key.find(';') != std::string::npos)
            invalid("signer: header name '" + key + "' contains ':' or ';'");
        if (!headers.emplace(key, canonical_token(value)).second)
            invalid("signer: header '" + key + "' is signed twice");
    };
    add("content-type", in.content_type);
    add("host", in.host);
    if (headers["host"].empty()) invalid("signer: the host is empty");
    for (const auto &h : in.extra_headers) add(h.first, h.second);
    return headers;
}

// Days since 1970-01-01 to a proleptic Gregorian civil date (Howard Hinnant's
// days_from_civil inverse). Exact for every int64 day count that can come
// from an int64 timestamp / 86400, with no libc state involved.
void civil_from_days(std::int64_t z, std::int64_t &y, unsigned &m, unsigned &d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
    d = doy - (153 * mp + 2) / 5 + 1;                              // [1, 31]
    m = mp < 10 ? mp + 3 : mp - 9;                                 // [1, 12]
    if (m <= 2) ++y;
}

}  // namespace

SignStages::~SignStages() {
    zeroize(k_date.data(), k_date.size());
    zeroize(k_service.data(), k_service.size());
    zeroize(k_signing.data(), k_signing.size());
}

std::string utc_date(std::int64_t timestamp) {
    // Floor division, so 1969-12-31T23:59:59 (-1) is still 1969-12-31.
    std::int64_t days = timestamp / 86400;
    if (timestamp % 86400 < 0) --days;
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u", y < 0 ? "-" : "", static_cast<long long>(y < 0 ? -y : y), m,
                  d);
    return buf;
}

SignStages tc3_sign(const SignInput &in) {
    if (in.method.empty()) invalid("signer: the HTTP method is empty");
    if (in.service.empty() || in.service.find('/') != std::string::npos)
        invalid("signer: the service name must be non-empty and contain no '/'");
    check_secret_id(in.secret_id, "signer");
    if (in.secret_key.empty()) throw Error(TCSS_ECREDENTIALS, "signer: the SecretKey is empty");

    const std::map<std::string, std::string> headers = canonical_headers(in);

    SignStages st;
    std::string header_block;
    for (const auto &h : headers) {
        header_block += h.first + ':' + h.second + '\n';
        if (!st.signed_headers.empty()) st.signed_headers += ';';
        st.signed_headers += h.first;
    }

    st.canonical_request = in.method + "\n/\n" + in.query + '\n' + header_block + '\n' + st.signed_headers + '\n' +
                           hex(sha256(in.payload));
    st.canonical_request_hash = hex(sha256(st.canonical_request));

    st.date = utc_date(in.timestamp);
    st.scope = st.date + '/' + in.service + "/tc3_request";
    st.string_to_sign = std::string(kAlgorithm) + '\n' + std::to_string(in.timestamp) + '\n' + st.scope + '\n' +
                        st.canonical_request_hash;

    if (in.signing_key != nullptr) {
        st.k_signing = *in.signing_key;
    } else {
        {
            SecretString first_key("TC3");
            first_key.append(in.secret_key.data(), in.secret_key.size());
            st.k_date = hmac_sha256(first_key, st.date);
        }
        st.k_service = hmac_sha256(as_view(st.k_date), in.service);
        st.k_signing = hmac_sha256(as_view(st.k_service), "tc3_request");
    }
    st.signature = hex(hmac_sha256(as_view(st.k_signing), st.string_to_sign));

    st.authorization = std::string(kAlgorithm) + " Credential=" + in.secret_id + '/' + st.scope +
                       ", SignedHeaders=" + st.signed_headers + ", Signature=" + st.signature;
    return st;
}

Digest derive_signing_key(std::string_view secret_key, std::string_view date, std::string_view service) {
    SecretString first_key("TC3");
    first_key.append(secret_key.data(), secret_key.size());
    Digest k_date = hmac_sha256(first_key, date);
    Digest k_service = hmac_sha256(as_view(k_date), service);
    Digest k_signing = hmac_sha256(as_view(k_service), "tc3_request");
    zeroize(k_date.data(), k_date.size());
    zeroize(k_service.data(), k_service.size());
    return k_signing;
}

}  // namespace tcss
