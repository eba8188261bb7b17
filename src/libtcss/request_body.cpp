#include "request_body.hpp"

#include "error.hpp"
#include "json.hpp"

#include <cstdio>
#include <cstring>
#include <string>

namespace tcss {
namespace {

void add_string(cJSON *obj, const char *key, const char *value) {
    if (value != nullptr) cJSON_AddItemToObject(obj, key, checked(cJSON_CreateString(value)));
}

void add_integer(cJSON *obj, const char *key, long long value) {
    if (value == TCSS_UNSET) return;
    // Raw text keeps 64-bit integers exact (cJSON numbers are doubles).
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", value);
    cJSON_AddItemToObject(obj, key, checked(cJSON_CreateRaw(buf)));
}

// cJSON frees strings without clearing them; wipe secret values first.
void wipe_secret_strings(cJSON *obj) {
    for (const char *key : {"Password", "WebhookToken"}) {
        cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
        if (item != nullptr && item->valuestring != nullptr) zeroize(item->valuestring, std::strlen(item->valuestring));
    }
}

std::size_t escaped_upper_bound(const char *s) { return s == nullptr ? 0 : std::strlen(s) * 6 + 8; }

}  // namespace

namespace {

// Add's and Update's bodies: the same members, except that Update has no
// webhook members and may carry the RegistryId (TCSS_UNSET: keyed by Name).
SecretString build_registry_body(const tcss_registry_spec &spec, Secrets secrets, bool update, long long registry_id) {
    Json root(checked(cJSON_CreateObject()));
    cJSON *obj = root.get();
    const auto wipe = on_scope_exit([obj] { wipe_secret_strings(obj); });
    const bool mask = secrets == Secrets::Mask;
    // Field order follows the API page.
    add_string(obj, "Name", spec.name);
    add_string(obj, "Username", spec.username);
    add_string(obj, "Password", mask && spec.password ? kMask : spec.password);
    add_string(obj, "Url", spec.url);
    add_string(obj, "RegistryType", spec.registry_type);
    add_string(obj, "NetType", spec.net_type);
    add_string(obj, "RegistryVersion", spec.registry_version);
    add_string(obj, "RegistryRegion", spec.registry_region);
    add_integer(obj, "SpeedLimit", spec.speed_limit);
    add_integer(obj, "Insecure", spec.insecure);
    std::size_t bound = 512;
    if (spec.conn_detect_count > 0) {
        cJSON *arr = checked(cJSON_CreateArray());
        cJSON_AddItemToObject(obj, "ConnDetectConfig", arr);
        for (std::size_t i = 0; i < spec.conn_detect_count; ++i) {
            cJSON *item = checked(cJSON_CreateObject());
            cJSON_AddItemToArray(arr, item);
            add_string(item, "Quuid", spec.conn_detect[i].quuid);
            add_string(item, "Uuid", spec.conn_detect[i].uuid);
            bound +=
                40 + escaped_upper_bound(spec.conn_detect[i].quuid) + escaped_upper_bound(spec.conn_detect[i].uuid);
        }
    }
    if (update) add_integer(obj, "RegistryId", registry_id);
    if (spec.need_scan != TCSS_UNSET)
        cJSON_AddItemToObject(obj, "NeedScan", checked(cJSON_CreateBool(spec.need_scan != 0)));
    add_integer(obj, "SyncMode", spec.sync_mode);
    if (!update) {
        add_string(obj, "WebhookUrl", spec.webhook_url);
        add_string(obj, "WebhookToken", mask && spec.webhook_token ? kMask : spec.webhook_token);
    }
    add_string(obj, "InstanceId", spec.instance_id);

    // Print straight into a wiping buffer so no unwiped copy of the body is
    // ever made by cJSON's own reallocation.
    for (const char *s :
         {spec.name, spec.username, spec.password, spec.url, spec.registry_type, spec.net_type, spec.registry_version,
          spec.registry_region, spec.webhook_url, spec.webhook_token, spec.instance_id})
        bound += 24 + escaped_upper_bound(s);
    SecretString out;
    out.resize(bound);
    if (!cJSON_PrintPreallocated(obj, &out[0], static_cast<int>(out.size()), 0))
        throw Error(TCSS_EINTERNAL, "request body did not fit its computed size");
    out.resize(std::strlen(out.c_str()));
    return out;
}

}  // namespace

SecretString build_add_body(const tcss_registry_spec &spec, Secrets secrets) {
    return build_registry_body(spec, secrets, false, TCSS_UNSET);
}

SecretString build_update_body(const tcss_registry_spec &spec, long long registry_id, Secrets secrets) {
    return build_registry_body(spec, secrets, true, registry_id);
}

}  // namespace tcss
