// Credentials and where they come from. The sources are providers (after
// aws-c-auth's credentials_provider_*.c): one per source, a chain that asks
// them in order and says for each why it was skipped, and a cache that
// fetches temporary credentials again before they expire. The sources live
// in credentials/, one file each; credentials/default_chain.cpp orders them.
#pragma once

#include "secret.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcss {

class Redactor;
class Logger;
class Transport;

struct Credentials {
    std::string secret_id;
    SecretString secret_key;
    SecretString token;  // empty: permanent credentials
    std::string source;  // "options", "environment", the file path, or a keyless source
};

// Looks a variable up; returns nullptr when unset. Injected so tests can
// run the chain without touching the process environment.
using GetEnv = std::function<const char *(const char *)>;

// NULL and "" are both "not set": CI systems export empty variables freely.
inline bool is_set(const char *s) noexcept { return s != nullptr && *s != '\0'; }
template <typename S>
bool is_set(const std::optional<S> &s) noexcept {
    return s.has_value() && !s->empty();
}

// What the caller set for the keyless sources, copied out of the public
// options once (c_api.cpp) so that no source reads tcss_client_options.
// nullopt: not given.
struct KeylessSettings {
    std::optional<std::string> role_arn, provider_id, role_session_name;
    std::optional<SecretString> web_identity_token;
    std::optional<std::string> web_identity_token_file;
    unsigned int session_duration = 0;  // 0: the variable, else the default
    std::optional<std::string> sts_endpoint, metadata_endpoint;
    bool no_metadata = false;
};

// Everything the chain reads besides the environment.
struct CredentialSettings {
    std::optional<std::string> secret_id;
    std::optional<SecretString> secret_key, session_token;
    std::optional<std::string> profile;  // nullopt: $TENCENTCLOUD_PROFILE, else "default"
    KeylessSettings keyless;
};

using Deadline = std::chrono::steady_clock::time_point;

// Credentials from one source, with when to fetch them again.
struct Fetched {
    Credentials creds;
    std::int64_t expired_time = 0;  // epoch seconds, as the source says; 0: permanent
    std::int64_t refresh_at = 0;    // epoch seconds: fetch again from then on; 0: never
    std::string used{};             // what was used for what, for the log ("" : creds.source)
};

// Where the chain looked, in order, each "source (why it was skipped)".
using Looked = std::vector<std::string>;

class CredentialsProvider {
  public:
    virtual ~CredentialsProvider() = default;
    // The source's credentials; or nothing, after adding to `looked` why this
    // source was skipped. Throws Error for a malformed setting (TCSS_EINVAL)
    // or a refusal (TCSS_ECREDENTIALS); a source that talks to a service
    // gives up at `deadline`.
    virtual std::optional<Fetched> fetch(Looked &looked, Deadline deadline) = 0;
    // The same source again, for temporary credentials near their end: here
    // "skipped" is an error too.
    virtual Fetched refresh(Deadline deadline);
    // Adds the secrets this source holds besides the credentials themselves
    // (a web identity token) to `r`, for masking.
    virtual void add_secrets(Redactor &r) const;
    // For a dry run: which source `fetch` would use, said without using it
    // (nothing is sent: no STS exchange, no metadata request, no token
    // fetched); or nothing, after adding to `looked` why it would be
    // skipped. Reads only settings and local files; throws as fetch does
    // for a malformed setting.
    // The default, for sources that read only local settings and files:
    // fetch, and say what was used. Sources that talk to a service override it.
    virtual std::optional<std::string> would_use(Looked &looked);
    // True for a source that talks to a service (STS, the metadata service,
    // a token endpoint): the client does not fetch from it when it is made,
    // only at the first call, within that call's deadline.
    virtual bool talks_to_a_service() const { return false; }
};

// What the sources need to be made: the settings, the environment, and for
// the keyless ones the region, the API's host, the transports and the log.
struct ProviderContext {
    ProviderContext(const CredentialSettings &s, GetEnv e) : settings(s), env(std::move(e)) {}
    const CredentialSettings &settings;
    GetEnv env;
    std::string region;                       // X-TC-Region of the API calls (STS may take it)
    std::string api_host;                     // picks the default STS site
    Transport *transport = nullptr;           // STS
    Transport *metadata_transport = nullptr;  // never through a proxy
    std::chrono::milliseconds connect_timeout{0}, timeout{0};
    unsigned int max_attempts = 3;  // STS's transient failures are retried up to this, as the API's
    const Logger *log = nullptr;
};

using ProviderPtr = std::unique_ptr<CredentialsProvider>;

// The sources (credentials/*.cpp).
ProviderPtr options_provider(const ProviderContext &ctx);
ProviderPtr environment_provider(const ProviderContext &ctx);
ProviderPtr web_identity_provider(const ProviderContext &ctx);
ProviderPtr github_actions_provider(const ProviderContext &ctx);
ProviderPtr assume_role_provider(const ProviderContext &ctx);
ProviderPtr profile_provider(const ProviderContext &ctx);
ProviderPtr cvm_role_provider(const ProviderContext &ctx);
// The sources that hold keys of their own (options, environment, profile
// files, CVM role), in that order: what AssumeRole signs with.
std::unique_ptr<class ChainProvider> base_chain(const ProviderContext &ctx);

