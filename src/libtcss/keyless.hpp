// Keyless credential sources: an OIDC web identity token exchanged at STS
// (AssumeRoleWithWebIdentity, sent unsigned as the official SDKs send it:
// tencentcloud-sdk-go common/oidc_role_arn_provider.go), and the CVM
// instance role read from the metadata service (common/cvm_role_provider.go).
// Both give temporary credentials that the cache (credentials.hpp) fetches
// again before they expire. The providers are in credentials/web_identity.cpp
// and credentials/cvm_role.cpp; what they share is in keyless.cpp.
#pragma once

#include "credentials.hpp"
#include "endpoint.hpp"
#include "json.hpp"
#include "secret.hpp"
#include "transport.hpp"

#include <tcss/tcss.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tcss {

// The header's values block is the one source of these.
inline constexpr const char *kDefaultStsEndpoint = TCSS_DEFAULT_STS_ENDPOINT;
inline constexpr const char *kMainlandStsEndpoint = TCSS_MAINLAND_STS_ENDPOINT;
inline constexpr const char *kDefaultMetadataEndpoint = TCSS_DEFAULT_METADATA_ENDPOINT;
inline constexpr long kDefaultSessionDuration = TCSS_DEFAULT_SESSION_DURATION;
inline constexpr long kMinSessionDuration = TCSS_MIN_SESSION_DURATION;
inline constexpr long kMaxSessionDuration = TCSS_MAX_SESSION_DURATION;
// The whole metadata lookup (role name and credentials) gives up after this.
inline constexpr std::chrono::milliseconds kMetadataBudget{900};

// Web identity settings, from the options, else the Terraform provider's
// variables, else the TKE ones. Resolved when the chain reaches the source;
// the token file is read again at every exchange (the platform may rotate it).
struct WebIdentityConfig {
    bool configured = false;  // a role ARN or a token was given
    std::string skipped;      // why not, when !configured
    std::string role_arn, role_arn_source;
    std::string provider_id;
    SecretString token;  // inline token, or empty
    std::string token_file, token_source;
    std::string session_name;
    long duration = kDefaultSessionDuration;
    std::string region;  // X-TC-Region of the STS call, or empty
    Endpoint sts;
};

struct MetadataConfig {
    bool enabled = true;
    std::string skipped;  // why not, when !enabled
    std::string base;     // scheme://host[:port], no trailing '/'
    std::string role;     // TENCENTCLOUD_CAM_ROLE_NAME, or empty: asked
};

// Throws Error(TCSS_EINVAL / TCSS_ECREDENTIALS) for malformed settings.
// `api_host` (the API endpoint's host) picks the default STS site: a
// mainland tencentcloudapi.com host gives the mainland STS, anything else
// the international one.
WebIdentityConfig web_identity_config(const KeylessSettings &s, const GetEnv &env, const std::string &region,
                                      const std::string &api_host = {});
MetadataConfig metadata_config(const KeylessSettings &s, const GetEnv &env);

// The session name when none is given: from the CI job when known
// (CI_JOB_ID, BUILD_TAG, CI_PIPELINE_NUMBER, GITHUB_RUN_ID), else a
// timestamp; only STS's characters [A-Za-z0-9_+=,.@-], 2..64 bytes.
std::string default_session_name(const GetEnv &env);

using TempCredentials = Fetched;

// How an exchange may talk: the transport, its timeouts, the call's deadline
// (getting credentials counts against it) and the log.
struct ExchangeContext {
    Transport &transport;
    std::chrono::milliseconds connect_timeout, timeout;
    Deadline deadline;
    const Logger &log;
};

// The exchanges; throw Error(TCSS_ECREDENTIALS) carrying the service's code
// and RequestId on a refusal, never a secret in a message.
TempCredentials exchange_web_identity(const WebIdentityConfig &cfg, const ExchangeContext &x);
// nullopt with `skipped` set when there is no metadata service or no role
// (only when `probing`: on a refresh those are errors too).
std::optional<TempCredentials> fetch_cvm_role(const MetadataConfig &cfg, const ExchangeContext &x, bool probing,
                                              std::string &skipped);

// Parses STS's answer (tests reach it directly). `token`, the web identity
// token sent (cfg.token when empty), is masked in every text taken from it.
TempCredentials parse_sts_response(std::string_view body, long status, const WebIdentityConfig &cfg,
                                   std::string_view token = {});
TempCredentials parse_metadata_credentials(std::string_view body, const std::string &role);

// What the two keyless providers hold: their settings, the environment, and
// how they talk (credentials/web_identity.cpp, credentials/cvm_role.cpp).
class KeylessProvider : public CredentialsProvider {
  protected:
    KeylessProvider(const ProviderContext &ctx, Transport &transport)
        : settings_(ctx.settings.keyless), env_(ctx.env), transport_(transport),
          connect_timeout_(ctx.connect_timeout), timeout_(ctx.timeout), log_(*ctx.log) {}
    ExchangeContext exchange(Deadline deadline) const {
        return {transport_, connect_timeout_, timeout_, deadline, log_};
    }
    KeylessSettings settings_;
    GetEnv env_;
    Transport &transport_;
    std::chrono::milliseconds connect_timeout_, timeout_;
    const Logger &log_;
};

// Shared by the two sources (keyless.cpp).
namespace keyless {
// STS's characters for session and role names: [A-Za-z0-9_+=,.@-].
bool is_name_char(char c);
// 2 to 128 of them; TCSS_EINVAL naming `source` otherwise.
void check_session_name(const std::string &v, const std::string &source);
// The body as JSON whose strings are wiped when it goes (it holds keys).
SecretJson parse_secret_json(std::string_view body);
// The temporary keys an answer carries, checked; `what` names the source.
Credentials temp_credentials(const cJSON *c, const std::string &what);
// ExpiredTime of `obj` as epoch seconds; TCSS_ECREDENTIALS naming `what`
// when it is missing or not a number.
std::int64_t expired_time(const cJSON *obj, const std::string &what);
// A small answer that holds keys, in wiped storage: reserved so that no
// reallocation leaves a copy behind, wiped when it goes.
struct WipedResponse {
    HttpResponse r;
    WipedResponse() { r.body.reserve(16 * 1024); }
    ~WipedResponse() { wipe_string(r.body); }
    WipedResponse(const WipedResponse &) = delete;
    WipedResponse &operator=(const WipedResponse &) = delete;
};
// When to fetch again: `margin` before the end, at most half the lifetime.
std::int64_t refresh_time(std::int64_t expired, std::int64_t margin);
// What is left of the call's deadline for one request, capped at `cap`; at
// least 1 ms (the transport then times out at once).
std::chrono::milliseconds budget(Deadline deadline, std::chrono::milliseconds cap);
} // namespace keyless

} // namespace tcss
