// What every list and every wait needs: a pager for Limit/Offset/TotalCount
// answers that cannot loop forever, and a poller bounded by the call's
// deadline. Both are pure (the clock and the sleep are injected) and tested
// on their own (tests/unit/test_paging.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <string_view>

namespace tcss {

// The API's largest Limit for every Describe*List action.
inline constexpr unsigned int kMaxPageLimit = 100;

// Walks Offset over a list: ask for (offset(), limit()), then tell next()
// what the page held. Stops when every row is read, on an empty page, on a
// page that repeats the one before (the same first row), and after at most
// twice the pages the first TotalCount needs: a TotalCount that moves never
// makes it loop.
class Pager {
  public:
    explicit Pager(unsigned int limit = kMaxPageLimit);
    unsigned int offset() const noexcept { return offset_; }
    unsigned int limit() const noexcept { return limit_; }
    // `rows` the page held, `total` its TotalCount, `first_key` something
    // that tells its first row from others (an id). True: ask for the next.
    bool next(std::size_t rows, long long total, std::string_view first_key);
    // Why it stopped ("complete", "empty page", "page repeated",
    // "page budget spent"), and whether TotalCount moved on the way.
    const char *stopped_because() const noexcept { return why_; }
    bool total_moved() const noexcept { return moved_; }
    unsigned int pages() const noexcept { return pages_; }

  private:
    unsigned int limit_, offset_ = 0, pages_ = 0;
    long long first_total_ = -1;
    bool moved_ = false;
    std::string last_key_;
    const char *why_ = "";
};

// Polls until `poll` says done or the deadline comes, never sleeping past it.
struct PollConfig {
    std::chrono::milliseconds interval{2000};
    // Never more often than this, whatever the interval: at most 1 request/s.
    std::chrono::milliseconds min_interval{1000};
    double jitter = 0.2;  // each wait is interval * [1 - jitter, 1 + jitter]
};

struct PollOutcome {
    enum class Why { Done, DeadlineReached } why = Why::DeadlineReached;
    std::chrono::milliseconds waited{0};  // time spent sleeping between polls
    unsigned int polls = 0;
    unsigned int rate_limited = 0;  // polls answered RequestLimitExceeded (waited out, not fatal)
};

// What one poll says: done, not yet, or refused for rate (wait and go on).
enum class PollStep { Done, Again, RateLimited };

struct PollClock {
    std::function<std::chrono::steady_clock::time_point()> now;
    std::function<void(std::chrono::milliseconds)> sleep;
    static PollClock real();
};

PollOutcome poll_until(std::chrono::steady_clock::time_point deadline, const PollConfig &cfg,
                       const std::function<PollStep()> &poll, const PollClock &clock, std::mt19937_64 &rng);

}  // namespace tcss
