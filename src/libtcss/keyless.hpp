// Keyless credential sources: an OIDC web identity token exchanged at STS
// (AssumeRoleWithWebIdentity, sent unsigned as the official SDKs send it:
// tencentcloud-sdk-go common/oidc_role_arn_provider.go), and the CVM
// instance role read from the metadata service (common/cvm_role_provider.go).
// Both give temporary credentials that the client caches and fetches again
// before they expire.
#pragma once

#include "credentials.hpp"
#include "endpoint.hpp"
#include "secret.hpp"
#include "transport.hpp"

#include <tcss/tcss.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tcss {

// The official STS endpoints: the international site's (the intl SDKs'
// default, as the API endpoint's default is the international one) and the
// mainland's (tencentcloud-sdk-go's). The default follows the API endpoint.
inline constexpr const char *kDefaultStsEndpoint = "https://sts.intl.tencentcloudapi.com";
inline constexpr const char *kMainlandStsEndpoint = "https://sts.tencentcloudapi.com";
inline constexpr const char *kDefaultMetadataEndpoint = "http://metadata.tencentyun.com";
inline constexpr long kDefaultSessionDuration = 7200;  // the SDKs' default
inline constexpr long kMaxSessionDuration = 43200;     // STS's limit
// The whole metadata lookup (role name and credentials) gives up after this.
inline constexpr std::chrono::milliseconds kMetadataBudget{900};

// Web identity settings, from the options, else the Terraform provider's
// variables, else the TKE ones. Resolved once when the client is made; the
// token file is read again at every exchange (the platform may rotate it).
struct WebIdentityConfig {
    bool configured = false;      // a role ARN or a token was given
    std::string skipped;          // why not, when !configured
    std::string role_arn, role_arn_source;
    std::string provider_id;
    SecretString token;           // inline token, or empty
    std::string token_file, token_source;
    std::string session_name;
    long duration = kDefaultSessionDuration;
    std::string region;           // X-TC-Region of the STS call, or empty
    Endpoint sts;
};

struct MetadataConfig {
    bool enabled = true;
    std::string skipped;          // why not, when !enabled
    std::string base;             // scheme://host[:port], no trailing '/'
    std::string role;             // TENCENTCLOUD_CAM_ROLE_NAME, or empty: asked
};

// Throws Error(TCSS_EINVAL / TCSS_ECREDENTIALS) for malformed settings.
// `api_host` (the API endpoint's host) picks the default STS site: a
// mainland tencentcloudapi.com host gives the mainland STS, anything else
// the international one.
WebIdentityConfig web_identity_config(const tcss_client_options &o, const GetEnv &env,
                                      const std::string &region, const std::string &api_host = {});
MetadataConfig metadata_config(const tcss_client_options &o, const GetEnv &env);

// The session name when none is given: from the CI job when known
// (CI_JOB_ID, BUILD_TAG, CI_PIPELINE_NUMBER, GITHUB_RUN_ID), else a
// timestamp; only STS's characters [A-Za-z0-9_+=,.@-], 2..64 bytes.
std::string default_session_name(const GetEnv &env);

// Temporary credentials from one source, with when to fetch them again.
struct TempCredentials {
    Credentials creds;
    std::int64_t expired_time = 0;  // epoch seconds, as the service says
    std::int64_t refresh_at = 0;    // epoch seconds: fetch again from then on
};

using KeylessLog = std::function<void(int level, const std::string &line)>;

// The exchanges; throw Error(TCSS_ECREDENTIALS) carrying the service's code
// and RequestId on a refusal, never a secret in a message.
TempCredentials exchange_web_identity(const WebIdentityConfig &cfg, Transport &transport,
                                      std::chrono::milliseconds connect_timeout,
                                      std::chrono::milliseconds timeout, const KeylessLog &log);
// nullopt with `skipped` set when there is no metadata service or no role
// (only when `probing`: on a refresh those are errors too).
std::optional<TempCredentials> fetch_cvm_role(const MetadataConfig &cfg, Transport &transport, bool probing,
                                              std::string &skipped, const KeylessLog &log);

// Parses STS's answer (tests reach it directly). `token`, the web identity
// token sent (cfg.token when empty), is masked in every text taken from it.
TempCredentials parse_sts_response(std::string_view body, long status, const WebIdentityConfig &cfg,
                                   std::string_view token = {});
TempCredentials parse_metadata_credentials(std::string_view body, const std::string &role);

} // namespace tcss
