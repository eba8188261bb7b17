// Keyless credential sources (keyless.hpp): where their settings come from,
// the STS exchange and the metadata lookup. No message carries the web
// identity token or a temporary key; answers holding them are wiped.
#include "keyless.hpp"

#include "ascii.hpp"
#include "client.hpp"
#include "error.hpp"
#include "redact.hpp"
#include "validate.hpp"

#include <cJSON.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <memory>
#include <new>

namespace tcss {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char *kEnvArn = "TENCENTCLOUD_ASSUME_ROLE_ARN";
constexpr const char *kEnvProvider = "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID";
constexpr const char *kEnvToken = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN";
constexpr const char *kEnvTokenFile = "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE";
constexpr const char *kEnvSessionName = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME";
constexpr const char *kEnvDuration = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION";
constexpr const char *kRolePath = "/latest/meta-data/cam/security-credentials/";
constexpr std::int64_t kCvmMargin = 300;  // tencentcloud-sdk-go's ExpiredTimeout

[[noreturn]] void cred_fail(const std::string &message) { throw Error(TCSS_ECREDENTIALS, message); }

bool is_set(const char *s) { return s != nullptr && *s != '\0'; }

bool is_name_char(char c) {
    return ascii::is_alnum(c) || std::strchr("_+=,.@-", c) != nullptr;
}

// cJSON frees strings without clearing them: wipe every string first.
void wipe_tree(cJSON *j) {
    for (; j != nullptr; j = j->next) {
        if (j->valuestring != nullptr) zeroize(j->valuestring, std::strlen(j->valuestring));
        wipe_tree(j->child);
    }
}
struct SecretJsonDeleter {
    void operator()(cJSON *j) const noexcept {
        wipe_tree(j);
        cJSON_Delete(j);
    }
};
using SecretJson = std::unique_ptr<cJSON, SecretJsonDeleter>;

// The first set value of the option, then the variables, in order.
const char *pick(const char *option, const char *option_name, const GetEnv &env,
                 std::initializer_list<const char *> names, std::string &source) {
    if (is_set(option)) {
        source = option_name;
        return option;
    }
    for (const char *n : names)
        if (const char *v = env(n); is_set(v)) {
            source = n;
            return v;
        }
    return nullptr;
}

void check_text(const std::string &v, const std::string &source) {
    if (ascii::has_control(v)) invalid(source + ": must not contain control characters");
}

void check_session_name(const std::string &v, const std::string &source) {
    const bool ok = v.size() >= 2 && v.size() <= 128 && std::all_of(v.begin(), v.end(), is_name_char);
    if (!ok) invalid(source + ": a role session name is 2 to 128 of A-Z a-z 0-9 _ + = , . @ - (got " +
                     quote_for_message(v) + ")");
}

long session_duration(const tcss_client_options &o, const GetEnv &env) {
    if (o.session_duration != 0) {
        if (o.session_duration > kMaxSessionDuration) invalid("session_duration: must be 1 to 43200 seconds");
        return static_cast<long>(o.session_duration);
    }
    const char *v = env(kEnvDuration);
    if (!is_set(v)) return kDefaultSessionDuration;
    const std::string s(v);
    if (s.size() > 5 || !std::all_of(s.begin(), s.end(), ascii::is_digit) || std::stol(s) < 1 ||
        std::stol(s) > kMaxSessionDuration)
        invalid(std::string(kEnvDuration) + ": must be a whole number of seconds from 1 to 43200 (got " +
                quote_for_message(s) + ")");
    return std::stol(s);
}

// A token is a JWT: visible ASCII. Blanks and line ends around it (a file
// written with echo) are not part of it.
SecretString clean_token(std::string_view raw, const std::string &source) {
    while (!raw.empty() && std::strchr(" \t\r\n", raw.back()) != nullptr) raw.remove_suffix(1);
    while (!raw.empty() && std::strchr(" \t\r\n", raw.front()) != nullptr) raw.remove_prefix(1);
    if (raw.empty()) cred_fail(source + ": the web identity token is empty");
    if (!std::all_of(raw.begin(), raw.end(), ascii::is_visible))
        cred_fail(source + ": the web identity token must be printable ASCII without spaces or line breaks; "
                           "nothing was sent");
    return SecretString(raw.data(), raw.size());
}

// The token's source: the options first, then the variables; inline before
// a file at each level.
bool pick_token(const tcss_client_options &o, const GetEnv &env, WebIdentityConfig &c) {
    struct Candidate {
        const char *value, *name;
        bool file;
    } const list[] = {
        {o.web_identity_token, "web_identity_token", false},
        {o.web_identity_token_file, "web_identity_token_file", true},
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

Endpoint sts_endpoint(const tcss_client_options &o, const GetEnv &env, const std::string &api_host) {
    if (o.sts_endpoint != nullptr) return parse_endpoint(o.sts_endpoint, "sts_endpoint");
    if (const char *v = env("TCSS_STS_ENDPOINT"); is_set(v)) return parse_endpoint(v, "TCSS_STS_ENDPOINT");
    const bool mainland = ends_with(api_host, ".tencentcloudapi.com") && !ends_with(api_host, ".intl.tencentcloudapi.com");
    return parse_endpoint(mainland ? kMainlandStsEndpoint : kDefaultStsEndpoint, "sts_endpoint");
}

} // namespace

std::string default_session_name(const GetEnv &env) {
    for (const char *name : {"CI_JOB_ID", "BUILD_TAG", "CI_PIPELINE_NUMBER", "GITHUB_RUN_ID"}) {
        const char *v = env(name);
        if (!is_set(v)) continue;
        std::string s = std::string("tcss-") + v;
        if (s.size() > 64) s.resize(64);
        for (char &ch : s)
            if (!is_name_char(ch)) ch = '-';
        return s;
    }
    return "tcss-" + std::to_string(static_cast<long long>(std::time(nullptr)));
}

WebIdentityConfig web_identity_config(const tcss_client_options &o, const GetEnv &env,
                                      const std::string &region, const std::string &api_host) {
    WebIdentityConfig c;
    const char *arn = pick(o.role_arn, "role_arn", env, {kEnvArn, "TKE_ROLE_ARN"}, c.role_arn_source);
    const bool has_token = pick_token(o, env, c);
    if (arn == nullptr && !has_token) {
        c.skipped = std::string(kEnvArn) + " and " + kEnvToken + "(_FILE) not set";
        return c;
    }
    if (arn == nullptr)
        cred_fail(c.token_source + " is set but no role ARN is (role_arn, " + kEnvArn +
                  " or TKE_ROLE_ARN); set both");
    if (!has_token) {
        if (c.role_arn_source == "role_arn")
            cred_fail("role_arn is set but no web identity token is (web_identity_token(_file), " +
                      std::string(kEnvToken) + "(_FILE) or TKE_WEB_IDENTITY_TOKEN_FILE)");
        c.skipped = c.role_arn_source + " is set but no web identity token is";
        return c;
    }
    c.role_arn = arn;
    check_text(c.role_arn, c.role_arn_source);
    std::string source;
    const char *provider = pick(o.provider_id, "provider_id", env, {kEnvProvider, "TKE_PROVIDER_ID"}, source);
    c.provider_id = provider != nullptr ? provider : "OIDC";
    check_text(c.provider_id, provider != nullptr ? source : "provider_id");
    const char *name = pick(o.role_session_name, "role_session_name", env, {kEnvSessionName}, source);
    c.session_name = name != nullptr ? name : default_session_name(env);
    check_session_name(c.session_name, name != nullptr ? source : "the default role session name");
    c.duration = session_duration(o, env);
    c.region = region;
    if (c.region.empty() && is_set(env("TKE_REGION"))) {
        c.region = env("TKE_REGION");
        check_region(c.region, "TKE_REGION");
    }
    c.sts = sts_endpoint(o, env, api_host);
    c.configured = true;
    return c;
}

MetadataConfig metadata_config(const tcss_client_options &o, const GetEnv &env) {
    MetadataConfig c;
    const char *no = env("TCSS_NO_METADATA");
    if (o.no_metadata != 0 || (is_set(no) && std::strcmp(no, "0") != 0 && !ascii::iequals(no, "false"))) {
        c.enabled = false;
        c.skipped = o.no_metadata != 0 ? "switched off by no_metadata" : "switched off by TCSS_NO_METADATA";
        return c;
    }
    const char *field = "metadata_endpoint";
    std::string url = kDefaultMetadataEndpoint;
    if (o.metadata_endpoint != nullptr) {
        url = o.metadata_endpoint;
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
        check_session_name(c.role, "TENCENTCLOUD_CAM_ROLE_NAME");
    }
    return c;
}

// ---- STS -------------------------------------------------------------------

namespace {

SecretString load_token(const WebIdentityConfig &cfg) {
    if (!cfg.token.empty()) return cfg.token;
    SecretString raw;
    if (!read_credentials_file(cfg.token_file, raw))
        cred_fail(cfg.token_source + ": no such file " + cfg.token_file);
    return clean_token(raw, cfg.token_source + " (" + cfg.token_file + ")");
}

cJSON *checked(cJSON *item) {
    if (item == nullptr) throw std::bad_alloc();
    return item;
}

SecretString sts_body(const WebIdentityConfig &cfg, const SecretString &token) {
    SecretJson j(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(j.get(), "ProviderId", checked(cJSON_CreateString(cfg.provider_id.c_str())));
    cJSON_AddItemToObject(j.get(), "WebIdentityToken", checked(cJSON_CreateString(token.c_str())));
    cJSON_AddItemToObject(j.get(), "RoleArn", checked(cJSON_CreateString(cfg.role_arn.c_str())));
    cJSON_AddItemToObject(j.get(), "RoleSessionName", checked(cJSON_CreateString(cfg.session_name.c_str())));
    cJSON_AddItemToObject(j.get(), "DurationSeconds", checked(cJSON_CreateNumber(static_cast<double>(cfg.duration))));
    char *text = cJSON_PrintUnformatted(j.get());
    if (text == nullptr) throw std::bad_alloc();
    SecretString out(text);
    zeroize(text, std::strlen(text));
    cJSON_free(text);
    return out;
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
    if (!cfg.region.empty()) add("X-TC-Region", cfg.region);
    add("X-TC-RequestClient", std::string("libtcss/") + TCSS_VERSION_STRING);
    return h;
}

SecretJson parse_json(std::string_view body) {
    if (body.size() > kMaxResponseBytes) return nullptr;
    return SecretJson(cJSON_ParseWithLength(body.data(), body.size()));
}

std::string json_string(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring != nullptr ? std::string(v->valuestring) : std::string();
}

SecretString json_secret(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring != nullptr ? SecretString(v->valuestring) : SecretString();
}

std::int64_t refresh_time(std::int64_t expired, std::int64_t margin) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    const std::int64_t half = expired > now ? (expired - now) / 2 : 0;
    return expired - std::min(margin, half);
}

// The temporary keys an answer carries, checked; `what` names the source.
Credentials temp_credentials(const cJSON *c, const std::string &what) {
    Credentials out;
    out.secret_id = json_string(c, "TmpSecretId");
    out.secret_key = json_secret(c, "TmpSecretKey");
    out.token = json_secret(c, "Token");
    if (out.secret_id.empty() || out.secret_key.empty() || out.token.empty())
        cred_fail(what + " answered without TmpSecretId, TmpSecretKey and Token");
    check_secret_id(out.secret_id, what + ": TmpSecretId");
    check_session_token(out.token, what + ": Token");
    out.source = what;
    return out;
}

} // namespace

TempCredentials parse_sts_response(std::string_view body, long status, const WebIdentityConfig &cfg,
                                   std::string_view token) {
    SecretJson j = parse_json(body);
    const cJSON *r = j ? cJSON_GetObjectItemCaseSensitive(j.get(), "Response") : nullptr;
    if (!cJSON_IsObject(r))
        cred_fail("STS (" + cfg.sts.url + ") answered HTTP " + std::to_string(status) + " without an STS response");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "Error");
    if (cJSON_IsObject(err)) {
        Redactor red;
        red.add(token.empty() ? std::string_view(cfg.token) : token);
        ErrorInfo info = ErrorInfo::service(TCSS_ECREDENTIALS, red.clean(json_string(err, "Code")),
                                            red.clean(json_string(err, "Message")),
                                            red.clean(json_string(r, "RequestId")), status);
        info.message = "STS refused the web identity (role " + red.clean(cfg.role_arn) + ", " + cfg.token_source +
                       "): " + info.service_code + (info.service_message.empty() ? "" : ": " + info.service_message) +
                       " (RequestId " + info.request_id + ")";
        throw Error(std::move(info));
    }
    TempCredentials t;
    t.creds = temp_credentials(cJSON_GetObjectItemCaseSensitive(r, "Credentials"), "web identity (STS)");
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(r, "ExpiredTime");
    if (!cJSON_IsNumber(exp) || exp->valuedouble < 1) cred_fail("STS answered without ExpiredTime");
    t.expired_time = static_cast<std::int64_t>(exp->valuedouble);
    t.refresh_at = refresh_time(t.expired_time, cfg.duration / 10);  // the Go SDK's margin
    return t;
}

TempCredentials exchange_web_identity(const WebIdentityConfig &cfg, Transport &transport,
                                      milliseconds connect_timeout, milliseconds timeout, const KeylessLog &log) {
    const SecretString token = load_token(cfg);
    const SecretString body = sts_body(cfg, token);
    log(TCSS_LOG_DEBUG, "> POST " + cfg.sts.url + " AssumeRoleWithWebIdentity (unsigned; role " + cfg.role_arn +
                            ", provider " + cfg.provider_id + ", session " + cfg.session_name + ", token from " +
                            cfg.token_source + ")");
    HttpResponse resp;
    TransportFailure f;
    struct Wipe {
        std::string &s;
        ~Wipe() { zeroize(&s[0], s.size()); }
    } wipe{resp.body};
    resp.body.reserve(16 * 1024);  // an answer this size never moves: no unwiped copy behind
    if (!transport.post(cfg.sts.url, sts_headers(cfg), body, connect_timeout, timeout, resp, f))
        // Not a refusal: the transport's own class (network, TLS, timeout).
        throw Error(ErrorInfo::transport(f.code, "STS AssumeRoleWithWebIdentity failed: " + f.message, resp.status));
    log(TCSS_LOG_DEBUG, "< HTTP " + std::to_string(resp.status) + " from STS (body not shown: it holds keys)");
    TempCredentials t = parse_sts_response(resp.body, resp.status, cfg, token);
    log(TCSS_LOG_INFO, "credentials: temporary keys for " + cfg.role_arn + " from STS, valid until " +
                           std::to_string(t.expired_time));
    return t;
}

// ---- CVM metadata ------------------------------------------------------------

namespace {

bool metadata_get(Transport &transport, const std::string &url, Clock::time_point deadline, HttpResponse &resp,
                  TransportFailure &f) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left < milliseconds(1)) left = milliseconds(1);
    return transport.get(url, {}, left, left, resp, f);
}

