// The registry actions of TCSS 2020-11-01 (tccli's api.json names every
// member): DescribeAssetImageRegistryRegistryList (Limit at most 100; the
// only documented filter is IsAuthorized, so a Name is found by paging),
// DescribeAssetImageRegistryRegistryDetail, UpdateAssetImageRegistryRegistryDetail
// (the six required members again, RegistryId optional) and
// RemoveAssetImageRegistryRegistryDetail.
#include "actions.hpp"

#include "paging.hpp"
#include "request_body.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tcss {

const Action kListRegistries{"DescribeAssetImageRegistryRegistryList"};
const Action kRegistryDetail{"DescribeAssetImageRegistryRegistryDetail"};
// Keyed by RegistryId (or Name): sending it again does what it did once.
const Action kUpdateRegistry{"UpdateAssetImageRegistryRegistryDetail"};
const Action kRemoveRegistry{"RemoveAssetImageRegistryRegistryDetail"};

const TextMember<Registry> kRegistryText[10] = {
    {"Name", &Registry::name},
    {"RegistryType", &Registry::registry_type},
    {"Url", &Registry::url},
    {"NetType", &Registry::net_type},
    {"RegistryRegion", &Registry::registry_region},
    {"RegistryVersion", &Registry::registry_version},
    {"InstanceID", &Registry::instance_id},
    {"SyncStatus", &Registry::sync_status},
    {"LatestSyncTime", &Registry::latest_sync_time},
    {"SyncFailReason", &Registry::sync_fail_reason},
};
const TextMember<ConnDetect> kConnDetectText[6] = {
    {"Quuid", &ConnDetect::quuid},
    {"Uuid", &ConnDetect::uuid},
    {"ConnDetectStatus", &ConnDetect::status},
    {"ConnDetectMessage", &ConnDetect::message},
    {"FailReason", &ConnDetect::fail_reason},
    {"Solution", &ConnDetect::solution},
};

long long Row::num(const char *key, long long fallback) const {
    const cJSON *v = get(key);
    // Compared as a double first: a value past long long's range must never
    // reach the cast (undefined behaviour; found by fuzz.long.paged_answers).
    if (cJSON_IsNumber(v) && std::isfinite(v->valuedouble) && v->valuedouble > -9.2e18 && v->valuedouble < 9.2e18)
        return static_cast<long long>(v->valuedouble);
    if (cJSON_IsString(v) && v->valuestring != nullptr && v->valuestring[0] != '\0') {
        char *end = nullptr;
        const long long n = std::strtoll(v->valuestring, &end, 10);
        if (end != nullptr && *end == '\0') return n;
    }
    return fallback;
}

int Row::flag(const char *key) const {
    const cJSON *v = get(key);
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? 1 : 0;
    if (cJSON_IsNumber(v)) return v->valuedouble != 0 ? 1 : 0;
    return -1;
}

CallInput plain_input(const Engine &engine, const cJSON *body) {
    CallInput in;
    in.redactor = engine.base_redactor();
    in.body = print_secret(body);
    in.masked_body.assign(in.body.begin(), in.body.end());
    in.deadline = std::chrono::steady_clock::now() + engine.config().timeout;
    return in;
}

bool Registry::auth_failed() const {
    for (const auto &c : conn_detect)
        if (c.status == "status_auth_failed") return true;
    return false;
}

