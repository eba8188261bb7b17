// libFuzzer target: build-then-parse round trip of the request body. The
// input is cut at NUL bytes into the spec's string fields (in header order)
// plus optional integers; whatever validate_spec accepts must build into
// JSON that parses back to exactly the same field bytes, with the secrets
// masked in the masked variant and nothing else changed.
#include "request_body.hpp"

#include "error.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <cJSON.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void expect_string(const cJSON *obj, const char *key, const char *value) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (value == nullptr) {
        if (item != nullptr) std::abort();
        return;
    }
    if (!cJSON_IsString(item) || std::strcmp(item->valuestring, value) != 0) std::abort();
}

void expect_int(const cJSON *obj, const char *key, long long value) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (value == TCSS_UNSET) {
        if (item != nullptr) std::abort();
        return;
    }
    if (!cJSON_IsNumber(item)) std::abort();
    // cJSON reads numbers as doubles; compare what a double can hold.
    if (item->valuedouble != static_cast<double>(value)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::vector<std::string> f;
    std::string cur;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            f.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(static_cast<char>(data[i]));
        }
    }
    f.push_back(cur);
    // "\x01" marks a field as not set.
    auto field = [&f](std::size_t i) -> const char * {
        if (i >= f.size() || f[i] == "\x01") return nullptr;
        return f[i].c_str();
    };
    auto number = [&f](std::size_t i) -> long long {
        if (i >= f.size() || f[i].empty()) return TCSS_UNSET;
        return std::strtoll(f[i].c_str(), nullptr, 10);
    };
    tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT;
    spec.name = field(0);
    spec.username = field(1);
    spec.password = field(2);
    spec.url = field(3);
    spec.registry_type = field(4);
    spec.net_type = field(5);
    spec.registry_version = field(6);
    spec.registry_region = field(7);
    spec.webhook_url = field(8);
    spec.webhook_token = field(9);
    spec.instance_id = field(10);
    spec.speed_limit = number(11);
    long long ins = number(12), scan = number(13), sync = number(14);
    spec.insecure = ins >= -2147483647LL && ins <= 2147483647LL ? static_cast<int>(ins) : TCSS_UNSET;
    spec.need_scan = scan >= -2147483647LL && scan <= 2147483647LL ? static_cast<int>(scan) : TCSS_UNSET;
    spec.sync_mode = sync >= -2147483647LL && sync <= 2147483647LL ? static_cast<int>(sync) : TCSS_UNSET;
    tcss_conn_detect cd[2] = {{field(15), field(16)}, {field(17), field(18)}};
    if (f.size() > 15) {
        spec.conn_detect = cd;
        spec.conn_detect_count = f.size() > 17 ? 2 : 1;
    }
    try {
        tcss::validate_spec(&spec);
    } catch (const tcss::Error &e) {
        if (e.code() != TCSS_EINVAL || e.info().message.empty()) std::abort();
        return 0;
    }
    for (tcss::Secrets mode : {tcss::Secrets::Include, tcss::Secrets::Mask}) {
        const bool masked = mode == tcss::Secrets::Mask;
        tcss::SecretString body = tcss::build_add_body(spec, mode);
        cJSON *j = cJSON_ParseWithLength(body.data(), body.size());
        if (j == nullptr || !cJSON_IsObject(j)) std::abort();
        expect_string(j, "Name", spec.name);
        expect_string(j, "Username", spec.username);
        expect_string(j, "Password", masked ? tcss::kMask : spec.password);
        expect_string(j, "Url", spec.url);
        expect_string(j, "RegistryType", spec.registry_type);
        expect_string(j, "NetType", spec.net_type);
        expect_string(j, "RegistryVersion", spec.registry_version);
        expect_string(j, "RegistryRegion", spec.registry_region);
        expect_string(j, "WebhookUrl", spec.webhook_url);
        expect_string(j, "WebhookToken", masked && spec.webhook_token ? tcss::kMask : spec.webhook_token);
        expect_string(j, "InstanceId", spec.instance_id);
        expect_int(j, "SpeedLimit", spec.speed_limit);
        expect_int(j, "Insecure", spec.insecure);
        expect_int(j, "SyncMode", spec.sync_mode);
        const cJSON *ns = cJSON_GetObjectItemCaseSensitive(j, "NeedScan");
        if (spec.need_scan == TCSS_UNSET ? ns != nullptr
                                         : !cJSON_IsBool(ns) || cJSON_IsTrue(ns) != (spec.need_scan == 1))
            std::abort();
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "ConnDetectConfig");
        if (spec.conn_detect_count == 0) {
            if (arr != nullptr) std::abort();
        } else {
            if (cJSON_GetArraySize(arr) != static_cast<int>(spec.conn_detect_count)) std::abort();
            for (std::size_t i = 0; i < spec.conn_detect_count; ++i) {
                const cJSON *item = cJSON_GetArrayItem(arr, static_cast<int>(i));
                expect_string(item, "Quuid", cd[i].quuid);
                expect_string(item, "Uuid", cd[i].uuid);
            }
        }
        cJSON_Delete(j);
    }
    return 0;
}
