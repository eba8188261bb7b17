// Source: AssumeRole, the Terraform provider's assume_role block. A role ARN
// (and session name) configured without a web identity token is assumed at
// STS AssumeRole (version 2018-08-13), signed with TC3 by the base
// credentials: the first of the options, the environment, the profile files
// and the CVM role (base_chain). Those keys sign the assume call only, never
// the call itself. The temporary keys are fetched again before they expire,
// like the other keyless sources' (the Go SDK's margin, a tenth of the
// duration); base keys that are temporary themselves are refreshed first.
// Skipped when no role ARN is configured.
#include "credentials.hpp"

#include "error.hpp"
#include "keyless.hpp"
#include "log.hpp"
#include "redact.hpp"
#include "signer.hpp"

#include <ctime>

namespace tcss {
namespace {

constexpr const char *kAction = "AssumeRole";
constexpr const char *kVersion = "2018-08-13";

std::string joined(const Looked &looked) {
    std::string out;
    for (std::size_t i = 0; i < looked.size(); ++i) out += (i ? "; " : "") + looked[i];
    return out;
}

SecretString assume_body(const WebIdentityConfig &cfg) {
    SecretJson j(checked(cJSON_CreateObject()));
    cJSON_AddItemToObject(j.get(), "RoleArn", checked(cJSON_CreateString(cfg.role_arn.c_str())));
    cJSON_AddItemToObject(j.get(), "RoleSessionName", checked(cJSON_CreateString(cfg.session_name.c_str())));
    cJSON_AddItemToObject(j.get(), "DurationSeconds", checked(cJSON_CreateNumber(static_cast<double>(cfg.duration))));
    return print_secret(j.get());
}

// Signed as the API calls are: content-type and host, TC3-HMAC-SHA256,
// service "sts"; the base token, when there is one, as X-TC-Token.
std::vector<SecretString> assume_headers(const WebIdentityConfig &cfg, const Credentials &base,
                                         const SecretString &body) {
    const std::int64_t timestamp = static_cast<std::int64_t>(std::time(nullptr));
    SignInput in;
    in.host = cfg.sts.host_header;
    in.content_type = "application/json";
    in.payload = body;
    in.service = "sts";
    in.timestamp = timestamp;
    in.secret_id = base.secret_id;
    in.secret_key = base.secret_key;
    const SignStages st = tc3_sign(in);
    std::vector<SecretString> h;
    auto add = [&h](const std::string &name, std::string_view value) {
        SecretString line(name.begin(), name.end());
        line += ": ";
        line.append(value.data(), value.size());
        h.push_back(std::move(line));
    };
    add("Host", cfg.sts.host_header);
    add("Content-Type", "application/json");
    add("X-TC-Action", kAction);
    add("X-TC-Version", kVersion);
    add("X-TC-Timestamp", std::to_string(timestamp));
    add("X-TC-Region", cfg.region);
    if (!base.token.empty()) add("X-TC-Token", base.token);
    add("X-TC-RequestClient", kStsRequestClient);
    add("Authorization", st.authorization);
    return h;
}

TempCredentials parse_assume_response(const HttpResponse &resp, const WebIdentityConfig &cfg, const Credentials &base) {
    SecretJson j = keyless::parse_secret_json(resp.body);
    const cJSON *r = j ? cJSON_GetObjectItemCaseSensitive(j.get(), "Response") : nullptr;
    if (!cJSON_IsObject(r))
        throw Error(ErrorInfo::bad_response("STS (" + cfg.sts.url + ") answered HTTP " + std::to_string(resp.status) +
                                                " without an STS response",
                                            resp.status));
    if (const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "Error"); cJSON_IsObject(err)) {
        Redactor red;
        red.add(base.secret_key);
        red.add(base.token);
        const std::string raw_code = json_string(err, "Code");
        int code = keyless::sts_error_class(raw_code);
        // The base keys themselves refused: an authentication failure.
        if (code == TCSS_ECREDENTIALS && raw_code.rfind("AuthFailure", 0) == 0) code = TCSS_EAUTH;
        ErrorInfo info = ErrorInfo::service(code, red.clean(raw_code), red.clean(json_string(err, "Message")),
                                            red.clean(json_string(r, "RequestId")), resp.status);
        info.message = std::string(code == TCSS_ECREDENTIALS || code == TCSS_EAUTH ? "STS refused AssumeRole"
                                                                                   : "STS AssumeRole answered") +
                       " (role " + red.clean(cfg.role_arn) + ", signed with " + base.source + " " + base.secret_id +
                       "): " + info.service_code + (info.service_message.empty() ? "" : ": " + info.service_message) +
                       " (RequestId " + info.request_id + ")";
        throw Error(std::move(info));
    }
    TempCredentials t;
    t.creds = keyless::temp_credentials(cJSON_GetObjectItemCaseSensitive(r, "Credentials"), "AssumeRole (STS)");
    t.expired_time = keyless::expired_time(r, "STS AssumeRole");
    t.refresh_at = keyless::refresh_time(t.expired_time, cfg.duration / 10);
    return t;
}

class AssumeRoleProvider final : public KeylessProvider {
  public:
    explicit AssumeRoleProvider(const ProviderContext &ctx)
        : KeylessProvider(ctx, *ctx.transport), region_(ctx.region), api_host_(ctx.api_host),
          base_chain_(base_chain(ctx)) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline deadline) override {
        if (!configure(looked)) return std::nullopt;
        Looked base_looked;
        base_ = base_chain_->fetch(base_looked, deadline);
        if (!base_) credentials_error(no_base(base_looked));
        return assume(deadline);
    }
    Fetched refresh(Deadline deadline) override {
        if (!base_) credentials_error("AssumeRole: refreshed before it was resolved");
        if (base_->refresh_at != 0 && static_cast<std::int64_t>(std::time(nullptr)) >= base_->refresh_at)
            *base_ = base_chain_->refresh(deadline);
        return assume(deadline);
    }
    void add_secrets(Redactor &r) const override {
        if (base_) {
            r.add(base_->creds.secret_key);
            r.add(base_->creds.token);
        }
        base_chain_->add_secrets(r);
    }
    std::optional<std::string> would_use(Looked &looked) override {
        if (!configure(looked)) return std::nullopt;
        Looked base_looked;
        const std::optional<std::string> base = base_chain_->would_use(base_looked);
        if (!base) credentials_error(no_base(base_looked));
        return "AssumeRole: role " + cfg_.role_arn + " by STS AssumeRole at " + cfg_.sts.url + ", signed with " +
               *base + " (not sent: dry run)";
    }