struct Wiped {
    HttpResponse r;
    Wiped() { r.body.reserve(16 * 1024); }  // the answer is small: no reallocation leaves a copy
    ~Wiped() { zeroize(&r.body[0], r.body.size()); }
};

// The role name: TENCENTCLOUD_CAM_ROLE_NAME, else the metadata service's.
std::optional<std::string> role_name(const MetadataConfig &cfg, Transport &transport, Clock::time_point deadline,
                                     std::string &why) {
    if (!cfg.role.empty()) return cfg.role;
    Wiped w;
    TransportFailure f;
    const std::string url = cfg.base + kRolePath;
    if (!metadata_get(transport, url, deadline, w.r, f)) {
        why = "no metadata service at " + cfg.base + " (" + f.message + ")";
        return std::nullopt;
    }
    if (w.r.status == 404) {
        why = "no CAM role bound to this instance (" + url + " answered HTTP 404)";
        return std::nullopt;
    }
    const std::string role(ascii::trim_blanks(w.r.body));
    if (w.r.status != 200 || role.size() > 128 || role.empty() ||
        !std::all_of(role.begin(), role.end(), is_name_char)) {
        why = "the metadata service at " + cfg.base + " answered HTTP " + std::to_string(w.r.status) +
              " without a role name";
        return std::nullopt;
    }
    return role;
}

} // namespace

