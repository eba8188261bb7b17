// The last line of defence for logs, error messages and everything the
// service sends back: every known secret value is replaced by "********"
// wherever it appears, however the text was built or encoded. Structured
// masking (request_body's Secrets::Mask, the masked Authorization signature)
// comes first; this catches whatever slips past.
//
// What apply() recognises, for each secret added:
//  - the value as given;
//  - its JSON-escaped forms, escaped once, twice (a JSON string inside a
//    JSON string) or three times (that, inside a raw JSON body in a trace):
//    \" \\ \/ \b \f \n \r \t, \uXXXX for any character (upper or lower hex,
//    surrogate pairs above U+FFFF), \xNN and \' as other languages write
//    them, in any mix;
//  - its percent-encoded forms: %XX for any byte (upper or lower hex), %25XX
//    (encoded twice) and + for a space, as in https://user:p%40ss@host;
//  - any mix of the two (a percent-encoded value inside a JSON string).
// add_basic_auth() adds base64 of "user:password" (an Authorization: Basic
// header): the whole padded blob, and the characters that depend only on it
// at each of the three byte offsets it can have inside a longer blob, in the
// standard and URL-safe alphabets.
// Whatever the secrets, a URL's user information keeps its user and loses
// its password: scheme://user:pass@host -> scheme://user:********@host (also
// as scheme:\/\/ in JSON text). A userinfo without ':' is a user name and is
// kept.
//
// Short secrets: values shorter than kMinLength (4) bytes are not searched
// for in free text. A 1-3 byte value occurs in ordinary words, numbers and
// RequestIds; masking it would garble every message and the pattern of masks
// would itself disclose the value ("Th******** op********ration" gives away
// "e"). Such values are still hidden where the structure says they are a
// secret (the Password field of bodies, the signature, the password part of
// any URL's user information). The masks of base64 pieces obey the same rule.
#pragma once

#include "secret.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tcss {

class Redactor {
  public:
    static constexpr std::size_t kMinLength = 4;
    static constexpr std::size_t kCleanMax = 4096;

    // Copies the value (into wiped storage); shorter than kMinLength: ignored.
    void add(std::string_view secret);
    // add(password), plus base64 of "user:password" (see above).
    void add_basic_auth(std::string_view user, std::string_view password);
    // Every secret `other` holds.
    void merge(const Redactor &other);
    std::string apply(std::string_view text) const;

    // Text that came from the network (service messages, error codes,
    // RequestIds, health-check text), made safe to show anywhere, in this
    // order: every known secret masked (apply); invalid UTF-8 replaced by
    // U+FFFD; control characters escaped as visible text (\n \r \t, other C0
    // and DEL as \xNN, C1, line/paragraph separators and bidi controls as
    // \uNNNN), and CI log commands defused ("##[", "##vso[" anywhere and a
    // leading "::" get their first character written \x23 / \x3a); masked
    // again (an escape may have written a secret's escaped form); then cut
    // to at most `max` bytes on a UTF-8 boundary, ending in
    // "...[truncated]" when cut. The result is valid UTF-8 without control
    // characters: one line, safe in JSON, a terminal or a CI log.
    std::string clean(std::string_view untrusted, std::size_t max = kCleanMax) const;

  private:
    struct Shape {             // what apply() learns about a text before it scans it
        bool first[256] = {};  // bytes that start a secret
        bool backslash = false, percent = false;
    };
    std::size_t longest_at(std::string_view text, std::size_t i, const Shape &shape) const;
    std::vector<SecretString> secrets_;
};

// "TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=********"
std::string mask_signature(std::string_view authorization);

}  // namespace tcss
