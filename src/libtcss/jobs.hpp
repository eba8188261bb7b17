// The recurring job's steps, each a few actions on the engine: ensure a
// registry, list/show/remove registries, sync and wait, scan and judge
// (jobs/*.cpp). Each returns its result as a JSON document whose strings are
// already cleaned; the C boundary wraps it as a tcss_result.
#pragma once

#include "actions.hpp"
#include "json.hpp"
#include "paging.hpp"

#include <tcss/tcss.h>

#include "scan/gate.hpp"
#include "scan/ignore.hpp"
#include "scan/report.hpp"

#include <memory>
#include <string>

namespace tcss {

// The JSON of one registry for results: never its password or webhook token.
Json registry_json(const Registry &r, bool with_detail);

// tcss_ensure_registry (jobs/ensure.cpp).
Json ensure_registry(Engine &engine, const tcss_registry_spec &spec, int update_policy);
// The settings `spec` gives that differ from `r` (API member names).
std::vector<std::string> registry_differences(const tcss_registry_spec &spec, const Registry &r);

// tcss_list_registries, tcss_show_registry, tcss_remove_registry,
// tcss_sync_registry (jobs/registries.cpp). A name that is not there is
// Error(TCSS_ENOTFOUND).
Json list_registries_json(Engine &engine);
Json show_registry(Engine &engine, const std::string &name);
Json remove_registry_by_name(Engine &engine, const std::string &name);
Json sync_registry_and_wait(Engine &engine, const std::string &name, long wait_ms);
// Sync the registry of that name and, with `wait`, poll until this sync has
// finished or the deadline comes.
struct SyncWait {
    Registry registry;
    std::string request_id;
    bool finished = false;
    PollOutcome waited;
};
SyncWait sync_and_wait(Engine &engine, const std::string &name, Deadline deadline, bool wait);

// tcss_scan_image (jobs/scan.cpp): what the reports need, kept with the
// result, and the result's document.
struct ScanRecord {
    std::vector<scan::Finding> findings;
    scan::IgnoreList ignores;
    scan::GateDecision decision;
    scan::ReportContext context;
    int outcome = TCSS_SCAN_INCOMPLETE;
};
struct ScanJob {
    Json doc;
    std::shared_ptr<ScanRecord> record;
};
ScanJob scan_image(Engine &engine, const tcss_scan_options &opts);
// The result document of a scan: the json report's members, plus Outcome,
// OutcomeCode, Image, ImageId, ScanStatus, TaskID and WaitedMs.
Json scan_document(const ScanRecord &record);

// The registry of that name, or Error(TCSS_ENOTFOUND) naming it.
Registry require_registry(Engine &engine, const std::string &name);

}  // namespace tcss
