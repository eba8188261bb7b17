// scan: the image just pushed, scanned by TCSS and judged. Find the image
// row (after a sync when asked), start a CVE scan or join the one running,
// wait for it, read every finding, apply the gate. Every wait is bounded by
// the one deadline wait_ms sets; polls come at most once a second.
#include "jobs.hpp"

#include "error.hpp"
#include "paging.hpp"
#include "scan/image_ref.hpp"
#include "validate.hpp"

#include <ctime>
#include <random>
#include <sstream>

namespace tcss {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr long kDefaultWaitMs = TCSS_DEFAULT_SCAN_WAIT_MS;

struct Plan {
    std::string registry;
    scan::ImageRef ref;
    scan::GateOptions gate;
    SteadyClock::time_point deadline;
    long wait_ms = kDefaultWaitMs;
    bool sync = false;
};

Plan plan_of(const tcss_scan_options &o) {
    if (o.registry_name == nullptr || o.registry_name[0] == '\0') invalid("registry_name: is required");
    if (o.image == nullptr || o.image[0] == '\0') invalid("image: is required (HOST/PATH:TAG[@sha256:DIGEST])");
    if (o.wait_ms < 0 || o.wait_ms > TCSS_MAX_TIMEOUT_MS)
        invalid("wait_ms: must be 0 (the default, 10 minutes) to " + std::to_string(TCSS_MAX_TIMEOUT_MS));
    Plan p;
    p.registry = o.registry_name;
    p.ref = scan::parse_image_ref(o.image);
    p.gate.fail_on = scan::parse_fail_on(o.fail_on != nullptr ? o.fail_on : "none");
    const std::pair<scan::Severity, long long> max[] = {{scan::Severity::Critical, o.max_critical},
                                                        {scan::Severity::High, o.max_high},
                                                        {scan::Severity::Medium, o.max_medium},
                                                        {scan::Severity::Low, o.max_low}};
    for (const auto &[sev, n] : max) {
        if (n == TCSS_UNSET) continue;
        if (n < 0) invalid(std::string("max_") + scan::severity_name(sev) + ": must be 0 or more, or TCSS_UNSET");
        p.gate.max[scan::severity_index(sev)] = static_cast<unsigned long>(n);
    }
    p.gate.only_fixed = o.only_fixed != 0;
    p.sync = o.sync != 0;
    p.wait_ms = o.wait_ms == 0 ? kDefaultWaitMs : o.wait_ms;
    p.deadline = SteadyClock::now() + std::chrono::milliseconds(p.wait_ms);
    return p;
}

std::mt19937_64 &rng() {
    thread_local std::mt19937_64 r(std::random_device{}());
    return r;
}

// A poll that hit the rate limit through every retry waits and goes on.
template <typename F>
PollStep polled(F &&f) {
    try {
        return f() ? PollStep::Done : PollStep::Again;
    } catch (const Error &e) {
        if (e.code() != TCSS_ERATELIMIT) throw;
        return PollStep::RateLimited;
    }
}

// Image rows matching the reference: first with the identity filters
// (their names are not documented), and by paging every row when the
// endpoint refuses them. Rows are always matched here, never trusted.
std::optional<ImageRowInfo> find_image(Engine &engine, const scan::ImageRef &ref, bool &filters_refused) {
    const std::size_t slash = ref.repository.rfind('/');
    const std::string name = slash == std::string::npos ? ref.repository : ref.repository.substr(slash + 1);
    std::vector<std::pair<std::string, std::string>> filters{{"ImageName", name}};
    if (!ref.tag.empty()) filters.push_back({"ImageTag", ref.tag});
    std::vector<ImageRowInfo> found;
    Pager pager;
    for (;;) {
        long long total = 0;
        std::vector<ImageRowInfo> rows;
        try {
            rows = list_images_page(engine, filters_refused ? decltype(filters){} : filters, pager.offset(),
                                    pager.limit(), total);
        } catch (const Error &e) {
            if (filters_refused || e.info().service_code.rfind("InvalidParameter", 0) != 0) throw;
            engine.log()(TCSS_LOG_INFO, "image filters refused (" + e.info().service_code + "); paging every row");
            filters_refused = true;
            continue;
        }
        found.insert(found.end(), rows.begin(), rows.end());
        if (!pager.next(rows.size(), total, rows.empty() ? "" : std::to_string(rows.front().id))) break;
    }
    std::vector<scan::ImageRow> keys;
    for (const auto &r : found) keys.push_back({r.repo_address, r.tag, r.digest, r.is_latest});
    const std::size_t i = scan::select_row(ref, keys);
    if (i >= found.size()) return std::nullopt;
    return found[i];
}

bool terminal(const std::string &status) {
    return status == "SCANNED" || status == "SCAN_ERR" || status == "SCAN_TIMEOUT" || status == "CANCELED";
}

}  // namespace

