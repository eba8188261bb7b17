// Source: GitHub Actions' own OIDC token. In a job with `permissions:
// id-token: write`, GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL and
// ACTIONS_ID_TOKEN_REQUEST_TOKEN; when both are set and a role is configured
// (role_arn, TENCENTCLOUD_ASSUME_ROLE_ARN), the token is fetched (GET that
// URL with audience= added, Authorization: bearer <request token>, answer
// {"value": "<JWT>"}, as GitHub's actions/toolkit core.getIDToken does) and
// exchanged at STS AssumeRoleWithWebIdentity like any web identity token.
// The audience is TCSS_OIDC_AUDIENCE, else sts.tencentcloudapi.com. A fresh
// token is fetched for every exchange (GitHub's live minutes). Skipped when
// the variables or the role are missing.
#include "credentials.hpp"

#include "ascii.hpp"
#include "endpoint.hpp"
#include "error.hpp"
#include "keyless.hpp"
#include "log.hpp"
#include "redact.hpp"
#include "validate.hpp"

#include <algorithm>

namespace tcss {
namespace {

constexpr const char *kEnvUrl = "ACTIONS_ID_TOKEN_REQUEST_URL";
constexpr const char *kEnvToken = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
constexpr const char *kEnvAudience = "TCSS_OIDC_AUDIENCE";
constexpr const char *kDefaultAudience = "sts.tencentcloudapi.com";

std::string percent_encode(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ascii::is_alnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct GithubConfig {
    std::string url, site;  // the request URL; scheme://host[:port] for messages
    SecretString request_token;
    std::string audience;
};

class GithubActionsProvider final : public KeylessProvider {
  public:
    explicit GithubActionsProvider(const ProviderContext &ctx)
        : KeylessProvider(ctx, *ctx.transport), region_(ctx.region), api_host_(ctx.api_host) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline deadline) override {
        if (!configure(looked)) return std::nullopt;
        return refresh(deadline);
    }
    Fetched refresh(Deadline deadline) override {
        const ExchangeContext x = exchange(deadline);
        cfg_.token = fetch_token(x);
        TempCredentials t = exchange_web_identity(cfg_, x);
        t.used = "GitHub Actions: role " + cfg_.role_arn + " by STS AssumeRoleWithWebIdentity at " + cfg_.sts.url +
                 " with the job's OIDC token (audience " + gh_.audience + ")";
        return t;
    }
    void add_secrets(Redactor &r) const override {
        keyless::add_token(r, cfg_.token);
        r.add(gh_.request_token);
    }
    std::optional<std::string> would_use(Looked &looked) override {
        if (!configure(looked)) return std::nullopt;
        return "GitHub Actions: role " + cfg_.role_arn + " by STS AssumeRoleWithWebIdentity at " + cfg_.sts.url +
               " with the job's OIDC token from " + gh_.site + " (audience " + gh_.audience + "; not fetched: dry run)";
    }

  private:
    bool configure(Looked &looked) {
        const char *url = env_(kEnvUrl);
        const char *token = env_(kEnvToken);
        if (!is_set(url) || !is_set(token)) {
            looked.push_back(std::string("GitHub Actions (") + kEnvUrl + "/" + kEnvToken + " not set)");
            return false;
        }
        cfg_ = WebIdentityConfig{};
        if (!role_config(settings_, env_, region_, api_host_, cfg_)) {
            looked.push_back("GitHub Actions (" + cfg_.skipped + ")");
            return false;
        }
        UrlParts parts;
        if (const char *why = split_url(url, parts)) invalid(std::string(kEnvUrl) + ": " + why);
        if (parts.scheme != "https" && !is_loopback_host(parts.host, parts.ipv6))
            invalid(std::string(kEnvUrl) + ": must be https (http only to a loopback address)");
        gh_.url = url;
        gh_.site = parts.scheme + "://" + std::string(parts.authority);
        gh_.request_token = SecretString(token);
        if (!std::all_of(gh_.request_token.begin(), gh_.request_token.end(), ascii::is_visible))
            credentials_error(std::string(kEnvToken) + ": must be printable ASCII without spaces or line breaks");
        const char *aud = env_(kEnvAudience);
        gh_.audience = is_set(aud) ? aud : kDefaultAudience;
        check_text(gh_.audience, is_set(aud) ? kEnvAudience : "the default audience");
        cfg_.token_source = "the GitHub Actions OIDC token (" + gh_.site + ")";
        cfg_.configured = true;
        return true;
    }

    // GET <url>&audience=<aud>, Authorization: bearer <request token>.
    SecretString fetch_token(const ExchangeContext &x) const {
        const std::string url =
            gh_.url + (gh_.url.find('?') == std::string::npos ? "?" : "&") + "audience=" + percent_encode(gh_.audience);
        std::vector<SecretString> headers;
        headers.emplace_back(SecretString("Authorization: bearer ") + gh_.request_token);
        headers.emplace_back("Accept: application/json; api-version=2.0");
        x.log(TCSS_LOG_DEBUG, "> GET " + gh_.site + " (the GitHub Actions OIDC token, audience " + gh_.audience + ")");
        keyless::WipedResponse w;
        TransportFailure f;
        const auto left = keyless::budget(x.deadline, x.timeout);
        if (!x.transport.get(url, headers, std::min(x.connect_timeout, left), left, w.r, f))
            throw Error(
                ErrorInfo::transport(f.code, "GitHub Actions OIDC token (" + gh_.site + "): " + f.message, w.r.status));
        SecretJson j = keyless::parse_secret_json(w.r.body);
        const cJSON *v = cJSON_IsObject(j.get()) ? cJSON_GetObjectItemCaseSensitive(j.get(), "value") : nullptr;
        if (w.r.status == 401 || w.r.status == 403)
            credentials_error("GitHub Actions OIDC token (" + gh_.site + "): HTTP " + std::to_string(w.r.status) +
                              ": the request token was refused (does the job have permissions: id-token: write?)");
        if (w.r.status != 200 || !cJSON_IsString(v) || v->valuestring[0] == '\0')
            throw Error(ErrorInfo::bad_response("GitHub Actions OIDC token (" + gh_.site + ") answered HTTP " +
                                                    std::to_string(w.r.status) + " without {\"value\": token}",
                                                w.r.status));
        const std::string_view raw(v->valuestring);
        if (!std::all_of(raw.begin(), raw.end(), ascii::is_visible))
            throw Error(ErrorInfo::bad_response(
                "GitHub Actions OIDC token (" + gh_.site + "): the token is not printable ASCII", w.r.status));
        return SecretString(raw.data(), raw.size());
    }

    std::string region_, api_host_;
    WebIdentityConfig cfg_;
    GithubConfig gh_;
};

}  // namespace

ProviderPtr github_actions_provider(const ProviderContext &ctx) { return std::make_unique<GithubActionsProvider>(ctx); }

}  // namespace tcss
