// The client: resolved credentials, endpoint, limiter, transport and the
// retry loop around one signed request.
#pragma once

#include "credentials.hpp"
#include "crypto.hpp"
#include "endpoint.hpp"
#include "keyless.hpp"
#include "rate_limiter.hpp"
#include "redact.hpp"
#include "response.hpp"
#include "retry.hpp"
#include "secret.hpp"
#include "transport.hpp"

#include <tcss/tcss.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tcss {

struct AddResult {
    long long registry_id = 0;
    std::string request_id;
    std::string health_check_err;
    std::string name_repeat_err;
    bool already_existed = false;
    unsigned int attempts = 0;
};

inline constexpr const char *kService = "tcss";
inline constexpr const char *kApiVersion = "2020-11-01";
inline constexpr const char *kAddAction = "AddAssetImageRegistryRegistryDetail";
inline constexpr const char *kContentType = "application/json";

struct ClientDefaults {
    static constexpr long connect_timeout_ms = TCSS_DEFAULT_CONNECT_TIMEOUT_MS;
    static constexpr long timeout_ms = TCSS_DEFAULT_TIMEOUT_MS;
    static constexpr unsigned int max_attempts = TCSS_DEFAULT_MAX_ATTEMPTS;
    static constexpr unsigned int max_attempts_limit = TCSS_MAX_ATTEMPTS_LIMIT;
    static constexpr int requests_per_second = TCSS_DEFAULT_REQUESTS_PER_SECOND;
    static constexpr long max_timeout_ms = TCSS_MAX_TIMEOUT_MS;
};

// The values that go into headers, checked before anything is sent: CR, LF
// or another control character in any of them would split or inject headers.
// `source` names where the value came from (the option or the variable).
void check_region(const std::string &region, const char *source);
void check_session_token(std::string_view token, const std::string &source);

class Client {
  public:
    // Throws Error (TCSS_EINVAL / TCSS_ECREDENTIALS) on bad options.
    Client(const tcss_client_options &opts, const GetEnv &env);

    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    AddResult add_registry(const tcss_registry_spec &spec);
    std::string preview(const tcss_registry_spec &spec);

  private:
    struct Call;  // one add_registry call in flight (client.cpp)
    enum class Step { Done, Retry, Stop };

    bool pause_before_attempt(Call &c);
    Step attempt(Call &c);
    Step interpret(Call &c, const HttpResponse &resp);
    Step on_service_error(Call &c, const ApiResponse &parsed, long status);
    Step retry_or_stop(Call &c, bool rate_limited) const;
    AddResult succeed(Call &c, const ApiResponse &parsed) const;
    [[noreturn]] void fail(Call &c) const;
    void validate_options(const tcss_client_options &o, const char *region_source) const;

    struct Signed {
        std::vector<SecretString> headers;       // as sent
        std::vector<std::string> masked_headers; // for traces and previews
    };
    Signed sign_request(const Credentials &creds, std::string_view body, std::int64_t timestamp) const;
    // Credentials: resolved once; temporary ones fetched again before they
    // expire, under creds_mutex_ (a copy is handed out per attempt).
    Credentials resolve(const tcss_client_options &o, const GetEnv &env);
    Credentials current_credentials();
    void refresh_locked();
    KeylessLog keyless_log() const;
    void log(int level, const Redactor &redactor, const std::string &line) const;
    Redactor base_redactor() const;
    Redactor spec_redactor(const tcss_registry_spec &spec) const;

    enum class Keyless { None, WebIdentity, CvmRole };
    mutable std::mutex creds_mutex_;  // creds_, keyless_, refresh_at_
    Credentials creds_;
    Keyless keyless_ = Keyless::None;
    std::int64_t refresh_at_ = 0;     // epoch seconds
    WebIdentityConfig web_identity_;
    MetadataConfig metadata_;
    Endpoint endpoint_;
    std::string region_;
    std::string language_;
    std::chrono::milliseconds connect_timeout_;
    std::chrono::milliseconds timeout_;
    unsigned int max_attempts_;
    tcss_log_fn log_fn_ = nullptr;
    void *log_userdata_ = nullptr;
    int log_level_ = 0;
    RateLimiter limiter_;
    Transport transport_;
    Transport metadata_transport_;  // never through a proxy: a link-local service
    Backoff backoff_;
    std::mutex rng_mutex_;
    std::mt19937_64 rng_;
    // kSigning changes once a UTC day: derived on the first request of each
    // day and kept (wiped in ~Client) so a signature costs one HMAC, not four.
    mutable std::mutex key_mutex_;
    mutable std::string key_date_;  // the UTC date and the SecretId it was derived for
    mutable Digest key_{};
};

} // namespace tcss
