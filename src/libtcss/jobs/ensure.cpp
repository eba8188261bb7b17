// ensure-registry: the registry as the pipeline describes it, every run.
// Found by Name; absent, added; present, its detail compared with what was
// given and, as the update policy says, updated in place (same RegistryId).
// A password cannot be compared (TCSS masks, shows or omits it), so a
// rotated one is seen as TCSS's own connectivity check failing
// (status_auth_failed), or handled by updating always.
#include "jobs.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

namespace tcss {
namespace {

// scheme://host[:port][/path] compared without case in the scheme and host
// and without a trailing '/'.
std::string normal_url(std::string_view u) {
    while (!u.empty() && u.back() == '/') u.remove_suffix(1);
    const std::size_t scheme = u.find("://");
    const std::size_t host_end = scheme == std::string_view::npos ? 0 : u.find('/', scheme + 3);
    const std::size_t cut = host_end == std::string_view::npos ? u.size() : host_end;
    return ascii::lower(u.substr(0, cut)) + std::string(u.substr(cut));
}

void differs_text(std::vector<std::string> &out, const char *key, const char *given, const std::string &have) {
    if (given != nullptr && given != have) out.push_back(key);
}

void differs_number(std::vector<std::string> &out, const char *key, long long given, long long have) {
    if (given != TCSS_UNSET && have != TCSS_UNSET && given != have) out.push_back(key);
}

std::string joined(const std::vector<std::string> &v) {
    std::string s;
    for (const auto &x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

}  // namespace

std::vector<std::string> registry_differences(const tcss_registry_spec &spec, const Registry &r) {
    std::vector<std::string> d;
    if (spec.url != nullptr && normal_url(spec.url) != normal_url(r.url)) d.push_back("Url");
    differs_text(d, "RegistryType", spec.registry_type, r.registry_type);
    differs_text(d, "NetType", spec.net_type, r.net_type);
    differs_text(d, "Username", spec.username, r.username);
    differs_text(d, "RegistryVersion", spec.registry_version, r.registry_version);
    differs_text(d, "RegistryRegion", spec.registry_region, r.registry_region);
    differs_text(d, "InstanceId", spec.instance_id, r.instance_id);
    differs_number(d, "SpeedLimit", spec.speed_limit, r.speed_limit);
    differs_number(d, "Insecure", spec.insecure, r.insecure);
    differs_number(d, "SyncMode", spec.sync_mode, r.sync_mode);
    if (spec.need_scan != TCSS_UNSET && r.need_scan >= 0 && (spec.need_scan != 0) != (r.need_scan != 0))
        d.push_back("NeedScan");
    return d;
}

namespace {

struct Decision {
    bool update = false;
    std::string reason;
};

Decision decide(int policy, const std::vector<std::string> &diff, bool auth_failed) {
    const std::string what = diff.empty() ? std::string() : "settings differ: " + joined(diff);
    const std::string auth = auth_failed ? "TCSS reports the registry's credentials failing (status_auth_failed)" : "";
    const std::string both = what + (!what.empty() && !auth.empty() ? "; " : "") + auth;
    switch (policy) {
    case TCSS_UPDATE_ALWAYS: return {true, "update always" + (both.empty() ? std::string() : "; " + both)};
    case TCSS_UPDATE_NEVER: return {false, both.empty() ? "" : "not updated (update never): " + both};
    default: return {!both.empty(), both};
    }
}

Json outcome(const char *action, long long id, const std::string &name, const std::vector<std::string> &changed,
             const std::string &reason) {
    Json doc(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(doc.get(), "Action", checked(cJSON_CreateString(action)));
    cJSON_AddItemToObject(doc.get(), "RegistryId", checked(cJSON_CreateNumber(static_cast<double>(id))));
    cJSON_AddItemToObject(doc.get(), "Name", checked(cJSON_CreateString(name.c_str())));
    cJSON *arr = checked(cJSON_CreateArray());
    for (const auto &c : changed) cJSON_AddItemToArray(arr, checked(cJSON_CreateString(c.c_str())));
    cJSON_AddItemToObject(doc.get(), "Changed", arr);
    cJSON_AddItemToObject(doc.get(), "Reason", checked(cJSON_CreateString(reason.c_str())));
    return doc;
}

void add_call(cJSON *doc, const std::string &health, const std::string &request_id, unsigned int requests) {
    cJSON_AddItemToObject(doc, "HealthCheckErr", checked(cJSON_CreateString(health.c_str())));
    cJSON_AddItemToObject(doc, "RequestId", checked(cJSON_CreateString(request_id.c_str())));
    cJSON_AddItemToObject(doc, "Requests", checked(cJSON_CreateNumber(requests)));
}

Json present(Engine &engine, const tcss_registry_spec &spec, int policy, Registry r) {
    read_registry_detail(engine, r);
    const std::vector<std::string> diff = registry_differences(spec, r);
    const Decision d = decide(policy, diff, r.auth_failed());
    if (!d.update) {
        Json doc = outcome("unchanged", r.id, r.name, diff, d.reason);
        add_call(doc.get(), "", "", r.requests);
        return doc;
    }
    const UpdateResult u = update_registry(engine, spec, r.id);
    Json doc = outcome("updated", u.registry_id, r.name, diff, d.reason);
    add_call(doc.get(), u.health_check_err, u.request_id, r.requests + u.attempts);
    if (!u.health_check_err.empty())
        engine.log()(TCSS_LOG_WARN, "registry updated, but TCSS could not reach it: " + u.health_check_err);
    return doc;
}

}  // namespace

Json ensure_registry(Engine &engine, const tcss_registry_spec &spec, int update_policy) {
    if (update_policy < TCSS_UPDATE_AUTO || update_policy > TCSS_UPDATE_NEVER)
        invalid("update: must be TCSS_UPDATE_AUTO (0), TCSS_UPDATE_ALWAYS (1) or TCSS_UPDATE_NEVER (2)");
    validate_spec(&spec);
    // The list, detail and update answers are read with the password and
    // webhook token masked too, whatever TCSS echoes.
    engine.add_secrets(spec_redactor(engine, spec));
    unsigned int pages = 0;
    if (std::optional<Registry> found = find_registry(engine, spec.name, &pages))
        return present(engine, spec, update_policy, std::move(*found));
    const AddResult a = add_registry(engine, spec);
    if (a.already_existed) {  // another pipeline added it meanwhile: treat it as found
        std::optional<Registry> again = find_registry(engine, spec.name);
        if (again) return present(engine, spec, update_policy, std::move(*again));
    }
    Json doc = outcome("added", a.registry_id, spec.name, {}, "");
    add_call(doc.get(), a.health_check_err, a.request_id, pages + a.attempts);
    return doc;
}

}  // namespace tcss
