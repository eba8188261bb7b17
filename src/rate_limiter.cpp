#include "rate_limiter.hpp"

#include <thread>

namespace tcss {

RateLimiter::RateLimiter(int per_second) {
    if (per_second <= 0) return;
    unlimited_ = false;
    // 2% headroom absorbs scheduling jitter between our clock and the
    // service's: 20/s becomes one request every 51 ms.
    interval_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.02 / per_second));
}

RateLimiter::Clock::time_point RateLimiter::reserve(Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    Clock::time_point slot = next_ > now ? next_ : now;
    next_ = slot + interval_;
    return slot;
}

void RateLimiter::acquire() {
    if (unlimited_) return;
    Clock::time_point slot = reserve(Clock::now());
    std::this_thread::sleep_until(slot);
}

} // namespace tcss
