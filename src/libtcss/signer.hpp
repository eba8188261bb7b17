// TC3-HMAC-SHA256: the canonical request, the string to sign, the derived
// keys and the Authorization header. Every stage is kept so tests can assert
// each one against the published vectors.
#pragma once

#include "crypto.hpp"
#include "secret.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tcss {

struct SignInput {
    std::string method = "POST";
    std::string query;         // "" for POST
    std::string host;          // e.g. "tcss.intl.tencentcloudapi.com"
    std::string content_type;  // exactly as sent
    // Further headers to sign besides content-type and host, name: value as
    // sent (names/values are lower-cased and trimmed by the signer).
    std::vector<std::pair<std::string, std::string>> extra_headers;
    std::string_view payload;    // exact body bytes
    std::string service;         // "tcss"
    std::int64_t timestamp = 0;  // seconds since the epoch (UTC)
    std::string secret_id;
    std::string_view secret_key;  // not copied
    // kSigning for utc_date(timestamp) and `service`, when the caller has it
    // cached (it changes once a UTC day): three of the four HMACs are then
    // skipped and k_date/k_service stay zero. nullptr: derived here.
    const Digest *signing_key = nullptr;
};

struct SignStages {
    std::string canonical_request;
    std::string canonical_request_hash;  // hex
    std::string date;                    // YYYY-MM-DD (UTC)
    std::string scope;                   // date/service/tc3_request
    std::string string_to_sign;
    Digest k_date{}, k_service{}, k_signing{};
    std::string signed_headers;  // "content-type;host"
    std::string signature;       // hex
    std::string authorization;   // full header value
    ~SignStages();               // wipes the derived keys
};

SignStages tc3_sign(const SignInput &in);

// kSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request").
// The caller wipes the result when done with it.
Digest derive_signing_key(std::string_view secret_key, std::string_view date, std::string_view service);

// UTC date "YYYY-MM-DD" of a Unix timestamp.
std::string utc_date(std::int64_t timestamp);

}  // namespace tcss
