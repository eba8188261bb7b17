#include "client.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "request_body.hpp"
#include "response.hpp"
#include "signer.hpp"
#include "validate.hpp"

#include <cstdio>
#include <ctime>
#include <thread>

namespace tcss {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Log lines carry whole response bodies at TCSS_LOG_DEBUG.
constexpr std::size_t kMaxLogLine = 64 * 1024;

std::string env_or(const GetEnv &env, const char *explicit_value, const char *name) {
    if (explicit_value != nullptr) return explicit_value;
    const char *v = env(name);
    return v != nullptr ? std::string(v) : std::string();
}

Endpoint resolve_endpoint(const tcss_client_options &o, const GetEnv &env) {
    if (o.endpoint != nullptr) return parse_endpoint(o.endpoint, "endpoint");
    const char *from_env = env("TCSS_ENDPOINT");
    if (from_env != nullptr && from_env[0] != '\0') return parse_endpoint(from_env, "TCSS_ENDPOINT");
    return parse_endpoint(kDefaultEndpoint);
}

void check_option_text(const char *field, const std::string &v) {
    if (ascii::has_control(v)) invalid(std::string(field) + ": must not contain control characters");
}

long positive_ms(const char *field, long value, long fallback) {
    if (value < 0) invalid(std::string(field) + ": must be 0 (the default) or a positive number of milliseconds");
    if (value > ClientDefaults::max_timeout_ms)
        invalid(std::string(field) + ": must be at most " + std::to_string(ClientDefaults::max_timeout_ms) +
                " ms (TCSS_MAX_TIMEOUT_MS, 24 hours), got " + std::to_string(value));
    return value == 0 ? fallback : value;
}

std::string ms_text(Clock::duration d) {
    return std::to_string(std::chrono::duration_cast<milliseconds>(d).count()) + " ms";
}

// Where the session token came from, as the user would name it.
std::string token_source(const Credentials &c) {
    if (c.source == "environment") return "TENCENTCLOUD_SESSION_TOKEN";
    if (c.source == "options") return "session_token";
    return "token in " + c.source;
}

} // namespace

void check_region(const std::string &region, const char *source) {
    if (region.size() > TCSS_MAX_REGION_BYTES)
        invalid(std::string(source) + ": must be at most " + std::to_string(TCSS_MAX_REGION_BYTES) +
                " bytes (got " + std::to_string(region.size()) + ")");
    for (char c : region)
        if (!ascii::is_alnum(c) && c != '-' && c != '_')
            invalid(std::string(source) + ": must be a region name of letters, digits, '-' and '_', such as "
                    "ap-guangzhou (got " + quote_for_message(region) + ")");
}

void check_session_token(std::string_view token, const std::string &source) {
    for (char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)  // the value itself is a secret: never shown
            throw Error(TCSS_ECREDENTIALS,
                        source + ": the session token must be printable ASCII without spaces, control "
                                 "characters or line breaks (a trailing newline from the CI's secret store?); "
                                 "nothing was sent");
    }
}

// One add_registry call in flight.
struct Client::Call {
    Call(Redactor r, SecretString b, std::string masked, Clock::time_point d)
        : redactor(std::move(r)), body(std::move(b)), masked_body(std::move(masked)), deadline(d) {}
    Redactor redactor;
    SecretString body;
    std::string masked_body;
    Clock::time_point deadline;
    ErrorInfo last;
    bool maybe_reached = false;
    bool last_rate_limited = false;
    unsigned int attempts = 0;      // requests sent (or tried)
    unsigned int rate_limited = 0;  // ...of which RequestLimitExceeded: not counted against max_attempts
    AddResult result;
};

Client::Client(const tcss_client_options &o, const GetEnv &env)
    : endpoint_(resolve_endpoint(o, env)),
      region_(env_or(env, o.region, "TENCENTCLOUD_REGION")),
      language_(o.language != nullptr ? o.language : ""),
      connect_timeout_(positive_ms("connect_timeout_ms", o.connect_timeout_ms, ClientDefaults::connect_timeout_ms)),
      timeout_(positive_ms("timeout_ms", o.timeout_ms, ClientDefaults::timeout_ms)),
      max_attempts_(o.max_attempts == 0 ? ClientDefaults::max_attempts : o.max_attempts),
      log_fn_(o.log_fn), log_userdata_(o.log_userdata), log_level_(o.log_level),
      limiter_(o.requests_per_second == 0 ? ClientDefaults::requests_per_second : o.requests_per_second),
      transport_(TransportConfig{o.ca_file != nullptr ? o.ca_file : "",
                                 o.proxy != nullptr ? std::optional<std::string>(o.proxy) : std::nullopt,
                                 std::string("libtcss/") + TCSS_VERSION_STRING}),
      metadata_transport_(TransportConfig{"", std::string(), std::string("libtcss/") + TCSS_VERSION_STRING}),
      rng_(std::random_device{}()) {
    check_region(region_, o.region != nullptr ? "region" : "TENCENTCLOUD_REGION");  // STS may get it
    creds_ = resolve(o, env);
    validate_options(o, o.region != nullptr ? "region" : "TENCENTCLOUD_REGION");
}

