// list, show, remove and sync: a registry found by Name, then one action.
#include "jobs.hpp"

#include "error.hpp"
#include "paging.hpp"
#include "validate.hpp"

#include <random>

namespace tcss {
namespace {

void add_text(cJSON *o, const char *key, const std::string &v) {
    cJSON_AddItemToObject(o, key, checked(cJSON_CreateString(v.c_str())));
}
void add_number(cJSON *o, const char *key, long long v) {
    cJSON_AddItemToObject(o, key, checked(cJSON_CreateNumber(static_cast<double>(v))));
}

cJSON *conn_detect_json(const std::vector<ConnDetect> &list) {
    cJSON *arr = checked(cJSON_CreateArray());
    for (const auto &c : list) {
        cJSON *o = checked(cJSON_CreateObject());
        cJSON_AddItemToArray(arr, o);
        for (const auto &m : kConnDetectText) add_text(o, m.key, c.*m.field);
    }
    return arr;
}

// The first connectivity status, or "" (the list's one-word summary).
std::string conn_status(const Registry &r) {
    for (const auto &c : r.conn_detect)
        if (c.status != "status_connected") return c.status;
    return r.conn_detect.empty() ? std::string() : r.conn_detect.front().status;
}

void name_check(const std::string &name) {
    if (name.empty()) invalid("Name: is required");
    if (name.size() > TCSS_MAX_NAME_BYTES)
        invalid("Name: must be at most " + std::to_string(TCSS_MAX_NAME_BYTES) + " bytes");
    check_text(name, "Name");
}

}  // namespace

Json registry_json(const Registry &r, bool with_detail) {
    Json o(checked(cJSON_CreateObject()));
    add_number(o.get(), "RegistryId", r.id);
    for (const auto &m : kRegistryText) add_text(o.get(), m.key, r.*m.field);
    add_text(o.get(), "ConnDetectStatus", conn_status(r));
    if (!with_detail) return o;
    add_text(o.get(), "Username", r.username);
    for (auto [key, v] : {std::pair{"SpeedLimit", r.speed_limit}, {"Insecure", r.insecure}, {"SyncMode", r.sync_mode}})
        if (v != TCSS_UNSET) add_number(o.get(), key, v);
    if (r.need_scan >= 0) cJSON_AddItemToObject(o.get(), "NeedScan", checked(cJSON_CreateBool(r.need_scan)));
    cJSON_AddItemToObject(o.get(), "ConnDetect", conn_detect_json(r.conn_detect));
    return o;
}

Registry require_registry(Engine &engine, const std::string &name) {
    name_check(name);
    std::optional<Registry> r = find_registry(engine, name);
    if (!r) throw Error(TCSS_ENOTFOUND, "no registry named " + quote_for_message(name) + " in TCSS");
    return std::move(*r);
}

Json list_registries_json(Engine &engine) {
    unsigned int requests = 0;
    const std::vector<Registry> all = list_registries(engine, requests);
    Json doc(checked(cJSON_CreateObject()));
    add_number(doc.get(), "TotalCount", static_cast<long long>(all.size()));
    cJSON *arr = checked(cJSON_CreateArray());
    cJSON_AddItemToObject(doc.get(), "Registries", arr);
    for (const auto &r : all) cJSON_AddItemToArray(arr, registry_json(r, false).release());
    add_number(doc.get(), "Requests", requests);
    return doc;
}

Json show_registry(Engine &engine, const std::string &name) {
    Registry r = require_registry(engine, name);
    read_registry_detail(engine, r);
    return registry_json(r, true);
}

Json remove_registry_by_name(Engine &engine, const std::string &name) {
    const Registry r = require_registry(engine, name);
    const std::string request_id = remove_registry(engine, r.id);
    Json doc(checked(cJSON_CreateObject()));
    add_number(doc.get(), "RegistryId", r.id);
    add_text(doc.get(), "Name", r.name);
    add_text(doc.get(), "RequestId", request_id);
    return doc;
}

namespace {

// This sync has finished: it is done one way or the other, and the
// registry was seen syncing since the request or its LatestSyncTime (of the
// last successful sync) moved. A status left from an earlier sync does not
// count; a sync that went from doing to failed between two polls is not seen
// and the wait runs out (LatestSyncTime has no time zone to compare with).
bool sync_finished(const Registry &now, const std::string &before_time, bool &seen_doing) {
    if (now.sync_status == "doing") seen_doing = true;
    const bool done = now.sync_status == "success" || now.sync_status == "failed";
    return done && (seen_doing || now.latest_sync_time != before_time);
}

}  // namespace

SyncWait sync_and_wait(Engine &engine, const std::string &name, Deadline deadline, bool wait) {
    SyncWait w;
    w.registry = require_registry(engine, name);
    const std::string before = w.registry.latest_sync_time;
    w.request_id = sync_registry(engine, w.registry.id);
    if (!wait) return w;
    bool seen_doing = false;
    std::mt19937_64 rng(std::random_device{}());
    w.waited = poll_until(
        deadline, PollConfig{},
        [&] {
            w.registry = require_registry(engine, name);
            w.finished = sync_finished(w.registry, before, seen_doing);
            return w.finished ? PollStep::Done : PollStep::Again;
        },
        PollClock::real(), rng);
    return w;
}

Json sync_registry_and_wait(Engine &engine, const std::string &name, long wait_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms < 0 ? 0 : wait_ms);
    const SyncWait w = sync_and_wait(engine, name, deadline, wait_ms > 0);
    Json doc = registry_json(w.registry, false);
    add_text(doc.get(), "RequestId", w.request_id);
    cJSON_AddItemToObject(doc.get(), "Finished", checked(cJSON_CreateBool(w.finished)));
    add_number(doc.get(), "WaitedMs", w.waited.waited.count());
    add_number(doc.get(), "Polls", w.waited.polls);
    return doc;
}

}  // namespace tcss
