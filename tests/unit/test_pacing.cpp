// The rate limiter's schedule, the backoff curve, which service codes are
// retried, and the redactor.
#include "rate_limiter.hpp"
#include "redact.hpp"
#include "retry.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono;
using Clock = tcss::RateLimiter::Clock;

// No one-second window, wherever it starts, holds more than 20 slots.
void test_limiter_never_exceeds_rate(void **) {
    tcss::RateLimiter lim(20);
    const auto t0 = Clock::time_point() + hours(1);
    std::vector<Clock::time_point> slots;
    for (int i = 0; i < 200; ++i) slots.push_back(lim.reserve(t0));  // 200 callers at once
    for (size_t i = 0; i < slots.size(); ++i) {
        size_t in_window = 0;
        for (size_t j = i; j < slots.size() && slots[j] - slots[i] < seconds(1); ++j) ++in_window;
        assert_true(in_window <= 20);
    }
    // ...and it is not needlessly slow: 200 slots within 10.5 s.
    assert_true(slots.back() - slots.front() < milliseconds(10500));
    assert_true(slots.back() - slots.front() >= milliseconds(9950));
}

void test_limiter_idle_does_not_bank_credit(void **) {
    tcss::RateLimiter lim(10);
    const auto t0 = Clock::time_point() + hours(1);
    lim.reserve(t0);
    const auto later = t0 + seconds(30);  // long idle
    auto a = lim.reserve(later);
    auto b = lim.reserve(later);
    assert_true(a == later);
    assert_true(b - a >= milliseconds(100));  // still spaced after idling
}

void test_limiter_threads(void **) {
    tcss::RateLimiter lim(1000);
    std::vector<std::thread> ts;
    std::vector<Clock::time_point> got(8 * 50);
    for (int t = 0; t < 8; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) got[t * 50 + i] = lim.reserve(Clock::now());
        });
    for (auto &t : ts) t.join();
    std::sort(got.begin(), got.end());
    for (size_t i = 1; i < got.size(); ++i) assert_true(got[i] - got[i - 1] >= lim.interval());
}

void test_unlimited(void **) {
    tcss::RateLimiter lim(TCSS_RATE_UNLIMITED);
    const auto start = Clock::now();
    for (int i = 0; i < 1000; ++i) assert_true(lim.acquire(Clock::now() + hours(1)));
    assert_true(Clock::now() - start < seconds(5));  // a bound, not a benchmark: sleeping would take 50 s
}

void test_backoff(void **) {
    tcss::Backoff b;
    std::mt19937_64 rng(42);
    for (int round = 0; round < 200; ++round) {
        assert_int_equal(b.delay(1, rng).count(), 0);
        auto d2 = b.delay(2, rng), d3 = b.delay(3, rng), d4 = b.delay(4, rng), d20 = b.delay(20, rng);
        assert_true(d2 >= milliseconds(100) && d2 <= milliseconds(200));
        assert_true(d3 >= milliseconds(200) && d3 <= milliseconds(400));
        assert_true(d4 >= milliseconds(400) && d4 <= milliseconds(800));
        assert_true(d20 >= milliseconds(2500) && d20 <= milliseconds(5000));
    }
    // jitter actually varies
    auto a = b.delay(3, rng);
    bool varied = false;
    for (int i = 0; i < 20 && !varied; ++i) varied = b.delay(3, rng) != a;
    assert_true(varied);
}

void test_retry_classes(void **) {
    assert_true(tcss::is_retryable_service_code("RequestLimitExceeded"));
    assert_true(tcss::is_retryable_service_code("RequestLimitExceeded.UinLimitExceeded"));
    assert_true(tcss::is_retryable_service_code("InternalError"));
    assert_false(tcss::is_retryable_service_code("AuthFailure.SignatureFailure"));
    assert_false(tcss::is_retryable_service_code("InvalidParameter.MissingParameter"));
    assert_false(tcss::is_retryable_service_code("FailedOperation"));
    assert_int_equal(tcss::class_of_service_code("AuthFailure.SignatureExpire"), TCSS_EAUTH);
    assert_int_equal(tcss::class_of_service_code("RequestLimitExceeded"), TCSS_ERATELIMIT);
    assert_int_equal(tcss::class_of_service_code("InvalidParameterValue"), TCSS_ESERVICE);
    assert_int_equal(tcss::class_of_service_code("ResourceNotFound"), TCSS_ESERVICE);
    assert_int_equal(tcss::class_of_service_code("InternalError"), TCSS_EBADRESPONSE);
}

void test_redactor(void **) {
    std::string key = "secret-key-1234", token = "tok1", pw = "secret-key-1234-longer";
    tcss::Redactor r;
    r.add(key);
    r.add(token);
    r.add(pw);
    r.add("");
    r.add("abc");  // too short to mask safely
    std::string out = r.apply("a secret-key-1234-longer b secret-key-1234 c tok1 tok1 abc");
    assert_string_equal(out.c_str(), "a ******** b ******** c ******** ******** abc");
    assert_string_equal(tcss::mask_signature("TC3-HMAC-SHA256 Credential=AKID/2020-01-01/tcss/tc3_request, "
                                             "SignedHeaders=content-type;host, Signature=abcdef")
                            .c_str(),
                        "TC3-HMAC-SHA256 Credential=AKID/2020-01-01/tcss/tc3_request, "
                        "SignedHeaders=content-type;host, Signature=********");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limiter_never_exceeds_rate),
        cmocka_unit_test(test_limiter_idle_does_not_bank_credit),
        cmocka_unit_test(test_limiter_threads),
        cmocka_unit_test(test_unlimited),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_retry_classes),
        cmocka_unit_test(test_redactor),
    };
    return cmocka_run_group_tests_name("pacing", tests, nullptr, nullptr);
}