KeylessLog Client::keyless_log() const {
    return [this](int level, const std::string &line) { log(level, Redactor(), line); };
}

// The chain, with the keyless sources in their places; remembers which one
// gave the credentials, so they can be fetched again.
Credentials Client::resolve(const tcss_client_options &o, const GetEnv &env) {
    KeylessHooks hooks;
    hooks.web_identity = [&](std::string &skipped) -> std::optional<Credentials> {
        web_identity_ = web_identity_config(o, env, region_, endpoint_.host);
        if (!web_identity_.configured) {
            skipped = web_identity_.skipped;
            return std::nullopt;
        }
        TempCredentials t = exchange_web_identity(web_identity_, transport_, connect_timeout_, timeout_, keyless_log());
        keyless_ = Keyless::WebIdentity;
        refresh_at_ = t.refresh_at;
        return std::move(t.creds);
    };
    hooks.cvm_role = [&](std::string &skipped) -> std::optional<Credentials> {
        metadata_ = metadata_config(o, env);
        if (!metadata_.enabled) {
            skipped = metadata_.skipped;
            return std::nullopt;
        }
        auto t = fetch_cvm_role(metadata_, metadata_transport_, true, skipped, keyless_log());
        if (!t) return std::nullopt;
        keyless_ = Keyless::CvmRole;
        refresh_at_ = t->refresh_at;
        return std::move(t->creds);
    };
    return resolve_credentials({o.secret_id, o.secret_key, o.session_token, o.profile}, env, hooks);
}

// A copy of the credentials to sign with, fetched again first when they are
// temporary and near their end. Other callers wait on the lock meanwhile.
Credentials Client::current_credentials() {
    std::lock_guard<std::mutex> lock(creds_mutex_);
    if (keyless_ != Keyless::None && static_cast<std::int64_t>(std::time(nullptr)) >= refresh_at_) refresh_locked();
    return creds_;
}

void Client::refresh_locked() {
    log(TCSS_LOG_DEBUG, Redactor(), "credentials: temporary keys near their end; fetching new ones");
    TempCredentials t;
    if (keyless_ == Keyless::WebIdentity) {
        t = exchange_web_identity(web_identity_, transport_, connect_timeout_, timeout_, keyless_log());
    } else {
        std::string skipped;
        t = std::move(*fetch_cvm_role(metadata_, metadata_transport_, false, skipped, keyless_log()));
    }
    creds_ = std::move(t.creds);
    refresh_at_ = t.refresh_at;
}

void Client::validate_options(const tcss_client_options &o, const char *region_source) const {
    check_region(region_, region_source);
    check_session_token(creds_.token, token_source(creds_));
    if (!language_.empty() && language_ != "en-US" && language_ != "zh-CN")
        invalid("language: must be \"en-US\" or \"zh-CN\" (got " + quote_for_message(language_) + ")");
    if (max_attempts_ > ClientDefaults::max_attempts_limit)
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
    if (o.proxy != nullptr) check_option_text("proxy", o.proxy);
}

Client::~Client() { zeroize(key_.data(), key_.size()); }

Redactor Client::base_redactor() const {
    Redactor r;
    std::lock_guard<std::mutex> lock(creds_mutex_);
    r.add(creds_.secret_key);
    r.add(creds_.token);
    r.add(web_identity_.token);
    return r;
}

Redactor Client::spec_redactor(const tcss_registry_spec &spec) const {
    Redactor r = base_redactor();
    r.add_basic_auth(spec.username, spec.password);  // the password, and base64 of user:password
    if (spec.webhook_token != nullptr) r.add(spec.webhook_token);
    return r;
}

void Client::log(int level, const Redactor &redactor, const std::string &line) const {
    if (log_fn_ == nullptr || level > log_level_) return;
    const std::string clean = redactor.clean(line, kMaxLogLine);
    log_fn_(level, clean.c_str(), log_userdata_);
}

