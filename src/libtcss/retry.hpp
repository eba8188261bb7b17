// When to try again and how long to wait first.
#pragma once

#include <chrono>
#include <random>
#include <string_view>

namespace tcss {

// Retried: RequestLimitExceeded*, InternalError*, and the transport failures
// the client marks retryable (5xx, connection failures, timeouts).
// Never retried: AuthFailure*, InvalidParameter*, and every other code.
bool is_retryable_service_code(std::string_view code);

// The library's error class for a service error code.
int class_of_service_code(std::string_view code);

struct Backoff {
    std::chrono::milliseconds base{200};
    std::chrono::milliseconds cap{5000};
    // Wait before attempt `next_attempt` (2, 3, ...): base * 2^(n-2), capped,
    // then scaled by a random factor in [0.5, 1] ("equal jitter") so that
    // many clients that failed together do not retry together.
    std::chrono::milliseconds delay(unsigned int next_attempt, std::mt19937_64 &rng) const;
};

} // namespace tcss
