#include "client.hpp"

#include "error.hpp"
#include "validate.hpp"

#include <cstdio>

namespace tcss {
namespace {

using std::chrono::milliseconds;

std::optional<std::string> text(const char *s) { return s != nullptr ? std::optional<std::string>(s) : std::nullopt; }
std::optional<SecretString> secret(const char *s) {
    return s != nullptr ? std::optional<SecretString>(SecretString(s)) : std::nullopt;
}

Endpoint resolve_endpoint(const tcss_client_options &o, const GetEnv &env) {
    if (o.endpoint != nullptr) return parse_endpoint(o.endpoint, "endpoint");
    const char *from_env = env("TCSS_ENDPOINT");
    if (is_set(from_env)) return parse_endpoint(from_env, "TCSS_ENDPOINT");
    return parse_endpoint(kDefaultEndpoint);
}

milliseconds positive_ms(const char *field, long value, long fallback) {
    if (value < 0) invalid(std::string(field) + ": must be 0 (the default) or a positive number of milliseconds");
    if (value > ClientDefaults::max_timeout_ms)
        invalid(std::string(field) + ": must be at most " + std::to_string(ClientDefaults::max_timeout_ms) +
                " ms (TCSS_MAX_TIMEOUT_MS, 24 hours), got " + std::to_string(value));
    return milliseconds(value == 0 ? fallback : value);
}

// Where the session token came from, as the user would name it.
std::string token_source(const Credentials &c) {
    if (c.source == "environment")
        return "TENCENTCLOUD_SESSION_TOKEN (or TENCENTCLOUD_TOKEN, TENCENTCLOUD_SECURITY_TOKEN)";
    if (c.source == "options") return "session_token";
    return "token in " + c.source;
}

// The options that do not depend on credentials, checked before any source
// is asked (so a bad setting never costs an STS exchange).
void validate_options(const tcss_client_options &o, const EngineConfig &cfg, const char *region_source) {
    check_region(cfg.region, region_source);
    if (!cfg.language.empty() && cfg.language != "en-US" && cfg.language != "zh-CN")
        invalid("language: must be \"en-US\" or \"zh-CN\" (got " + quote_for_message(cfg.language) + ")");
    if (cfg.max_attempts > ClientDefaults::max_attempts_limit)
        invalid("max_attempts: must be between 1 and " + std::to_string(ClientDefaults::max_attempts_limit));
    if (o.requests_per_second < TCSS_RATE_UNLIMITED)
        invalid("requests_per_second: must be positive, 0 (default 20) or TCSS_RATE_UNLIMITED");
    if (o.log_level < TCSS_LOG_ERROR || o.log_level > TCSS_LOG_DEBUG)
        invalid("log_level: must be between TCSS_LOG_ERROR (0) and TCSS_LOG_DEBUG (3)");
    if (o.ca_file != nullptr) {
        FILE *f = std::fopen(o.ca_file, "rb");
        if (f == nullptr) invalid("ca_file: cannot read " + quote_for_message(o.ca_file));
        std::fclose(f);
    }
    if (o.proxy != nullptr) check_text(o.proxy, "proxy");
}

EngineConfig engine_config(const tcss_client_options &o, const GetEnv &env) {
    EngineConfig c;
    c.endpoint = resolve_endpoint(o, env);
    const char *region = o.region != nullptr ? o.region : env("TENCENTCLOUD_REGION");
    c.region = region != nullptr ? region : "";
    c.language = o.language != nullptr ? o.language : "";
    c.connect_timeout = positive_ms("connect_timeout_ms", o.connect_timeout_ms, ClientDefaults::connect_timeout_ms);
    c.timeout = positive_ms("timeout_ms", o.timeout_ms, ClientDefaults::timeout_ms);
    c.max_attempts = o.max_attempts == 0 ? ClientDefaults::max_attempts : o.max_attempts;
    c.requests_per_second = o.requests_per_second == 0 ? ClientDefaults::requests_per_second : o.requests_per_second;
    return c;
}

// The credentials a dry run signs its preview with: never fetched, never
// sent; the preview's last line says where the real ones would come from.
class DryRunProvider final : public CredentialsProvider {
  public:
    explicit DryRunProvider(std::string source) : source_(std::move(source)) {}
    std::optional<Fetched> fetch(Looked &, Deadline) override {
        Fetched f;
        f.creds.secret_id = "DRY-RUN-CREDENTIALS-NOT-FETCHED";
        f.creds.secret_key = "dry-run";
        f.creds.source = source_;
        return f;
    }
    std::optional<std::string> would_use(Looked &) override { return source_; }

