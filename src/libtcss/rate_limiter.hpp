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

    // Waits for this caller's slot and returns true, or returns false at
    // once, without taking a slot, when the slot would come at or after
    // `deadline`: waiting here counts against the call's deadline.
    // Thread-safe.
    bool acquire(Clock::time_point deadline);

    // The slot a caller arriving at `now` gets; advances the schedule.
    // Exposed for tests, which drive it with a fake clock.
    Clock::time_point reserve(Clock::time_point now);

    // Like reserve(), but takes the slot only when it comes before
    // `deadline`; returns false (schedule unchanged) otherwise.
    bool reserve_before(Clock::time_point now, Clock::time_point deadline, Clock::time_point &slot);

    Clock::duration interval() const noexcept { return interval_; }

  private:
    Clock::duration interval_{};
    bool unlimited_ = true;
    std::mutex mutex_;
    Clock::time_point next_{};
};

}  // namespace tcss
