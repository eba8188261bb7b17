// Source 3: web identity. The CI job's OIDC token and a role, from the
// options, else the Terraform provider's variables, else TKE's, exchanged at
// STS AssumeRoleWithWebIdentity (unsigned, as the SDKs' SetSkipSign(true)
// sends it) for temporary credentials. Skipped when neither a role nor a
// token is configured.
#include "credentials.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "keyless.hpp"
#include "log.hpp"
#include "redact.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <initializer_list>

namespace tcss {
namespace {

constexpr const char *kEnvArn = "TENCENTCLOUD_ASSUME_ROLE_ARN";
constexpr const char *kEnvProvider = "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID";
constexpr const char *kEnvToken = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN";
constexpr const char *kEnvTokenFile = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE";
constexpr const char *kEnvSessionName = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME";
constexpr const char *kEnvDuration = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION";

// The first set value of the option, then the variables, in order.
const char *pick(const std::optional<std::string> &option, const char *option_name, const GetEnv &env,
                 std::initializer_list<const char *> names, std::string &source) {
    if (is_set(option)) {
        source = option_name;
        return option->c_str();
    }
    for (const char *n : names)
        if (const char *v = env(n); is_set(v)) {
            source = n;
            return v;
        }
    return nullptr;
}

long session_duration(const KeylessSettings &s, const GetEnv &env) {
    if (s.session_duration != 0) {
        if (s.session_duration > kMaxSessionDuration)
            invalid("session_duration: must be " + std::to_string(kMinSessionDuration) + " to " +
                    std::to_string(kMaxSessionDuration) + " seconds");
        return static_cast<long>(s.session_duration);
    }
    const char *v = env(kEnvDuration);
    if (!is_set(v)) return kDefaultSessionDuration;
    const std::string text(v);
    const long n = text.size() <= 5 && std::all_of(text.begin(), text.end(), ascii::is_digit) ? std::stol(text) : 0;
    if (n < kMinSessionDuration || n > kMaxSessionDuration)
        invalid(std::string(kEnvDuration) + ": must be a whole number of seconds from " +
                std::to_string(kMinSessionDuration) + " to " + std::to_string(kMaxSessionDuration) + " (got " +
                quote_for_message(text) + ")");
    return n;
}

// A token is a JWT: visible ASCII. Blanks and line ends around it (a file
// written with echo) are not part of it.
SecretString clean_token(std::string_view raw, const std::string &source) {
    while (!raw.empty() && std::strchr(" \t\r\n", raw.back()) != nullptr) raw.remove_suffix(1);
    while (!raw.empty() && std::strchr(" \t\r\n", raw.front()) != nullptr) raw.remove_prefix(1);
    if (raw.empty()) credentials_error(source + ": the web identity token is empty");
    if (!std::all_of(raw.begin(), raw.end(), ascii::is_visible))
        credentials_error(source + ": the web identity token must be printable ASCII without spaces or line "
                                   "breaks; nothing was sent");
    return SecretString(raw.data(), raw.size());
}

// The token's source: the options first, then the variables; inline before
// a file at each level.
bool pick_token(const KeylessSettings &s, const GetEnv &env, WebIdentityConfig &c) {
    struct Candidate {
        const char *value, *name;
        bool file;
    } const list[] = {
        {s.web_identity_token ? s.web_identity_token->c_str() : nullptr, "web_identity_token", false},
        {s.web_identity_token_file ? s.web_identity_token_file->c_str() : nullptr, "web_identity_token_file", true},
        {env(kEnvToken), kEnvToken, false},
        {env(kEnvTokenFile), kEnvTokenFile, true},
        {env("TKE_WEB_IDENTITY_TOKEN_FILE"), "TKE_WEB_IDENTITY_TOKEN_FILE", true},
    };
    for (const auto &cand : list) {
        if (!is_set(cand.value)) continue;
        c.token_source = cand.name;
        if (cand.file)
            c.token_file = cand.value;
        else
            c.token = clean_token(cand.value, cand.name);
        return true;
    }
    return false;
}

bool ends_with(const std::string &s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Endpoint sts_endpoint(const KeylessSettings &s, const GetEnv &env, const std::string &api_host) {
    if (s.sts_endpoint) return parse_endpoint(*s.sts_endpoint, "sts_endpoint");
    if (const char *v = env("TCSS_STS_ENDPOINT"); is_set(v)) return parse_endpoint(v, "TCSS_STS_ENDPOINT");
    const bool mainland =
        ends_with(api_host, ".tencentcloudapi.com") && !ends_with(api_host, ".intl.tencentcloudapi.com");
    return parse_endpoint(mainland ? kMainlandStsEndpoint : kDefaultStsEndpoint, "sts_endpoint");
}

// A role but no token is skipped (the AssumeRole source or GitHub Actions
// takes it); a token but no role is an error.
bool role_and_token(const char *arn, bool has_token, WebIdentityConfig &c) {
    if (arn == nullptr && !has_token) {
        c.skipped = std::string(kEnvArn) + " and " + kEnvToken + "(_FILE) not set";
        return false;
    }
    if (arn == nullptr)
        credentials_error(c.token_source + " is set but no role ARN is (role_arn, " + kEnvArn +
                          " or TKE_ROLE_ARN); set both");
    if (!has_token) {
        c.skipped = c.role_arn_source + " is set but no web identity token is";
        return false;
    }
    return true;
}

}  // namespace

bool role_config(const KeylessSettings &s, const GetEnv &env, const std::string &region, const std::string &api_host,
                 WebIdentityConfig &c) {
    const char *arn = pick(s.role_arn, "role_arn", env, {kEnvArn, "TKE_ROLE_ARN"}, c.role_arn_source);
    if (arn == nullptr) {
        c.skipped = std::string("no role ARN (role_arn, ") + kEnvArn + " or TKE_ROLE_ARN) set";
        return false;
    }
    c.role_arn = arn;
    check_text(c.role_arn, c.role_arn_source);
    std::string source;
    const char *provider = pick(s.provider_id, "provider_id", env, {kEnvProvider, "TKE_PROVIDER_ID"}, source);
    c.provider_id = provider != nullptr ? provider : "OIDC";
    check_text(c.provider_id, provider != nullptr ? source : "provider_id");
    const char *name = pick(s.role_session_name, "role_session_name", env, {kEnvSessionName}, source);
    c.session_name = name != nullptr ? name : default_session_name(env);
    keyless::check_session_name(c.session_name, name != nullptr ? source : "the default role session name");
    c.duration = session_duration(s, env);
    c.region = region;
    if (c.region.empty() && is_set(env("TKE_REGION"))) {
        c.region = env("TKE_REGION");
        check_region(c.region, "TKE_REGION");
    }
    // STS documents Region as required: the Go SDK's and Terraform's default.
    if (c.region.empty()) c.region = kStsDefaultRegion;
    c.sts = sts_endpoint(s, env, api_host);
    return true;
}

WebIdentityConfig web_identity_config(const KeylessSettings &s, const GetEnv &env, const std::string &region,
                                      const std::string &api_host) {
    WebIdentityConfig c;
    const char *arn = pick(s.role_arn, "role_arn", env, {kEnvArn, "TKE_ROLE_ARN"}, c.role_arn_source);
    if (!role_and_token(arn, pick_token(s, env, c), c)) return c;
    role_config(s, env, region, api_host, c);
    c.configured = true;
    return c;
}

namespace {}  // namespace

SecretString token_of_file(std::string_view raw, const std::string &source) {
    std::string_view t = raw;
    while (!t.empty() && std::strchr(" \t\r\n", t.front()) != nullptr) t.remove_prefix(1);
    if (t.empty() || t.front() != '{') return clean_token(raw, source);
    // The Terraform provider's form: {"web_identity_token": "..."}, compact or
    // pretty-printed.
    SecretJson j(cJSON_ParseWithLength(t.data(), t.size()));
    const cJSON *v =
        cJSON_IsObject(j.get()) ? cJSON_GetObjectItemCaseSensitive(j.get(), "web_identity_token") : nullptr;
    if (!cJSON_IsString(v))
        credentials_error(source + ": a JSON token file must be {\"web_identity_token\": \"...\"}; nothing was sent");
    return clean_token(v->valuestring, source);
}

namespace {

SecretString load_token(const WebIdentityConfig &cfg) {
    if (!cfg.token.empty()) return cfg.token;
    SecretString raw;
    if (!read_credentials_file(cfg.token_file, raw))
        credentials_error(cfg.token_source + ": no such file " + cfg.token_file);
    return token_of_file(raw, cfg.token_source + " (" + cfg.token_file + ")");
}

SecretString sts_body(const WebIdentityConfig &cfg, const SecretString &token) {
    SecretJson j(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(j.get(), "ProviderId", checked(cJSON_CreateString(cfg.provider_id.c_str())));
    cJSON_AddItemToObject(j.get(), "WebIdentityToken", checked(cJSON_CreateString(token.c_str())));
    cJSON_AddItemToObject(j.get(), "RoleArn", checked(cJSON_CreateString(cfg.role_arn.c_str())));
    cJSON_AddItemToObject(j.get(), "RoleSessionName", checked(cJSON_CreateString(cfg.session_name.c_str())));
    cJSON_AddItemToObject(j.get(), "DurationSeconds", checked(cJSON_CreateNumber(static_cast<double>(cfg.duration))));
    return print_secret(j.get());
}

std::vector<SecretString> sts_headers(const WebIdentityConfig &cfg) {
    std::vector<SecretString> h;
    auto add = [&h](const std::string &name, const std::string &value) {
        h.emplace_back(SecretString(name.c_str()) + ": " + SecretString(value.c_str()));
    };
    add("Host", cfg.sts.host_header);
    add("Content-Type", "application/json");
    add("Authorization", "SKIP");  // unsigned, as the SDKs' SetSkipSign(true) sends it
    add("X-TC-Action", "AssumeRoleWithWebIdentity");
    add("X-TC-Version", "2018-08-13");
    add("X-TC-Timestamp", std::to_string(static_cast<long long>(std::time(nullptr))));
    add("X-TC-Region", cfg.region.empty() ? kStsDefaultRegion : cfg.region);
    add("X-TC-RequestClient", kStsRequestClient);
    return h;
}

[[noreturn]] void sts_refused(const cJSON *r, const cJSON *err, long status, const WebIdentityConfig &cfg,
                              std::string_view token) {
    Redactor red;
    const std::string_view secret = token.empty() ? std::string_view(cfg.token) : token;
    keyless::add_token(red, secret);
    // Each JWT segment and any 12-byte piece of the token, besides the whole.
    auto clean = [&](const std::string &text) { return keyless::mask_pieces(red.clean(text), secret); };
    const std::string code = clean(json_string(err, "Code"));
    ErrorInfo info = ErrorInfo::service(keyless::sts_error_class(json_string(err, "Code")), code,
                                        clean(json_string(err, "Message")), clean(json_string(r, "RequestId")), status);
    const std::string what = info.code == TCSS_ECREDENTIALS ? "STS refused the web identity" : "STS answered";
    info.message = what + " (role " + clean(cfg.role_arn) + ", " + cfg.token_source + "): " + info.service_code +
                   (info.service_message.empty() ? "" : ": " + info.service_message) + " (RequestId " +
                   info.request_id + ")";
    throw Error(std::move(info));
}

}  // namespace

TempCredentials parse_sts_response(std::string_view body, long status, const WebIdentityConfig &cfg,
                                   std::string_view token) {
    SecretJson j = keyless::parse_secret_json(body);
    const cJSON *r = j ? cJSON_GetObjectItemCaseSensitive(j.get(), "Response") : nullptr;
    if (!cJSON_IsObject(r))
        throw Error(ErrorInfo::bad_response(
            "STS (" + cfg.sts.url + ") answered HTTP " + std::to_string(status) + " without an STS response", status));
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "Error");
    if (cJSON_IsObject(err)) sts_refused(r, err, status, cfg, token);
    TempCredentials t;
    t.creds = keyless::temp_credentials(cJSON_GetObjectItemCaseSensitive(r, "Credentials"), "web identity (STS)");
    t.expired_time = keyless::expired_time(r, "STS");
    t.refresh_at = keyless::refresh_time(t.expired_time, cfg.duration / 10);  // the Go SDK's margin
    return t;
}

TempCredentials exchange_web_identity(const WebIdentityConfig &cfg, const ExchangeContext &x) {
    const SecretString token = load_token(cfg);
    const SecretString body = sts_body(cfg, token);
    x.log(TCSS_LOG_DEBUG, "> POST " + cfg.sts.url + " AssumeRoleWithWebIdentity (unsigned; role " + cfg.role_arn +
                              ", provider " + cfg.provider_id + ", session " + cfg.session_name + ", region " +
                              cfg.region + ", token from " + cfg.token_source + ")");
    TempCredentials t = keyless::sts_call(
        x, cfg.sts.url, "STS AssumeRoleWithWebIdentity", [&cfg] { return sts_headers(cfg); }, body,
        [&](const HttpResponse &r) { return parse_sts_response(r.body, r.status, cfg, token); });
    x.log(TCSS_LOG_INFO, "credentials: temporary keys for " + cfg.role_arn + " from STS, valid until " +
                             std::to_string(t.expired_time));
    t.used = "web identity: role " + cfg.role_arn + " by STS AssumeRoleWithWebIdentity at " + cfg.sts.url +
             " (token from " + cfg.token_source + ")";
    return t;
}

namespace {

class WebIdentityProvider final : public KeylessProvider {
  public:
    explicit WebIdentityProvider(const ProviderContext &ctx)
        : KeylessProvider(ctx, *ctx.transport), region_(ctx.region), api_host_(ctx.api_host) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline deadline) override {
        cfg_ = web_identity_config(settings_, env_, region_, api_host_);
        if (!cfg_.configured) {
            looked.push_back("web identity (" + cfg_.skipped + ")");
            return std::nullopt;
        }
        return refresh(deadline);
    }
    Fetched refresh(Deadline deadline) override { return exchange_web_identity(cfg_, exchange(deadline)); }
    void add_secrets(Redactor &r) const override { keyless::add_token(r, cfg_.token); }
    std::optional<std::string> would_use(Looked &looked) override {
        cfg_ = web_identity_config(settings_, env_, region_, api_host_);
        if (!cfg_.configured) {
            looked.push_back("web identity (" + cfg_.skipped + ")");
            return std::nullopt;
        }
        // A token file that is missing or not a token is said now (when the
        // client is made, or in a dry run), not at the first call, which
        // reads it again.
        if (cfg_.token.empty()) load_token(cfg_);
        return "web identity: role " + cfg_.role_arn + " by STS AssumeRoleWithWebIdentity at " + cfg_.sts.url +
               " (token from " + cfg_.token_source + "; not sent: dry run)";
    }

  private:
    std::string region_, api_host_;
    WebIdentityConfig cfg_;
};

}  // namespace

ProviderPtr web_identity_provider(const ProviderContext &ctx) { return std::make_unique<WebIdentityProvider>(ctx); }

}  // namespace tcss