namespace {

struct Progress {
    ImageRowInfo row;
    ScanStart start;
    ScanState state;
    bool by_task = true;
    std::string incomplete;  // why the scan did not finish, or ""
    std::chrono::milliseconds waited{0};
};

std::string seconds_text(long ms) { return std::to_string(ms / 1000) + " s"; }

ImageRowInfo locate(Engine &engine, const Plan &p, Progress &pr) {
    bool filters_refused = false;
    std::optional<ImageRowInfo> row;
    const PollOutcome out = poll_until(
        p.deadline, PollConfig{},
        [&] { return polled([&] { return (row = find_image(engine, p.ref, filters_refused)).has_value(); }); },
        PollClock::real(), rng());
    pr.waited += out.waited;
    if (!row)
        throw Error(TCSS_ENOTFOUND, "image " + quote_for_message(p.ref.str()) + " is not in TCSS for registry " +
                                        quote_for_message(p.registry) + (p.sync ? " after the sync" : "") + " and " +
                                        seconds_text(static_cast<long>(out.waited.count())) + " of waiting");
    return *row;
}

void run_scan(Engine &engine, const Plan &p, Progress &pr) {
    // The service's own timeout a minute past ours: we stop the scan at our
    // deadline, and if this process is gone by then TCSS ends it anyway.
    const long long left_s = std::chrono::duration_cast<std::chrono::seconds>(p.deadline - SteadyClock::now()).count();
    pr.start = create_scan(engine, pr.row.id, (left_s < 0 ? 0 : left_s) + 60);
    const PollOutcome out = poll_until(
        p.deadline, PollConfig{},
        [&] {
            return polled([&] {
                pr.state = scan_status(engine, pr.start.task_id, pr.row.id, pr.by_task);
                return terminal(pr.state.status);
            });
        },
        PollClock::real(), rng());
    pr.waited += out.waited;
    if (out.why == PollOutcome::Why::Done) {
        if (pr.state.status != "SCANNED")
            pr.incomplete = "the scan ended " + pr.state.status + (pr.state.error.empty() ? "" : ": " + pr.state.error);
        return;
    }
    pr.incomplete = "the wait of " + seconds_text(p.wait_ms) + " ran out while the scan was " +
                    (pr.state.status.empty() ? "starting" : pr.state.status) + "; the scan was stopped";
    try {
        stop_scan(engine, pr.start.task_id, pr.row.id, pr.by_task);
    } catch (const Error &e) {
        pr.incomplete += " (stopping it failed: " + e.info().message + ")";
    }
}

std::vector<scan::Finding> read_findings(Engine &engine, long long image_id) {
    std::vector<scan::Finding> out;
    Pager pager;
    for (;;) {
        Json body(checked(cJSON_CreateObject()));
        cJSON_AddItemToObject(body.get(), "Id", checked(cJSON_CreateNumber(static_cast<double>(image_id))));
        cJSON_AddItemToObject(body.get(), "Limit", checked(cJSON_CreateNumber(pager.limit())));
        cJSON_AddItemToObject(body.get(), "Offset", checked(cJSON_CreateNumber(pager.offset())));
        CallInput in = plain_input(engine, body.get());
        long long total = 0;
        const std::size_t before = out.size();
        engine.call(kListVulns, in, [&](const Reply &reply) {
            total = Row{reply, reply.response()}.num("TotalCount", 0);
            scan::append_findings(
                reply.response(), [&reply](const std::string &s) { return reply.clean(s); }, out);
        });
        const std::size_t rows = out.size() - before;
        const std::string key = rows == 0 ? "" : out[before].poc_id + "/" + out[before].cve_id;
        if (!pager.next(rows, total, key)) return out;
    }
}

const char *outcome_name(int outcome) {
    return outcome == TCSS_SCAN_PASSED ? "passed" : outcome == TCSS_SCAN_GATE_FAILED ? "gate_failed" : "incomplete";
}

}  // namespace

