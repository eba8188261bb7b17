// Retrying against a deadline: the rate-limit backoff (full jitter over
// 250 ms..1.5 s, never past the deadline), which codes count as rate
// limiting, and a limiter that refuses a slot the deadline cannot reach.
#include "rate_limiter.hpp"
#include "retry.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <chrono>

namespace {

using namespace std::chrono;
using Clock = tcss::RateLimiter::Clock;

void test_rate_limited_delay_spans_windows(void **) {
    tcss::Backoff b;
    std::mt19937_64 rng(7);
    milliseconds lo = hours(1), hi = milliseconds(0);
    for (int i = 0; i < 2000; ++i) {
        auto d = b.rate_limited_delay(seconds(60), rng);
        assert_true(d.has_value());
        assert_true(*d >= milliseconds(250) && *d <= milliseconds(1500));
        lo = std::min(lo, *d);
        hi = std::max(hi, *d);
    }
    // Full jitter: the waits cover more than one of the service's 1 s windows.
    assert_true(lo < milliseconds(400));
    assert_true(hi > milliseconds(1300));
}

void test_rate_limited_delay_never_past_deadline(void **) {
    tcss::Backoff b;
    std::mt19937_64 rng(11);
    for (int i = 0; i < 500; ++i) {
        auto d = b.rate_limited_delay(milliseconds(600), rng);
        assert_true(d.has_value());
        assert_true(*d + b.attempt_reserve <= milliseconds(600));
    }
    assert_false(b.rate_limited_delay(milliseconds(300), rng).has_value());  // 250 + 100 reserve do not fit
    assert_false(b.rate_limited_delay(milliseconds(0), rng).has_value());
    assert_false(b.rate_limited_delay(milliseconds(-5), rng).has_value());
}

void test_rate_limit_codes(void **) {
    assert_true(tcss::is_rate_limit_code("RequestLimitExceeded"));
    assert_true(tcss::is_rate_limit_code("RequestLimitExceeded.UinLimitExceeded"));
    assert_true(tcss::is_rate_limit_code("RequestLimitExceeded.GlobalRegionUinLimitExceeded"));
    assert_false(tcss::is_rate_limit_code("InternalError"));
    assert_false(tcss::is_rate_limit_code("LimitExceeded"));
    assert_false(tcss::is_rate_limit_code(""));
}

void test_limiter_refuses_slot_past_deadline(void **) {
    tcss::RateLimiter lim(1);
    const auto t0 = Clock::time_point() + hours(1);
    Clock::time_point slot;
    assert_true(lim.reserve_before(t0, t0 + seconds(10), slot));
    assert_true(slot == t0);
    // The next slot is ~1.04 s away: a 300 ms deadline cannot reach it...
    assert_false(lim.reserve_before(t0 + milliseconds(10), t0 + milliseconds(310), slot));
    // ...and refusing did not take it: the next caller still gets it.
    assert_true(lim.reserve_before(t0 + milliseconds(20), t0 + seconds(5), slot));
    assert_true(slot - t0 >= milliseconds(1000) && slot - t0 <= milliseconds(1100));
}

void test_acquire_returns_at_once_when_deadline_too_close(void **) {
    tcss::RateLimiter lim(1);
    assert_true(lim.acquire(Clock::now() + seconds(10)));
    const auto start = Clock::now();
    assert_false(lim.acquire(Clock::now() + milliseconds(300)));
    assert_true(Clock::now() - start < milliseconds(200));  // a bound: the old limiter slept ~1 s here
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_limited_delay_spans_windows),
        cmocka_unit_test(test_rate_limited_delay_never_past_deadline),
        cmocka_unit_test(test_rate_limit_codes),
        cmocka_unit_test(test_limiter_refuses_slot_past_deadline),
        cmocka_unit_test(test_acquire_returns_at_once_when_deadline_too_close),
    };
    return cmocka_run_group_tests_name("retry_deadline", tests, nullptr, nullptr);
}
