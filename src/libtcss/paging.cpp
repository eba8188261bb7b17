#include "paging.hpp"

#include <algorithm>
#include <thread>

namespace tcss {

Pager::Pager(unsigned int limit) : limit_(std::clamp(limit, 1u, kMaxPageLimit)) {}

bool Pager::next(std::size_t rows, long long total, std::string_view first_key) {
    ++pages_;
    if (first_total_ < 0) first_total_ = total;
    moved_ = moved_ || total != first_total_;
    const bool repeated = pages_ > 1 && rows > 0 && first_key == last_key_;
    last_key_.assign(first_key.data(), first_key.size());
    offset_ += static_cast<unsigned int>(std::min<std::size_t>(rows, limit_));
    // Twice the pages the first TotalCount needs: room for a list that grows
    // while it is read, and a bound however it grows.
    const long long budget = 2 * (first_total_ / limit_ + 2);
    if (rows == 0)
        why_ = "empty page";
    else if (repeated)
        why_ = "page repeated";
    else if (static_cast<long long>(offset_) >= total)
        why_ = "complete";
    else if (static_cast<long long>(pages_) >= budget)
        why_ = "page budget spent";
    else
        return true;
    return false;
}

PollClock PollClock::real() {
    return {[] { return std::chrono::steady_clock::now(); },
            [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }};
}

namespace {

std::chrono::milliseconds next_wait(const PollConfig &cfg, bool rate_limited, std::mt19937_64 &rng) {
    const double base = static_cast<double>(std::max(cfg.interval, cfg.min_interval).count());
    std::uniform_real_distribution<double> spread(1.0 - cfg.jitter, 1.0 + cfg.jitter);
    double ms = base * spread(rng) * (rate_limited ? 2.0 : 1.0);
    ms = std::max(ms, static_cast<double>(cfg.min_interval.count()));
    return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace

PollOutcome poll_until(std::chrono::steady_clock::time_point deadline, const PollConfig &cfg,
                       const std::function<PollStep()> &poll, const PollClock &clock, std::mt19937_64 &rng) {
    PollOutcome out;
    for (;;) {
        ++out.polls;
        const PollStep step = poll();
        if (step == PollStep::Done) {
            out.why = PollOutcome::Why::Done;
            return out;
        }
        if (step == PollStep::RateLimited) ++out.rate_limited;
        // Never sleep past the deadline, and never poll twice within
        // min_interval: the last wait may be cut short to end on the
        // deadline, but one shorter than min_interval is not taken.
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.now());
        if (left < cfg.min_interval) return out;
        const auto wait = std::min(next_wait(cfg, step == PollStep::RateLimited, rng), left);
        clock.sleep(wait);
        out.waited += wait;
    }
}

}  // namespace tcss