// Asks each provider in order; the first that gives credentials is the one
// asked again on a refresh. Nothing anywhere: TCSS_ECREDENTIALS listing every
// place looked at ("no credentials found; looked at: ...").
class ChainProvider final : public CredentialsProvider {
  public:
    explicit ChainProvider(std::vector<ProviderPtr> providers, const Logger *log = nullptr)
        : providers_(std::move(providers)), log_(log) {}
    // Logs at INFO which source was used (and for what) after which were
    // skipped.
    std::optional<Fetched> fetch(Looked &looked, Deadline deadline) override;
    Fetched refresh(Deadline deadline) override;
    void add_secrets(Redactor &r) const override;
    std::optional<std::string> would_use(Looked &looked) override;
    // For the client's creation, without the network: the first source that
    // would answer is found as `fetch` would find it, except that a source
    // that talks to a service is only asked `would_use`. A local source's
    // credentials are returned (fetched now, as `fetch` does); a service's
    // source gives nothing: `fetch` is asked at the first call. No source
    // at all: the "no credentials found; looked at: ..." error.
    std::optional<Fetched> prepare(Looked &looked);

  private:
    std::vector<ProviderPtr> providers_;
    const Logger *log_;
    CredentialsProvider *answered_ = nullptr;
};

// The library's order (credentials/default_chain.cpp):
//  1. web identity: an OIDC token and a role, exchanged at STS
//     AssumeRoleWithWebIdentity (unsigned);
//  2. GitHub Actions: the job's OIDC token, fetched from
//     ACTIONS_ID_TOKEN_REQUEST_URL, when a role is configured, exchanged the
//     same way;
//  3. AssumeRole: a role ARN (and session name) without a web identity
//     token, the Terraform provider's assume_role block: STS AssumeRole
//     signed with the base credentials (4-7), which sign nothing else;
//  4. the options secret_id/secret_key (session_token);
//  5. the environment: TENCENTCLOUD_SECRET_ID/KEY with the session token
//     from TENCENTCLOUD_SESSION_TOKEN, TENCENTCLOUD_TOKEN (tccli) or
//     TENCENTCLOUD_SECURITY_TOKEN (Terraform), refused when two disagree;
//  6. the profile: the profile option, else TENCENTCLOUD_PROFILE, else
//     "default". When TENCENTCLOUD_CREDENTIALS_FILE is set, that INI file
//     alone (as the Go SDK reads it); else the first of tccli's JSON
//     ~/.tccli/<profile>.credential (tccli's and the Terraform provider's),
//     ~/.tencentcloud/credentials and /etc/tencentcloud/credentials that
//     holds the profile;
//  7. the CVM instance role (the metadata service).
// A configured role comes first: keys beside it sign the assume call only.
std::unique_ptr<ChainProvider> default_chain(const ProviderContext &ctx);

// For a dry run (the client's, before anything is sent): which source the
// default chain would use, e.g. "web identity: STS AssumeRoleWithWebIdentity
// at https://sts... for role ..., token from ...", said without contacting
// STS, the metadata service or the token endpoint. Throws the chain's "no
// credentials found; looked at: ..." error when none would answer.
std::string dry_run_source(const ProviderContext &ctx);

// Resolves once, then hands out copies; temporary credentials are fetched
// again, under the lock, once their refresh time has come. Thread-safe.
class CachingProvider {
  public:
    explicit CachingProvider(std::unique_ptr<ChainProvider> chain) : chain_(std::move(chain)) {}
    // The first fetch; throws the chain's "no credentials" error.
    void resolve(Deadline deadline);
    // The client's creation (ChainProvider::prepare): sends nothing. The
    // credentials when a local source gave them now; nothing when they come
    // from a service and are fetched by the first `get`, within that call's
    // deadline. Throws the chain's "no credentials" error.
    std::optional<Credentials> prepare();
    // A copy to sign with: fetched first when `prepare` left that to the
    // first call (by one thread: the others wait), and again when near its
    // end. The fetch gives up at `deadline`, and so does a caller that waits
    // while another thread fetches, with TCSS_ETIMEOUT ("... waiting for
    // credentials ...").
    Credentials get(Deadline deadline);
    void add_secrets(Redactor &r) const;

  private:
    std::unique_ptr<ChainProvider> chain_;
    mutable std::mutex mutex_;
    Fetched current_;
    bool fetched_ = false;  // under mutex_: current_ holds what a source gave
};

// The chain without the keyless sources, resolved once (tests, and tools
// that only read static credentials).
Credentials resolve_credentials(const CredentialSettings &settings, const GetEnv &env);

// Parses INI text and returns the named section's credentials, or nothing
// when the section is absent. Throws Error(TCSS_ECREDENTIALS) when the
// section has only one of secret_id / secret_key. `origin` names the file in
// messages. Accepts '#' and ';' comments, blank lines, spaces around '=',
// CRLF line ends, and a UTF-8 BOM.
std::optional<Credentials> parse_profile(std::string_view ini_text, std::string_view profile, std::string_view origin);

// The one SecretId rule, for every place a SecretId comes from or goes to:
// non-empty, visible ASCII only (no space, control character or byte >= 0x80),
// and no ',' or '/' (they would bend the Authorization header's
// "Credential=ID/scope, ..." syntax). Throws Error(TCSS_ECREDENTIALS) whose
// message starts with `source` (e.g. "environment: TENCENTCLOUD_SECRET_ID")
// and states the rule; it never repeats the value.
void check_secret_id(std::string_view secret_id, std::string_view source);

// Credentials from a pair, checked: `where` names the step and the variable
// the SecretId came from. An empty token is permanent credentials.
Credentials make_credentials(std::string_view id, std::string_view key, std::string_view token, std::string source,
                             std::string_view where);

// Throws Error(TCSS_ECREDENTIALS) with `message`.
[[noreturn]] void credentials_error(const std::string &message);

// Reads a small regular file holding secrets (a credentials or token file)
// into wiped storage. False when there is no such file; Error
// (TCSS_ECREDENTIALS) when it cannot be read or is not a regular file of at
// most 64 KiB. Messages name the path, never the content.
bool read_credentials_file(const std::string &path, SecretString &out);

}  // namespace tcss
