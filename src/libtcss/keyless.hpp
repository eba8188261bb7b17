// Keyless credential sources: an OIDC web identity token exchanged at STS
// (AssumeRoleWithWebIdentity, sent unsigned as the official SDKs send it:
// tencentcloud-sdk-go common/oidc_role_arn_provider.go), and the CVM
// instance role read from the metadata service (common/cvm_role_provider.go).
// Both give temporary credentials that the cache (credentials.hpp) fetches
// again before they expire. The providers are in credentials/web_identity.cpp
// and credentials/cvm_role.cpp; what they share is in keyless.cpp.
#pragma once

#include "credentials.hpp"
#include "error.hpp"
#include "endpoint.hpp"
#include "json.hpp"
#include "log.hpp"
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
// The metadata service: a connection gets 900 ms (off a CVM nothing listens
// at the address, so the answer "no metadata service" stays fast), an
// answer 2 s per request, what the Terraform provider allows (a busy host's
// metadata service may answer slowly; a refresh must not fail for it).
inline constexpr std::chrono::milliseconds kMetadataConnectTimeout{900};
inline constexpr std::chrono::milliseconds kMetadataRequestTimeout{2000};
// STS documents Region as required; the Go SDK and the Terraform provider
// send this one when none is given.
inline constexpr const char *kStsDefaultRegion = "ap-guangzhou";
// X-TC-RequestClient of the STS calls: the Go and Python SDKs accept only
// ^[0-9a-zA-Z-_ ,;.]+$ (no '/').
inline constexpr const char *kStsRequestClient = kRequestClient;  // the API calls' value

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
    std::string region;  // X-TC-Region of the STS call: the user's, else ap-guangzhou
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
// The role part of web_identity_config (all but the token): false, with
// c.skipped, when no role ARN is configured.
bool role_config(const KeylessSettings &s, const GetEnv &env, const std::string &region, const std::string &api_host,
                 WebIdentityConfig &c);
// A token file's token: the raw token, or the Terraform provider's JSON
// {"web_identity_token": "..."} (compact or pretty-printed). `source` names
// the file in messages, which never hold its content.
SecretString token_of_file(std::string_view raw, const std::string &source);

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
    unsigned int max_attempts = 3;  // STS's transient failures, as the API's own
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
  public:
    bool talks_to_a_service() const override { return true; }

  protected:
    KeylessProvider(const ProviderContext &ctx, Transport &transport)
        : settings_(ctx.settings.keyless), env_(ctx.env), transport_(transport), connect_timeout_(ctx.connect_timeout),
          timeout_(ctx.timeout), log_(ctx.log ? *ctx.log : no_log()), max_attempts_(ctx.max_attempts) {}
    ExchangeContext exchange(Deadline deadline) const {
        return {transport_, connect_timeout_, timeout_, deadline, log_, max_attempts_};
    }
    static const Logger &no_log() {
        static const Logger none;
        return none;
    }
    KeylessSettings settings_;
    GetEnv env_;
    Transport &transport_;
    std::chrono::milliseconds connect_timeout_, timeout_;
    const Logger &log_;
    unsigned int max_attempts_;
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
// One STS action, POSTed and retried like the API's own transient failures
// (HTTP 5xx, InternalError, RequestLimitExceeded, a reset or timed-out
// connection) within x.deadline and x.max_attempts. `headers` is asked again
// for every attempt (a fresh timestamp and signature); `parse` reads an
// answer and throws Error for a refusal. When the failures persist the
// error has their class (TCSS_ERATELIMIT, a transport class,
// TCSS_EBADRESPONSE), never TCSS_ECREDENTIALS, which is for a refusal.
TempCredentials sts_call(const ExchangeContext &x, const std::string &url, const std::string &what,
                         const std::function<std::vector<SecretString>()> &headers, const SecretString &body,
                         const std::function<TempCredentials(const HttpResponse &)> &parse);
// True when an STS error (thrown by sts_call's `parse`) is worth another try.
bool sts_transient(const ErrorInfo &e);
// The library class of a code in STS's error envelope: RequestLimitExceeded
// is rate limiting, InternalError a bad response, anything else a refusal
// (TCSS_ECREDENTIALS).
int sts_error_class(std::string_view code);
// Masks in `text` every piece of `secret` of 12 bytes or more, and each of
// a JWT's dot-separated segments of 4 bytes or more, as "********".
std::string mask_pieces(std::string_view text, std::string_view secret);
// Adds `token` and each of its JWT segments to `r`.
void add_token(Redactor &r, std::string_view token);
// When to fetch again: `margin` before the end, at most half the lifetime.
std::int64_t refresh_time(std::int64_t expired, std::int64_t margin);
// What is left of the call's deadline for one request, capped at `cap`; at
// least 1 ms (the transport then times out at once).
std::chrono::milliseconds budget(Deadline deadline, std::chrono::milliseconds cap);
}  // namespace keyless

}  // namespace tcss