  private:
    bool configure(Looked &looked) {
        cfg_ = WebIdentityConfig{};
        if (!role_config(settings_, env_, region_, api_host_, cfg_)) {
            looked.push_back("AssumeRole (" + cfg_.skipped + ")");
            return false;
        }
        return true;
    }
    std::string no_base(const Looked &base_looked) const {
        return cfg_.role_arn_source +
               " is set (STS AssumeRole) but there are no credentials to sign AssumeRole "
               "with; looked at: " +
               joined(base_looked);
    }
    Fetched assume(Deadline deadline) {
        const ExchangeContext x = exchange(deadline);
        const Credentials base = base_->creds;
        const SecretString body = assume_body(cfg_);
        x.log(TCSS_LOG_DEBUG, "> POST " + cfg_.sts.url + " AssumeRole (signed with " + base.source + " " +
                                  base.secret_id + "; role " + cfg_.role_arn + ", session " + cfg_.session_name +
                                  ", region " + cfg_.region + ")");
        TempCredentials t = keyless::sts_call(
            x, cfg_.sts.url, "STS AssumeRole", [&] { return assume_headers(cfg_, base, body); }, body,
            [&](const HttpResponse &r) { return parse_assume_response(r, cfg_, base); });
        x.log(TCSS_LOG_INFO, "credentials: temporary keys for " + cfg_.role_arn + " from STS AssumeRole, valid until " +
                                 std::to_string(t.expired_time));
        t.used = "AssumeRole: role " + cfg_.role_arn + " (" + cfg_.role_arn_source + ") by STS AssumeRole at " +
                 cfg_.sts.url + ", signed with " + (base_->used.empty() ? base.source : base_->used) +
                 ", whose keys sign nothing else";
        return t;
    }

    std::string region_, api_host_;
    std::unique_ptr<ChainProvider> base_chain_;
    WebIdentityConfig cfg_;
    std::optional<Fetched> base_;
};

}  // namespace

ProviderPtr assume_role_provider(const ProviderContext &ctx) { return std::make_unique<AssumeRoleProvider>(ctx); }

}  // namespace tcss
