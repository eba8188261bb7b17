#include "retry.hpp"

#include <tcss/tcss.h>

namespace tcss {
namespace {
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
}  // namespace

bool is_rate_limit_code(std::string_view code) { return starts_with(code, "RequestLimitExceeded"); }

bool is_internal_error_code(std::string_view code) { return starts_with(code, "InternalError"); }

bool is_retryable_service_code(std::string_view code) {
    return is_rate_limit_code(code) || is_internal_error_code(code);
}

int class_of_service_code(std::string_view code) {
    if (starts_with(code, "AuthFailure")) return TCSS_EAUTH;
    if (is_rate_limit_code(code)) return TCSS_ERATELIMIT;
    if (is_internal_error_code(code)) return TCSS_EBADRESPONSE;
    return TCSS_ESERVICE;
}

std::chrono::milliseconds Backoff::delay(unsigned int next_attempt, std::mt19937_64 &rng) const {
    if (next_attempt < 2) return std::chrono::milliseconds(0);
    long long ms = base.count();
    for (unsigned int i = 2; i < next_attempt && ms < cap.count(); ++i) ms *= 2;
    if (ms > cap.count()) ms = cap.count();
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(ms) * jitter(rng)));
}

std::optional<std::chrono::milliseconds> Backoff::rate_limited_delay(std::chrono::milliseconds remaining,
                                                                     std::mt19937_64 &rng) const {
    const std::chrono::milliseconds usable = remaining - attempt_reserve;
    if (usable < rate_min) return std::nullopt;
    const std::chrono::milliseconds top = usable < rate_max ? usable : rate_max;
    std::uniform_int_distribution<long long> pick(rate_min.count(), top.count());
    return std::chrono::milliseconds(pick(rng));
}

}  // namespace tcss