Json scan_document(const ScanRecord &record) {
    std::ostringstream text;
    scan::write_report(text, scan::ReportFormat::Json,
                       {record.findings, record.decision, record.ignores, record.context});
    const std::string s = text.str();
    Json doc(cJSON_ParseWithLength(s.data(), s.size()));
    if (!doc) throw Error(TCSS_EINTERNAL, "the scan's json report is not JSON");
    cJSON_AddItemToObject(doc.get(), "Outcome", checked(cJSON_CreateString(outcome_name(record.outcome))));
    cJSON_AddItemToObject(doc.get(), "OutcomeCode", checked(cJSON_CreateNumber(record.outcome)));
    return doc;
}

ScanJob scan_image(Engine &engine, const tcss_scan_options &opts) {
    const Plan p = plan_of(opts);
    auto record = std::make_shared<ScanRecord>();
    if (opts.ignore_file != nullptr) record->ignores = scan::read_ignore_file(opts.ignore_file);
    require_registry(engine, p.registry);
    if (p.sync) sync_and_wait(engine, p.registry, p.deadline, true);
    Progress pr;
    record->context.start_time = std::time(nullptr);
    pr.row = locate(engine, p, pr);
    run_scan(engine, p, pr);
    if (pr.incomplete.empty()) record->findings = read_findings(engine, pr.row.id);
    record->decision =
        scan::evaluate_gate(record->findings, p.gate, record->ignores, scan::utc_date(std::time(nullptr)));
    record->outcome = !pr.incomplete.empty()    ? TCSS_SCAN_INCOMPLETE
                      : record->decision.passed ? TCSS_SCAN_PASSED
                                                : TCSS_SCAN_GATE_FAILED;
    scan::ReportContext &c = record->context;
    c.image = p.ref.str();
    c.repo_address = pr.row.repo_address;
    c.digest = pr.row.digest;
    c.end_time = std::time(nullptr);
    c.scan_completed = pr.incomplete.empty();
    c.scan_error = pr.incomplete;
    c.options = p.gate;
    const Redactor red = engine.base_redactor();
    c.clean = [red](const std::string &s) { return red.clean(s); };
    ScanJob job{scan_document(*record), record};
    cJSON *d = job.doc.get();
    cJSON_AddItemToObject(d, "ImageId", checked(cJSON_CreateNumber(static_cast<double>(pr.row.id))));
    cJSON_AddItemToObject(d, "ScanStatus", checked(cJSON_CreateString(pr.state.status.c_str())));
    cJSON_AddItemToObject(d, "TaskID", checked(cJSON_CreateNumber(static_cast<double>(pr.start.task_id))));
    cJSON_AddItemToObject(d, "JoinedRunningScan", checked(cJSON_CreateBool(pr.start.joined)));
    cJSON_AddItemToObject(d, "WaitedMs", checked(cJSON_CreateNumber(static_cast<double>(pr.waited.count()))));
    return job;
}

}  // namespace tcss
