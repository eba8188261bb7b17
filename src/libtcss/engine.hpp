// The call engine: what every TCSS action shares. An action is a small
// description (its name, API version and retry class); the engine does the
// rest for each call: the client-side limiter (the service counts its 20
// requests/s per action, so each action is paced on its own), TC3 signing
// with fresh credentials, transport, the response envelope, error
// classification, masking and cleaning of every string the service sends
// back, and the retry policy. Actions build their request body and read
// their members out of the Reply (actions/*.cpp).
#pragma once

#include "credentials.hpp"
#include "crypto.hpp"
#include "endpoint.hpp"
#include "error.hpp"
#include "log.hpp"
#include "rate_limiter.hpp"
#include "redact.hpp"
#include "response.hpp"
#include "retry.hpp"
#include "secret.hpp"
#include "transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace tcss {

inline constexpr const char *kService = "tcss";
inline constexpr const char *kApiVersion = "2020-11-01";
inline constexpr const char *kContentType = "application/json";

// How an action may be tried again after a transient failure.
enum class RetryClass {
    // Reads and idempotent writes (Describe*, List, Update, Sync, Remove):
    // every transient failure is retried, up to max_attempts and the deadline.
    Idempotent,
    // Actions that create something once (Add, CreateAssetImageRegistryScanTask):
    // retried only where the service cannot have acted; where it may have,
    // the call's `settle` read finds out first, and without one the call
    // stops. No SDK resends these blindly: the service may have acted.
    CreateOnce,
};

struct Action {
    const char *name;
    RetryClass retry = RetryClass::Idempotent;
    const char *version = kApiVersion;
};

// What may happen after a failure that is worth retrying.
enum class Resend { Yes, AfterRead, No };
// `may_have_acted`: the request may have reached the service and been
// processed (an InternalError, HTTP 5xx, a timeout after sending).
// RequestLimitExceeded is refused before anything is done: always Yes.
Resend may_resend(const Action &action, bool may_have_acted, bool rate_limited, bool has_settle);

// A successful answer, parsed; strings are as the service sent them except
// request_id, which is cleaned. Read members with `clean` on.
struct Reply {
    std::string body;  // the answer as received
    long status = 0;
    ParsedReply parsed;
    std::string request_id;      // cleaned
    unsigned int attempts = 0;   // requests this call sent
    bool maybe_reached = false;  // an earlier attempt may have reached the service
    bool settled = false;        // the answer of CallInput::settle's read, not of the action
    const Redactor *redactor = nullptr;
    const cJSON *response() const { return parsed.response; }
    std::string clean(const std::string &untrusted) const { return redactor->clean(untrusted); }
};

// One call: the body (and a masked copy for traces), the secrets it holds,
// its deadline, and for CreateOnce actions an optional read that settles
// whether an earlier attempt created the thing: it returns the read's Reply
// when it did (the call then ends with it, `settled` set, and the action's
// reader is not run), nothing when it did not (the action is sent again).
struct CallInput {
    SecretString body;
    std::string masked_body;
    Redactor redactor;
    Deadline deadline;
    std::function<std::optional<Reply>()> settle;
};

struct EngineConfig {
    // Not empty: a dry run. Nothing is sent; previews say where the
    // credentials would come from (this text) instead of fetching them.
    std::string dry_run_source;
    Endpoint endpoint;
    std::string region, language;
    std::chrono::milliseconds connect_timeout, timeout;
    unsigned int max_attempts;
    int requests_per_second;
};

class Engine {
  public:
    Engine(EngineConfig cfg, Transport &transport, CachingProvider &credentials, const Logger &log);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // What an action makes of a successful answer; may throw Error (a
    // missing member: TCSS_EBADRESPONSE), which fails the call like any other.
    using Reader = std::function<void(const Reply &)>;

    // Sends `action` until it succeeds, fails for good, or the deadline
    // passes, and runs `read` on the answer. Throws Error (its message
    // cleaned, with the attempts) on failure; every service string in it is
    // cleaned with in.redactor.
    Reply call(const Action &action, CallInput &in, const Reader &read = {});
    // The exact request `call` would send now, with every secret masked.
    std::string preview(const Action &action, const CallInput &in);
    // The client's secrets, for a call's redactor: the credentials', and
    // every value given to add_secrets (thread-safe).
    Redactor base_redactor() const;
    // Values to mask in everything this client returns or logs from now on:
    // a registry password a job was given, or one the caller names
    // (tcss_client_add_secret) for calls that are never given it.
    void add_secrets(const Redactor &secrets);

    const EngineConfig &config() const noexcept { return cfg_; }
    const Logger &log() const noexcept { return log_; }

  private:
    struct Call;
    enum class Step { Done, Retry, Stop };
    struct Signed {
        std::vector<SecretString> headers;        // as sent
        std::vector<std::string> masked_headers;  // for traces and previews
    };

    bool pause_before_attempt(Call &c);
    Step attempt(Call &c);
    Step interpret(Call &c, HttpResponse &resp);
    Step on_service_error(Call &c, const Envelope &env, long status);
    Step retry_or_stop(Call &c, bool rate_limited, bool may_have_acted);
    [[noreturn]] void fail(Call &c) const;
    Signed sign(const Action &action, const Credentials &creds, std::string_view body, std::int64_t timestamp) const;
    RateLimiter &limiter_for(const Action &action);

    EngineConfig cfg_;
    Transport &transport_;
    CachingProvider &credentials_;
    const Logger &log_;
    mutable std::mutex extra_mutex_;
    Redactor extra_secrets_;
    std::mutex limiters_mutex_;
    std::map<std::string, std::unique_ptr<RateLimiter>> limiters_;  // one per action
    Backoff backoff_;
    std::mutex rng_mutex_;
    std::mt19937_64 rng_;
    // kSigning changes once a UTC day: derived on the first request of each
    // day and kept (wiped in ~Engine) so a signature costs one HMAC, not four.
    mutable std::mutex key_mutex_;
    mutable std::string key_date_;  // the UTC date and the SecretId it was derived for
    mutable Digest key_{};
};

}  // namespace tcss