Client::Signed Client::sign_request(const Credentials &creds, std::string_view body, std::int64_t timestamp) const {
    SignInput in;
    in.host = endpoint_.host_header;
    in.content_type = kContentType;
    in.payload = body;
    in.service = kService;
    in.timestamp = timestamp;
    in.secret_id = creds.secret_id;
    in.secret_key = creds.secret_key;
    Digest key;
    {
        // Temporary credentials change the key too: it is kept per SecretId.
        const std::string tag = utc_date(timestamp) + "/" + creds.secret_id;
        std::lock_guard<std::mutex> lock(key_mutex_);
        if (key_date_ != tag) {
            key_ = derive_signing_key(creds.secret_key, utc_date(timestamp), kService);
            key_date_ = tag;
        }
        key = key_;
    }
    in.signing_key = &key;
    SignStages st = tc3_sign(in);
    zeroize(key.data(), key.size());

    Signed s;
    auto add = [&s](const std::string &name, std::string_view value, bool secret) {
        SecretString line(name.begin(), name.end());
        line += ": ";
        line.append(value.data(), value.size());
        s.headers.push_back(std::move(line));
        s.masked_headers.push_back(name + ": " + (secret ? std::string(kMask) : std::string(value)));
    };
    add("Host", endpoint_.host_header, false);
    add("Content-Type", kContentType, false);
    add("X-TC-Action", kAddAction, false);
    add("X-TC-Version", kApiVersion, false);
    add("X-TC-Timestamp", std::to_string(timestamp), false);
    if (!region_.empty()) add("X-TC-Region", region_, false);
    if (!creds.token.empty()) add("X-TC-Token", creds.token, true);
    if (!language_.empty()) add("X-TC-Language", language_, false);
    add("X-TC-RequestClient", std::string("libtcss/") + TCSS_VERSION_STRING, false);
    s.headers.emplace_back(SecretString("Authorization: ") + SecretString(st.authorization.begin(), st.authorization.end()));
    s.masked_headers.push_back("Authorization: " + mask_signature(st.authorization));
    return s;
}

std::string Client::preview(const tcss_registry_spec &spec) {
    validate_spec(&spec);
    SecretString body = build_add_body(spec);
    const Credentials creds = current_credentials();
    Signed s = sign_request(creds, body, static_cast<std::int64_t>(std::time(nullptr)));
    std::string out = "POST " + endpoint_.url + " HTTP/1.1\n";
    for (const auto &h : s.masked_headers) out += h + "\n";
    out += "\n";
    const SecretString masked = build_add_body(spec, Secrets::Mask);
    out.append(masked.begin(), masked.end());
    out += "\n";
    return spec_redactor(spec).apply(out);
}

// Waits before every attempt but the first. False: the deadline leaves no
// room for another attempt (the last error stands).
bool Client::pause_before_attempt(Call &c) {
    if (c.attempts == 0) return true;
    const auto now = Clock::now();
    if (now >= c.deadline) return false;
    const auto remaining = std::chrono::duration_cast<milliseconds>(c.deadline - now);
    milliseconds wait;
    {
        std::lock_guard<std::mutex> lock(rng_mutex_);
        if (c.last_rate_limited) {
            const auto d = backoff_.rate_limited_delay(remaining, rng_);
            if (!d) return false;
            wait = *d;
        } else {
            wait = backoff_.delay(c.attempts - c.rate_limited + 1, rng_);
            if (wait >= remaining) return false;
        }
    }
    const std::string which = c.last_rate_limited
                                  ? "rate limited; retried until the call's timeout"
                                  : "attempt " + std::to_string(c.attempts - c.rate_limited + 1) + " of " +
                                        std::to_string(max_attempts_);
    log(TCSS_LOG_INFO, c.redactor,
        "retrying in " + std::to_string(wait.count()) + " ms (" + which + ") after: " + c.last.message);
    std::this_thread::sleep_for(wait);
    return true;
}

// One attempt: a slot from the limiter, a fresh signature, the request.
Client::Step Client::attempt(Call &c) {
    if (!limiter_.acquire(c.deadline)) {
        if (c.last.code == 0)
            c.last = ErrorInfo::timeout("the call's timeout of " + ms_text(timeout_) +
                                        " ran out waiting for the client-side rate limiter");
        return Step::Stop;
    }
    const auto remaining = std::chrono::duration_cast<milliseconds>(c.deadline - Clock::now());
    ++c.attempts;
    const Credentials creds = current_credentials();  // may fetch new temporary ones
    c.redactor.add(creds.secret_key);
    c.redactor.add(creds.token);
    Signed s = sign_request(creds, c.body, static_cast<std::int64_t>(std::time(nullptr)));
    log(TCSS_LOG_DEBUG, c.redactor, "> POST " + endpoint_.url + " (attempt " + std::to_string(c.attempts) + ")");
    for (const auto &h : s.masked_headers) log(TCSS_LOG_DEBUG, c.redactor, "> " + h);
    log(TCSS_LOG_DEBUG, c.redactor, "> " + c.masked_body);

    HttpResponse resp;
    TransportFailure failure;
    const auto started = Clock::now();
    const milliseconds budget = remaining < milliseconds(1) ? milliseconds(1) : remaining;
    if (!transport_.post(endpoint_.url, s.headers, c.body, connect_timeout_ < budget ? connect_timeout_ : budget,
                         budget, resp, failure)) {
        log(TCSS_LOG_DEBUG, c.redactor, "< " + failure.message);
        c.last = ErrorInfo::transport(failure.code, failure.message, resp.status);
        c.maybe_reached = c.maybe_reached || failure.maybe_reached;
        return failure.retryable ? retry_or_stop(c, false) : Step::Stop;
    }
    log(TCSS_LOG_DEBUG, c.redactor,
        "< HTTP " + std::to_string(resp.status) + " (" + ms_text(Clock::now() - started) + ")");
    log(TCSS_LOG_DEBUG, c.redactor, "< " + resp.body);
    return interpret(c, resp);
}

