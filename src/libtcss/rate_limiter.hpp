// Keeps one client at or below its request rate across all of its threads.
// Requests are spaced evenly (no bursts), so no one-second window — fixed or
// sliding — ever sees more than the limit, even when the service counts in
// windows that do not line up with ours.
#pragma once

#include <chrono>
#include <mutex>

namespace tcss {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    // per_second <= 0: unlimited.
    explicit RateLimiter(int per_second);

    // Blocks until this caller may send. Thread-safe.
    void acquire();

    // The slot a caller arriving at `now` gets; advances the schedule.
    // Exposed for tests, which drive it with a fake clock.
    Clock::time_point reserve(Clock::time_point now);

    Clock::duration interval() const noexcept { return interval_; }

  private:
    Clock::duration interval_{};
    bool unlimited_ = true;
    std::mutex mutex_;
    Clock::time_point next_{};
};

} // namespace tcss