  private:
    std::string source_;
};

// Which source a real run would use, asked without using it (no STS, no
// metadata service); none at all is said, not refused.
std::string would_use(const ProviderContext &ctx) {
    try {
        return "would come from " + dry_run_source(ctx);
    } catch (const Error &e) {
        if (e.code() != TCSS_ECREDENTIALS) throw;
        return "none found, so a real run would fail (" + e.info().message + ")";
    }
}

TransportConfig transport_config(const tcss_client_options &o) {
    return TransportConfig{o.ca_file != nullptr ? o.ca_file : "",
                           o.proxy != nullptr ? std::optional<std::string>(o.proxy) : std::nullopt, kUserAgent};
}

}  // namespace

CredentialSettings credential_settings(const tcss_client_options &o) {
    CredentialSettings s;
    s.secret_id = text(o.secret_id);
    s.secret_key = secret(o.secret_key);
    s.session_token = secret(o.session_token);
    s.profile = text(o.profile);
    KeylessSettings &k = s.keyless;
    k.role_arn = text(o.role_arn);
    k.provider_id = text(o.provider_id);
    k.role_session_name = text(o.role_session_name);
    k.web_identity_token = secret(o.web_identity_token);
    k.web_identity_token_file = text(o.web_identity_token_file);
    k.session_duration = o.session_duration;
    k.sts_endpoint = text(o.sts_endpoint);
    k.metadata_endpoint = text(o.metadata_endpoint);
    k.no_metadata = o.no_metadata != 0;
    return s;
}

Client::Client(const tcss_client_options &o, const GetEnv &env)
    : settings_(credential_settings(o)), log_(o.log_fn, o.log_userdata, o.log_level), transport_(transport_config(o)),
      metadata_transport_(TransportConfig{"", std::string(), kUserAgent}) {
    EngineConfig cfg = engine_config(o, env);
    validate_options(o, cfg, o.region != nullptr ? "region" : "TENCENTCLOUD_REGION");
    ProviderContext ctx(settings_, env);
    ctx.region = cfg.region;
    ctx.api_host = cfg.endpoint.host;
    ctx.transport = &transport_;
    ctx.metadata_transport = &metadata_transport_;
    ctx.connect_timeout = cfg.connect_timeout;
    ctx.timeout = cfg.timeout;
    ctx.max_attempts = cfg.max_attempts;
    ctx.log = &log_;
    if (o.dry_run != 0) {
        cfg.dry_run_source = would_use(ctx);
        std::vector<ProviderPtr> placeholder;
        placeholder.push_back(std::make_unique<DryRunProvider>(cfg.dry_run_source));
        credentials_ = std::make_unique<CachingProvider>(std::make_unique<ChainProvider>(std::move(placeholder)));
    } else {
        credentials_ = std::make_unique<CachingProvider>(default_chain(ctx));
    }
    // Nothing is sent here: a source that talks to a service (STS, the
    // metadata service) is fetched by the first call, within that call's
    // deadline; one that reads settings and files is read now.
    if (const std::optional<Credentials> creds = credentials_->prepare())
        check_session_token(creds->token, token_source(*creds));
    engine_ = std::make_unique<Engine>(std::move(cfg), transport_, *credentials_, log_);
}

Client::~Client() = default;

}  // namespace tcss
