#include "rate_limiter.hpp"

#include <thread>

namespace tcss {

RateLimiter::RateLimiter(int per_second) {
    if (per_second <= 0) return;
    unlimited_ = false;
    // 4% headroom: 20/s becomes one request every 52 ms. Two requests 20
    // apart then sit 1.04 s apart, so the service's one-second windows see
    // no more than the limit unless their network delays differ by over
    // 40 ms. (2% left only 20 ms, which a loaded CI machine exceeded.)
    interval_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.04 / per_second));
}

RateLimiter::Clock::time_point RateLimiter::reserve(Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    Clock::time_point slot = next_ > now ? next_ : now;
    next_ = slot + interval_;
    return slot;
}

bool RateLimiter::reserve_before(Clock::time_point now, Clock::time_point deadline, Clock::time_point &slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    const Clock::time_point s = next_ > now ? next_ : now;
    if (s >= deadline) return false;
    next_ = s + interval_;
    slot = s;
    return true;
}

bool RateLimiter::acquire(Clock::time_point deadline) {
    if (unlimited_) return Clock::now() < deadline;
    Clock::time_point slot;
    if (!reserve_before(Clock::now(), deadline, slot)) return false;
    std::this_thread::sleep_until(slot);
    return true;
}

}  // namespace tcss
