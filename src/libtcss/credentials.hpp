// The credential chain: explicit values, then the environment, then the
// profile file, as the official SDKs read them.
#pragma once

#include "secret.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tcss {

struct Credentials {
    std::string secret_id;
    SecretString secret_key;
    SecretString token;        // empty: permanent credentials
    std::string source;        // "options", "environment", the file path, or a keyless source
};

// The keyless sources, asked by resolve_credentials in their places in the
// chain. Each gives credentials, or nothing with `skipped` saying why (for
// the "no credentials" message); a refusal throws. Unset: not in the chain.
using KeylessSource = std::function<std::optional<Credentials>(std::string &skipped)>;
struct KeylessHooks {
    KeylessSource web_identity;  // after the environment
    KeylessSource cvm_role;      // after the profile files, the last source
};

// Looks a variable up; returns nullptr when unset. Injected so tests can
// run the chain without touching the process environment.
using GetEnv = std::function<const char *(const char *)>;

struct CredentialRequest {
    const char *secret_id = nullptr;     // explicit, from tcss_client_options
    const char *secret_key = nullptr;
    const char *session_token = nullptr;
    const char *profile = nullptr;       // NULL: $TENCENTCLOUD_PROFILE, else "default"
};

// Resolution order:
//  1. explicit secret_id + secret_key (+ session_token);
//  2. TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY (+ TENCENTCLOUD_SESSION_TOKEN);
//  3. $HOME/.tencentcloud/credentials, then /etc/tencentcloud/credentials:
//     INI section [profile] with secret_id, secret_key and optional token.
// A half-set pair at any step is an error (TCSS_ECREDENTIALS) naming the step;
// nothing found anywhere is an error listing every place looked at.
// A profile named explicitly but missing from the files is an error too.
// With hooks: 1, 2, web identity, 3, CVM role.
Credentials resolve_credentials(const CredentialRequest &req, const GetEnv &env,
                                const KeylessHooks &hooks = {});

// Parses INI text and returns the named section's credentials, or nothing
// when the section is absent. Throws Error(TCSS_ECREDENTIALS) when the
// section has only one of secret_id / secret_key. `origin` names the file in
// messages. Accepts '#' and ';' comments, blank lines, spaces around '=',
// CRLF line ends, and a UTF-8 BOM.
std::optional<Credentials> parse_profile(std::string_view ini_text, std::string_view profile,
                                         std::string_view origin);

// The one SecretId rule, for every place a SecretId comes from or goes to:
// non-empty, visible ASCII only (no space, control character or byte >= 0x80),
// and no ',' or '/' (they would bend the Authorization header's
// "Credential=ID/scope, ..." syntax). Throws Error(TCSS_ECREDENTIALS) whose
// message starts with `source` (e.g. "environment: TENCENTCLOUD_SECRET_ID")
// and states the rule; it never repeats the value.
void check_secret_id(std::string_view secret_id, std::string_view source);

// Reads a small regular file holding secrets (a credentials or token file)
// into wiped storage. False when there is no such file; Error
// (TCSS_ECREDENTIALS) when it cannot be read or is not a regular file of at
// most 64 KiB. Messages name the path, never the content.
bool read_credentials_file(const std::string &path, SecretString &out);

} // namespace tcss