namespace {

std::vector<ConnDetect> read_conn_detect(const Row &row) {
    std::vector<ConnDetect> out;
    const cJSON *list = row.get("ConnDetectDetail");
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, list) {
        if (!cJSON_IsObject(item)) continue;
        const Row r{row.reply, item};
        ConnDetect c;
        for (const auto &m : kConnDetectText) c.*m.field = r.str(m.key);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

Registry registry_from_row(const Row &row) {
    Registry r;
    r.id = row.num("RegistryId", 0);
    r.name_as_sent = row.raw("Name");
    for (const auto &m : kRegistryText) r.*m.field = row.str(m.key);
    r.sync_mode = row.num("SyncMode");
    r.conn_detect = read_conn_detect(row);
    return r;
}

namespace {

// One page of the list; `total` its TotalCount.
std::vector<Registry> list_page(Engine &engine, const Pager &pager, long long &total, Deadline within) {
    Json body(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(body.get(), "Limit", checked(cJSON_CreateNumber(pager.limit())));
    cJSON_AddItemToObject(body.get(), "Offset", checked(cJSON_CreateNumber(pager.offset())));
    CallInput in = plain_input(engine, body.get());
    in.deadline = std::min(in.deadline, within);
    std::vector<Registry> rows;
    engine.call(kListRegistries, in, [&](const Reply &reply) {
        const Row top{reply, reply.response()};
        total = top.num("TotalCount", 0);
        const cJSON *item = nullptr;
        cJSON_ArrayForEach(item, top.get("List")) {
            if (cJSON_IsObject(item)) rows.push_back(registry_from_row(Row{reply, item}));
        }
    });
    return rows;
}

// Pages through the list, handing each row to `take` until it says stop.
template <typename F>
unsigned int walk_registries(Engine &engine, F &&take, Deadline within = Deadline::max()) {
    Pager pager;
    for (;;) {
        long long total = 0;
        std::vector<Registry> rows = list_page(engine, pager, total, within);
        for (auto &r : rows)
            if (!take(std::move(r))) return pager.pages() + 1;
        if (!pager.next(rows.size(), total, rows.empty() ? "" : std::to_string(rows.front().id))) return pager.pages();
    }
}

}  // namespace

std::vector<Registry> list_registries(Engine &engine, unsigned int &requests) {
    std::vector<Registry> all;
    requests = walk_registries(engine, [&](Registry r) {
        all.push_back(std::move(r));
        return true;
    });
    return all;
}

std::optional<Registry> find_registry(Engine &engine, const std::string &name, unsigned int *pages, Deadline within) {
    std::optional<Registry> found;
    const unsigned int asked = walk_registries(
        engine,
        [&](Registry r) {
            if (r.name_as_sent != name) return true;
            found = std::move(r);
            return false;
        },
        within);
    if (found) found->requests = asked;
    if (pages != nullptr) *pages = asked;
    return found;
}

void read_registry_detail(Engine &engine, Registry &r) {
    Json body(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(body.get(), "RegistryId", checked(cJSON_CreateNumber(static_cast<double>(r.id))));
    CallInput in = plain_input(engine, body.get());
    engine.call(kRegistryDetail, in, [&](const Reply &reply) {
        const Row d{reply, reply.response()};
        // Password and WebhookToken are never read: masked, plain or absent
        // depending on the endpoint, and never to be shown or compared.
        r.username = d.str("Username");
        for (const auto &m : kRegistryText)  // what the detail has; the list's sync members it has not
            if (d.get(m.key) != nullptr && std::string_view(m.key) != "Name") r.*m.field = d.str(m.key);
        r.speed_limit = d.num("SpeedLimit");
        r.insecure = d.num("Insecure");
        r.sync_mode = d.num("SyncMode", r.sync_mode);
        r.need_scan = d.flag("NeedScan");
        if (d.get("ConnDetectDetail") != nullptr) r.conn_detect = read_conn_detect(d);
    });
    ++r.requests;
}

namespace {

UpdateResult send_update(Engine &engine, const tcss_registry_spec &spec, long long registry_id) {
    CallInput in;
    in.redactor = spec_redactor(engine, spec);
    in.body = build_update_body(spec, registry_id);
    const SecretString masked = build_update_body(spec, registry_id, Secrets::Mask);
    in.masked_body.assign(masked.begin(), masked.end());
    in.deadline = std::chrono::steady_clock::now() + engine.config().timeout;
    UpdateResult u;
    const Reply reply = engine.call(kUpdateRegistry, in, [&](const Reply &rep) {
        const Row r{rep, rep.response()};
        u.registry_id = r.num("RegistryId", registry_id == TCSS_UNSET ? 0 : registry_id);
        u.health_check_err = r.str("HealthCheckErr");
    });
    u.request_id = reply.request_id;
    u.attempts = reply.attempts;
    return u;
}

// The intl endpoint's schema may lag the API description and refuse the
// RegistryId member (UnknownParameter, or InvalidParameter naming it).
bool refused_registry_id(const Error &e) {
    const ErrorInfo &i = e.info();
    return i.code == TCSS_ESERVICE && (i.service_code.rfind("UnknownParameter", 0) == 0 ||
                                       (i.service_code.rfind("InvalidParameter", 0) == 0 &&
                                        i.service_message.find("RegistryId") != std::string::npos));
}

}  // namespace

UpdateResult update_registry(Engine &engine, const tcss_registry_spec &spec, long long registry_id) {
    validate_spec(&spec);
    try {
        return send_update(engine, spec, registry_id);
    } catch (const Error &e) {
        if (!refused_registry_id(e)) throw;
        engine.log()(TCSS_LOG_WARN, "UpdateAssetImageRegistryRegistryDetail refused the RegistryId member (" +
                                        e.info().service_code + "); updating by Name instead");
    }
    UpdateResult u = send_update(engine, spec, TCSS_UNSET);
    u.by_name = true;
    if (u.registry_id == 0) u.registry_id = registry_id;
    return u;
}

std::string remove_registry(Engine &engine, long long registry_id) {
    Json body(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(body.get(), "RegistryId", checked(cJSON_CreateNumber(static_cast<double>(registry_id))));
    CallInput in = plain_input(engine, body.get());
    return engine.call(kRemoveRegistry, in).request_id;
}

}  // namespace tcss
