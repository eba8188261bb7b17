// The two helpers every list and every wait uses (paging.hpp): the pager
// must read every row and must never loop, whatever the service's paging
// does; the poller must stop within the deadline, never sleep past it, never
// poll more than once a second, and say why it stopped.
#include "actions.hpp"
#include "engine.hpp"
#include "paging.hpp"
#include "unit.hpp"

#include <string>
#include <vector>

namespace {

using std::chrono::milliseconds;
using tcss::Pager;

// A list of `total` rows served `limit` at a time, ids "r0", "r1", ...
struct FakeList {
    long long total;
    unsigned int served = 0;
    std::vector<std::string> page(unsigned int offset, unsigned int limit) {
        ++served;
        std::vector<std::string> rows;
        for (long long i = offset; i < total && rows.size() < limit; ++i) rows.push_back("r" + std::to_string(i));
        return rows;
    }
};

unsigned int read_all(FakeList &list, Pager &p, std::vector<std::string> &seen) {
    for (;;) {
        auto rows = list.page(p.offset(), p.limit());
        seen.insert(seen.end(), rows.begin(), rows.end());
        if (!p.next(rows.size(), list.total, rows.empty() ? "" : rows.front())) return p.pages();
    }
}

void test_pager_reads_every_row(void **) {
    for (long long total : {0LL, 1LL, 99LL, 100LL, 101LL, 250LL}) {
        FakeList list{total};
        Pager p;
        std::vector<std::string> seen;
        read_all(list, p, seen);
        assert_int_equal(seen.size(), total);
        assert_int_equal(list.served, total == 0 ? 1 : (total + 99) / 100);
        assert_string_equal(p.stopped_because(), total == 0 ? "empty page" : "complete");
    }
}

void test_pager_limit_is_clamped(void **) {
    assert_int_equal(Pager(0).limit(), 1);
    assert_int_equal(Pager(1000).limit(), tcss::kMaxPageLimit);
    assert_int_equal(Pager(20).limit(), 20);
}

void test_pager_stops_on_a_repeated_page(void **) {
    // A service that ignores Offset answers the first page every time.
    Pager p(10);
    unsigned int pages = 0;
    while (p.next(10, 1000, "r0")) ++pages;
    assert_int_equal(p.pages(), 2);
    assert_string_equal(p.stopped_because(), "page repeated");
}

void test_pager_survives_a_moving_total(void **) {
    // TotalCount grows by a page every time: bounded by the largest seen.
    Pager p(10);
    long long total = 30;
    unsigned int guard = 0;
    while (p.next(10, total, "k" + std::to_string(p.pages())) && ++guard < 1000) total += 10;
    assert_true(guard < 1000);
    assert_true(p.total_moved());
    assert_string_equal(p.stopped_because(), "page budget spent");
    // ...and one that shrinks below what was read ends at once.
    Pager q(10);
    assert_true(q.next(10, 50, "a"));
    assert_false(q.next(10, 15, "b"));
    assert_string_equal(q.stopped_because(), "complete");
}

// A clock that sleeps instantly and records each wait.
struct FakeClock {
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point() + std::chrono::hours(1);
    std::vector<milliseconds> sleeps;
    tcss::PollClock clock() {
        return {[this] { return now; },
                [this](milliseconds d) {
                    sleeps.push_back(d);
                    now += d;
                }};
    }
};

void test_poll_done_after_some_polls(void **) {
    FakeClock fc;
    std::mt19937_64 rng(1);
    int left = 3;
    const auto out = tcss::poll_until(
        fc.now + std::chrono::seconds(60), tcss::PollConfig{},
        [&] { return --left == 0 ? tcss::PollStep::Done : tcss::PollStep::Again; }, fc.clock(), rng);
    assert_true(out.why == tcss::PollOutcome::Why::Done);
    assert_int_equal(out.polls, 3);
    assert_int_equal(fc.sleeps.size(), 2);
    milliseconds total{0};
    for (auto s : fc.sleeps) {
        assert_true(s >= milliseconds(1600) && s <= milliseconds(2400));  // 2 s +- 20 %
        total += s;
    }
    assert_true(out.waited == total);
}

void test_poll_never_sleeps_past_the_deadline(void **) {
    FakeClock fc;
    std::mt19937_64 rng(2);
    const auto deadline = fc.now + milliseconds(7300);
    const auto out = tcss::poll_until(
        deadline, tcss::PollConfig{}, [] { return tcss::PollStep::Again; }, fc.clock(), rng);
    assert_true(out.why == tcss::PollOutcome::Why::DeadlineReached);
    assert_true(fc.now <= deadline);
    assert_true(deadline - fc.now < milliseconds(1000));  // stopped within one min_interval of it
    assert_true(out.polls >= 3);
}

void test_poll_at_most_once_a_second(void **) {
    FakeClock fc;
    std::mt19937_64 rng(3);
    tcss::PollConfig cfg;
    cfg.interval = milliseconds(10);  // asked for faster than allowed
    const auto out = tcss::poll_until(
        fc.now + std::chrono::seconds(10), cfg, [] { return tcss::PollStep::Again; }, fc.clock(), rng);
    for (auto s : fc.sleeps) assert_true(s >= milliseconds(1000));
    assert_true(out.polls <= 11);
}

void test_poll_backs_off_when_rate_limited(void **) {
    FakeClock fc;
    std::mt19937_64 rng(4);
    int n = 0;
    const auto out = tcss::poll_until(
        fc.now + std::chrono::seconds(60), tcss::PollConfig{},
        [&] { return ++n < 3 ? tcss::PollStep::RateLimited : tcss::PollStep::Done; }, fc.clock(), rng);
    assert_int_equal(out.rate_limited, 2);
    for (auto s : fc.sleeps) assert_true(s >= milliseconds(3200));  // doubled
}

void test_create_once_resend_rule(void **) {
    const tcss::Action read{"DescribeAssetImageRegistryRegistryList"};
    const tcss::Action add{"AddAssetImageRegistryRegistryDetail", tcss::RetryClass::CreateOnce};
    const tcss::Action scan{"CreateAssetImageRegistryScanTask", tcss::RetryClass::CreateOnce};
    using tcss::Resend;
    // Reads: always.
    for (bool acted : {false, true}) assert_true(tcss::may_resend(read, acted, false, false) == Resend::Yes);
    for (const auto *a : {&add, &scan}) {
        // A create that cannot have acted: always.
        assert_true(tcss::may_resend(*a, false, false, false) == Resend::Yes);
        // One that may have acted: read first when a read is given, else stop.
        assert_true(tcss::may_resend(*a, true, false, true) == Resend::AfterRead);
        assert_true(tcss::may_resend(*a, true, false, false) == Resend::No);
        // A rate-limit refusal never acted.
        assert_true(tcss::may_resend(*a, true, true, false) == Resend::Yes);
    }
    // Add is declared so (and so never resent blindly after a lost answer).
    assert_true(tcss::kAddRegistry.retry == tcss::RetryClass::CreateOnce);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pager_reads_every_row),
        cmocka_unit_test(test_pager_limit_is_clamped),
        cmocka_unit_test(test_pager_stops_on_a_repeated_page),
        cmocka_unit_test(test_pager_survives_a_moving_total),
        cmocka_unit_test(test_poll_done_after_some_polls),
        cmocka_unit_test(test_poll_never_sleeps_past_the_deadline),
        cmocka_unit_test(test_poll_at_most_once_a_second),
        cmocka_unit_test(test_poll_backs_off_when_rate_limited),
        cmocka_unit_test(test_create_once_resend_rule),
    };
    return cmocka_run_group_tests_name("paging", tests, nullptr, nullptr);
}
