// Source 5, the last: the CVM instance role. The role's name from
// TENCENTCLOUD_CAM_ROLE_NAME or the metadata service, then its temporary
// credentials from the same service. Skipped, within a second, when nothing
// listens at the metadata address or no role is bound; a service that
// answers slowly gets 2 s per request (kMetadataRequestTimeout), within the
// call's deadline. Switched off by no_metadata or TCSS_NO_METADATA.
#include "credentials.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "keyless.hpp"
#include "log.hpp"
#include "redact.hpp"

#include <algorithm>
#include <cstring>

namespace tcss {
namespace {

using std::chrono::milliseconds;

constexpr const char *kRolePath = "/latest/meta-data/cam/security-credentials/";
constexpr std::int64_t kCvmMargin = 300;  // tencentcloud-sdk-go's ExpiredTimeout

bool switched_off(const KeylessSettings &s, const GetEnv &env, MetadataConfig &c) {
    const char *no = env("TCSS_NO_METADATA");
    if (!s.no_metadata && !(is_set(no) && std::strcmp(no, "0") != 0 && !ascii::iequals(no, "false"))) return false;
    c.enabled = false;
    c.skipped = s.no_metadata ? "switched off by no_metadata" : "switched off by TCSS_NO_METADATA";
    return true;
}

}  // namespace

MetadataConfig metadata_config(const KeylessSettings &s, const GetEnv &env) {
    MetadataConfig c;
    if (switched_off(s, env, c)) return c;
    const char *field = "metadata_endpoint";
    std::string url = kDefaultMetadataEndpoint;
    if (s.metadata_endpoint) {
        url = *s.metadata_endpoint;
    } else if (const char *v = env("TCSS_METADATA_ENDPOINT"); is_set(v)) {
        url = v;
        field = "TCSS_METADATA_ENDPOINT";
    }
    UrlParts parts;
    if (const char *why = split_url(url, parts)) invalid(std::string(field) + ": " + why);
    if (!parts.rest.empty() && parts.rest != "/")
        invalid(std::string(field) + ": must be scheme://host[:port] without a path (paths start /latest/)");
    c.base = parts.scheme + "://" + std::string(parts.authority);
    if (const char *role = env("TENCENTCLOUD_CAM_ROLE_NAME"); is_set(role)) {
        c.role = role;
        keyless::check_session_name(c.role, "TENCENTCLOUD_CAM_ROLE_NAME");
    }
    return c;
}

namespace {

using keyless::WipedResponse;

bool metadata_get(const ExchangeContext &x, const std::string &url, Deadline deadline, HttpResponse &resp,
                  TransportFailure &f) {
    return x.transport.get(url, {}, keyless::budget(deadline, kMetadataConnectTimeout),
                           keyless::budget(deadline, kMetadataRequestTimeout), resp, f);
}

// The role name: TENCENTCLOUD_CAM_ROLE_NAME, else the metadata service's.
std::optional<std::string> role_name(const MetadataConfig &cfg, const ExchangeContext &x, Deadline deadline,
                                     std::string &why) {
    if (!cfg.role.empty()) return cfg.role;
    WipedResponse w;
    TransportFailure f;
    const std::string url = cfg.base + kRolePath;
    if (!metadata_get(x, url, deadline, w.r, f)) {
        why = "no metadata service at " + cfg.base + " (" + f.message + ")";
        return std::nullopt;
    }
    if (w.r.status == 404) {
        why = "no CAM role bound to this instance (" + url + " answered HTTP 404)";
        return std::nullopt;
    }
    const std::string role(ascii::trim_blanks(w.r.body));
    if (w.r.status != 200 || role.size() > 128 || role.empty() ||
        !std::all_of(role.begin(), role.end(), keyless::is_name_char)) {
        why = "the metadata service at " + cfg.base + " answered HTTP " + std::to_string(w.r.status) +
              " without a role name";
        return std::nullopt;
    }
    return role;
}

}  // namespace

TempCredentials parse_metadata_credentials(std::string_view body, const std::string &role) {
    SecretJson j = keyless::parse_secret_json(body);
    const std::string what = "CVM role " + role + " (metadata service)";
    if (!cJSON_IsObject(j.get())) credentials_error(what + " answered something that is not JSON credentials");
    const std::string code = json_string(j.get(), "Code");
    if (code != "Success") {
        ErrorInfo info = ErrorInfo::service(TCSS_ECREDENTIALS, Redactor().clean(code), "", "", 200);
        info.message = what + " refused: Code " + info.service_code;
        throw Error(std::move(info));
    }
    TempCredentials t;
    t.creds = keyless::temp_credentials(j.get(), what);
    t.expired_time = keyless::expired_time(j.get(), what);
    t.refresh_at = keyless::refresh_time(t.expired_time, kCvmMargin);
    return t;
}

std::optional<TempCredentials> fetch_cvm_role(const MetadataConfig &cfg, const ExchangeContext &x, bool probing,
                                              std::string &skipped) {
    const Deadline deadline = x.deadline;
    const std::optional<std::string> role = role_name(cfg, x, deadline, skipped);
    if (!role) {
        if (probing) return std::nullopt;
        credentials_error("CVM role: " + skipped);
    }
    WipedResponse w;
    TransportFailure f;
    const std::string url = cfg.base + kRolePath + *role;
    if (!metadata_get(x, url, deadline, w.r, f)) {
        skipped = "no metadata service at " + cfg.base + " (" + f.message + ")";
        if (probing) return std::nullopt;
        credentials_error("CVM role: " + skipped);
    }
    if (w.r.status != 200)
        credentials_error("CVM role " + *role + ": " + url + " answered HTTP " + std::to_string(w.r.status));
    TempCredentials t = parse_metadata_credentials(w.r.body, *role);
    x.log(TCSS_LOG_INFO,
          "credentials: temporary keys of CVM role " + *role + ", valid until " + std::to_string(t.expired_time));
    t.used = "CVM instance role " + *role + " (metadata service at " + cfg.base + ")";
    return t;
}

namespace {

class CvmRoleProvider final : public KeylessProvider {
  public:
    explicit CvmRoleProvider(const ProviderContext &ctx) : KeylessProvider(ctx, *ctx.metadata_transport) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline deadline) override {
        cfg_ = metadata_config(settings_, env_);
        std::string skipped = cfg_.skipped;
        std::optional<Fetched> f;
        if (cfg_.enabled) f = fetch_cvm_role(cfg_, exchange(deadline), true, skipped);
        if (!f) looked.push_back("CVM instance role (" + skipped + ")");
        return f;
    }
    Fetched refresh(Deadline deadline) override {
        std::string skipped;
        return std::move(*fetch_cvm_role(cfg_, exchange(deadline), false, skipped));
    }
    // Whether a role is bound cannot be known without asking: a dry run
    // says it would ask.
    std::optional<std::string> would_use(Looked &looked) override {
        cfg_ = metadata_config(settings_, env_);
        if (!cfg_.enabled) {
            looked.push_back("CVM instance role (" + cfg_.skipped + ")");
            return std::nullopt;
        }
        return "CVM instance role " +
               (cfg_.role.empty() ? std::string("(the role bound to the instance)") : cfg_.role) +
               " from the metadata service at " + cfg_.base + " (not contacted: dry run)";
    }

  private:
    MetadataConfig cfg_;
};

}  // namespace

ProviderPtr cvm_role_provider(const ProviderContext &ctx) { return std::make_unique<CvmRoleProvider>(ctx); }

}  // namespace tcss