TempCredentials parse_metadata_credentials(std::string_view body, const std::string &role) {
    SecretJson j = parse_json(body);
    const std::string what = "CVM role " + role + " (metadata service)";
    if (!cJSON_IsObject(j.get())) cred_fail(what + " answered something that is not JSON credentials");
    const std::string code = json_string(j.get(), "Code");
    if (code != "Success") {
        ErrorInfo info = ErrorInfo::service(TCSS_ECREDENTIALS, Redactor().clean(code), "", "", 200);
        info.message = what + " refused: Code " + info.service_code;
        throw Error(std::move(info));
    }
    TempCredentials t;
    t.creds = temp_credentials(j.get(), what);
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(j.get(), "ExpiredTime");
    if (!cJSON_IsNumber(exp) || exp->valuedouble < 1) cred_fail(what + " answered without ExpiredTime");
    t.expired_time = static_cast<std::int64_t>(exp->valuedouble);
    t.refresh_at = refresh_time(t.expired_time, kCvmMargin);
    return t;
}

std::optional<TempCredentials> fetch_cvm_role(const MetadataConfig &cfg, Transport &transport, bool probing,
                                              std::string &skipped, const KeylessLog &log) {
    const auto deadline = Clock::now() + kMetadataBudget;
    const std::optional<std::string> role = role_name(cfg, transport, deadline, skipped);
    if (!role) {
        if (probing) return std::nullopt;
        cred_fail("CVM role: " + skipped);
    }
    Wiped w;
    TransportFailure f;
    const std::string url = cfg.base + kRolePath + *role;
    if (!metadata_get(transport, url, deadline, w.r, f)) {
        skipped = "no metadata service at " + cfg.base + " (" + f.message + ")";
        if (probing) return std::nullopt;
        cred_fail("CVM role: " + skipped);
    }
    if (w.r.status != 200)
        cred_fail("CVM role " + *role + ": " + url + " answered HTTP " + std::to_string(w.r.status));
    TempCredentials t = parse_metadata_credentials(w.r.body, *role);
    log(TCSS_LOG_INFO, "credentials: temporary keys of CVM role " + *role + ", valid until " +
                           std::to_string(t.expired_time));
    return t;
}

} // namespace tcss
