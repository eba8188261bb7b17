// The TCSS actions: each a description for the engine (engine.hpp) and the
// functions that build its request and read its answer (actions/*.cpp).
// Every string read from an answer is cleaned (Reply::clean) before it is
// kept; what is compared (a registry's Name) is compared as sent.
#pragma once

#include "engine.hpp"

#include <tcss/tcss.h>

#include <optional>
#include <string>
#include <vector>

namespace tcss {

// Reading the members of one object of an answer.
struct Row {
    const Reply &reply;
    const cJSON *obj;
    const cJSON *get(const char *key) const { return cJSON_GetObjectItemCaseSensitive(obj, key); }
    std::string raw(const char *key) const { return json_string(obj, key); }  // as sent, for comparing
    std::string str(const char *key) const { return reply.clean(raw(key)); }  // cleaned, for keeping
    // A number, or a string of digits (several TCSS members are strings);
    // `fallback` when absent or neither.
    long long num(const char *key, long long fallback = TCSS_UNSET) const;
    // true/false, or 0/1; -1 when absent.
    int flag(const char *key) const;
};

// A call's input: the body built from `body` (cJSON, no secrets), the
// client's secrets in the redactor, the deadline one timeout_ms from now.
CallInput plain_input(const Engine &engine, const cJSON *body);

// ---- AddAssetImageRegistryRegistryDetail (actions/add_registry.cpp) ----
struct AddResult {
    long long registry_id = 0;
    std::string request_id;
    std::string health_check_err;
    std::string name_repeat_err;
    bool already_existed = false;
    unsigned int attempts = 0;
};
extern const Action kAddRegistry;
// Validates the spec first (TCSS_EINVAL, nothing sent).
AddResult add_registry(Engine &engine, const tcss_registry_spec &spec);
// The request add_registry would send now, every secret masked.
std::string preview_add_registry(Engine &engine, const tcss_registry_spec &spec);
// The redactor for a call carrying `spec`: the client's secrets, the
// password (and base64 of user:password) and the webhook token.
Redactor spec_redactor(const Engine &engine, const tcss_registry_spec &spec);

// ---- Registries (actions/registries.cpp) ----
struct ConnDetect {
    std::string quuid, uuid, status, message, fail_reason, solution;
};
// A registry as the list and the detail describe it; numbers TCSS_UNSET and
// flags -1 where the answer did not say.
struct Registry {
    long long id = 0;
    std::string name_as_sent;  // for matching only; `name` is cleaned
    std::string name, registry_type, url, net_type, registry_region, registry_version, instance_id;
    std::string username;  // detail only
    long long speed_limit = TCSS_UNSET, insecure = TCSS_UNSET, sync_mode = TCSS_UNSET;
    int need_scan = -1;
    std::string sync_status, latest_sync_time, sync_fail_reason;
    std::vector<ConnDetect> conn_detect;
    unsigned int requests = 0;  // requests it took to find it
    bool auth_failed() const;   // a ConnDetectStatus of status_auth_failed
};
// The text members of a registry and of a connectivity result, by API name:
// the one table the readers and the results' writers go through.
template <typename T>
struct TextMember {
    const char *key;
    std::string T::*field;
};
extern const TextMember<Registry> kRegistryText[10];
extern const TextMember<ConnDetect> kConnDetectText[6];
extern const Action kListRegistries, kRegistryDetail, kUpdateRegistry, kRemoveRegistry;
// One row of DescribeAssetImageRegistryRegistryList (tests and fuzzing reach it).
Registry registry_from_row(const Row &row);
// Every registry (all pages); `requests` counts the pages asked.
std::vector<Registry> list_registries(Engine &engine, unsigned int &requests);
// The registry of that Name, paging until it is found; `pages`, when given,
// counts the pages asked either way. No page is waited for past `within`
// (a calling action's deadline), nor past a timeout from now.
std::optional<Registry> find_registry(Engine &engine, const std::string &name, unsigned int *pages = nullptr,
                                      Deadline within = Deadline::max());
// Adds the detail's members to `r` (DescribeAssetImageRegistryRegistryDetail).
void read_registry_detail(Engine &engine, Registry &r);
struct UpdateResult {
    long long registry_id = 0;
    std::string request_id, health_check_err;
    unsigned int attempts = 0;
    bool by_name = false;  // the endpoint refused RegistryId: updated by Name
};
UpdateResult update_registry(Engine &engine, const tcss_registry_spec &spec, long long registry_id);
std::string remove_registry(Engine &engine, long long registry_id);  // the RequestId

// ---- Sync (actions/sync.cpp) ----
extern const Action kSyncRegistry;
std::string sync_registry(Engine &engine, long long registry_id);  // the RequestId

// ---- Images and scans (actions/scan.cpp) ----
struct ImageRowInfo {
    long long id = 0;                       // Id: the handle every scan action takes
    std::string repo_address, tag, digest;  // cleaned
    bool is_latest = false;
    int is_authorized = -1;
    std::string scan_status;
};
extern const Action kListImages, kCreateScan, kScanStatus, kStopScan, kListVulns;
// One row of DescribeAssetImageRegistryList (tests and fuzzing reach it).
ImageRowInfo image_from_row(const Row &row);
// One page of DescribeAssetImageRegistryList; `filters` (name, value) pairs
// with ExactMatch, none for all rows. `total` its TotalCount.
std::vector<ImageRowInfo> list_images_page(Engine &engine,
                                           const std::vector<std::pair<std::string, std::string>> &filters,
                                           unsigned int offset, unsigned int limit, long long &total);
struct ScanStart {
    long long task_id = 0;  // 0: the answer had none (one official example omits it)
    bool joined = false;    // a scan of the image was already running
    unsigned int attempts = 0;
};
// CreateAssetImageRegistryScanTask{Id:[image], ScanType:["CVE"], Timeout}.
ScanStart create_scan(Engine &engine, long long image_id, long long timeout_s);
struct ScanState {
    std::string status;  // NOT_SCAN, SCANNING, SCANNED, SCAN_ERR, SCAN_TIMEOUT, CANCELED, ...
    std::string error;   // what TCSS said went wrong, cleaned
};
// DescribeAssetImageRegistryScanStatusOneKey by TaskID (when not 0 and
// `by_task`), else by Id; `by_task` turns false when the endpoint refuses
// the TaskID member.
ScanState scan_status(Engine &engine, long long task_id, long long image_id, bool &by_task);
void stop_scan(Engine &engine, long long task_id, long long image_id, bool by_task);

}  // namespace tcss
