// When to try again and how long to wait first.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace tcss {

// Retried: RequestLimitExceeded*, InternalError*, and the transport failures
// the client marks retryable (5xx, connection failures, timeouts).
// Never retried: AuthFailure*, InvalidParameter*, and every other code.
// Always called with the code exactly as the service sent it.
bool is_retryable_service_code(std::string_view code);

// RequestLimitExceeded and its variants (".UinLimitExceeded", ...): retried
// until the call's deadline rather than up to max_attempts.
bool is_rate_limit_code(std::string_view code);

// InternalError and its variants: the request may have been processed.
bool is_internal_error_code(std::string_view code);

// The library's error class for a service error code.
int class_of_service_code(std::string_view code);

struct Backoff {
    std::chrono::milliseconds base{200};
    std::chrono::milliseconds cap{5000};
    // Wait before attempt `next_attempt` (2, 3, ...): base * 2^(n-2), capped,
    // then scaled by a random factor in [0.5, 1] ("equal jitter") so that
    // many clients that failed together do not retry together.
    std::chrono::milliseconds delay(unsigned int next_attempt, std::mt19937_64 &rng) const;

    // After RequestLimitExceeded: the service counts requests per account in
    // one-second windows, so a fleet that was refused together must spread
    // its retries over more than one window. "Full jitter", uniform in
    // [rate_min, rate_max], and never so long that too little of `remaining`
    // (the time left before the call's deadline) is left for an attempt:
    // nothing (stop) when even rate_min does not fit.
    std::chrono::milliseconds rate_min{250};
    std::chrono::milliseconds rate_max{1500};
    std::chrono::milliseconds attempt_reserve{100};
    std::optional<std::chrono::milliseconds> rate_limited_delay(std::chrono::milliseconds remaining,
                                                                std::mt19937_64 &rng) const;
};

}  // namespace tcss