// What the answer means: success, a service error, or not a TCSS answer.
Client::Step Client::interpret(Call &c, const HttpResponse &resp) {
    ApiResponse parsed;
    if (resp.status != 200 && !parse_error_envelope(resp.body, parsed)) {
        c.last = ErrorInfo::bad_response(
            "the service answered HTTP " + std::to_string(resp.status) + " without a TCSS response", resp.status);
        if (resp.status < 500) return Step::Stop;
        c.maybe_reached = true;
        return retry_or_stop(c, false);
    }
    if (resp.status == 200) parsed = parse_add_response(resp.body, resp.status);
    if (parsed.is_error) return on_service_error(c, parsed, resp.status);
    c.last = ErrorInfo();
    c.result = succeed(c, parsed);
    return Step::Done;
}

// Classified on the code exactly as sent; only then cleaned for display.
Client::Step Client::on_service_error(Call &c, const ApiResponse &parsed, long status) {
    const std::string &raw = parsed.error_code;
    const Redactor &r = c.redactor;
    c.last = ErrorInfo::service(class_of_service_code(raw), r.clean(raw), r.clean(parsed.error_message),
                                r.clean(parsed.request_id), status);
    if (!is_retryable_service_code(raw)) return Step::Stop;
    if (is_internal_error_code(raw)) c.maybe_reached = true;
    return retry_or_stop(c, is_rate_limit_code(raw));
}

// Rate-limit answers are retried until the deadline (pause_before_attempt
// stops them); every other retryable failure up to max_attempts.
Client::Step Client::retry_or_stop(Call &c, bool rate_limited) const {
    c.last_rate_limited = rate_limited;
    if (rate_limited) {
        ++c.rate_limited;
        return Step::Retry;
    }
    return c.attempts - c.rate_limited < max_attempts_ ? Step::Retry : Step::Stop;
}

AddResult Client::succeed(Call &c, const ApiResponse &parsed) const {
    AddResult r;
    r.registry_id = parsed.registry_id;
    r.request_id = c.redactor.clean(parsed.request_id);
    r.health_check_err = c.redactor.clean(parsed.health_check_err);
    r.name_repeat_err = c.redactor.clean(parsed.name_repeat_err);
    r.already_existed = !parsed.name_repeat_err.empty();
    r.attempts = c.attempts;
    if (r.already_existed && c.maybe_reached && c.attempts > 1)
        log(TCSS_LOG_INFO, c.redactor,
            "an earlier attempt may have reached the service; registry " + std::to_string(r.registry_id) +
                " is reported as already existing, not created twice");
    if (!r.health_check_err.empty())
        log(TCSS_LOG_WARN, c.redactor, "registry added, but TCSS could not reach it: " + r.health_check_err);
    return r;
}

void Client::fail(Call &c) const {
    ErrorInfo last = std::move(c.last);
    if (last.code == 0) last = ErrorInfo::timeout("the call's timeout of " + ms_text(timeout_) + " ran out");
    last.attempts = c.attempts;
    last.message = c.redactor.apply(last.message);
    if (c.attempts > 1) last.message += " (after " + std::to_string(c.attempts) + " attempts)";
    log(TCSS_LOG_ERROR, c.redactor, last.message);
    throw Error(std::move(last));
}

AddResult Client::add_registry(const tcss_registry_spec &spec) {
    validate_spec(&spec);
    const SecretString masked = build_add_body(spec, Secrets::Mask);
    Call c(spec_redactor(spec), build_add_body(spec), std::string(masked.begin(), masked.end()),
           Clock::now() + timeout_);
    try {
        while (pause_before_attempt(c)) {
            const Step step = attempt(c);
            if (step == Step::Done) return std::move(c.result);
            if (step == Step::Stop) break;
        }
    } catch (Error &e) {
        c.last = std::move(e.info());
    }
    fail(c);
}

} // namespace tcss
