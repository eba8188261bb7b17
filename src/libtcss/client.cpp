#include "client.hpp"

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
    for (unsigned char c : v)
        if (c < 0x20 || c == 0x7f) invalid(std::string(field) + ": must not contain control characters");
}

long positive_ms(const char *field, long value, long fallback) {
    if (value < 0) invalid(std::string(field) + ": must be 0 (the default) or a positive number of milliseconds");
    return value == 0 ? fallback : value;
}

std::string ms_text(Clock::duration d) {
    return std::to_string(std::chrono::duration_cast<milliseconds>(d).count()) + " ms";
}

} // namespace

Client::Client(const tcss_client_options &o, const GetEnv &env)
    : creds_(resolve_credentials({o.secret_id, o.secret_key, o.session_token, o.profile}, env)),
      endpoint_(resolve_endpoint(o, env)),
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
      rng_(std::random_device{}()) {
    check_option_text("region", region_);
    check_option_text("secret_id", creds_.secret_id);
    if (creds_.secret_id.find_first_of(" /,") != std::string::npos)
        invalid("secret_id: must not contain spaces, '/' or ','");
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
    r.add(creds_.secret_key);
    r.add(creds_.token);
    return r;
}

void Client::log(int level, const Redactor &redactor, const std::string &line) const {
    if (log_fn_ == nullptr || level > log_level_) return;
    std::string clean = redactor.apply(line);
    log_fn_(level, clean.c_str(), log_userdata_);
}

Client::Signed Client::sign_request(std::string_view body, std::int64_t timestamp) const {
    SignInput in;
    in.host = endpoint_.host_header;
    in.content_type = kContentType;
    in.payload = body;
    in.service = kService;
    in.timestamp = timestamp;
    in.secret_id = creds_.secret_id;
    in.secret_key = creds_.secret_key;
    Digest key;
    {
        const std::string date = utc_date(timestamp);
        std::lock_guard<std::mutex> lock(key_mutex_);
        if (key_date_ != date) {
            key_ = derive_signing_key(creds_.secret_key, date, kService);
            key_date_ = date;
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
    if (!creds_.token.empty()) add("X-TC-Token", creds_.token, true);
    if (!language_.empty()) add("X-TC-Language", language_, false);
    add("X-TC-RequestClient", std::string("libtcss/") + TCSS_VERSION_STRING, false);
    s.headers.emplace_back(SecretString("Authorization: ") + SecretString(st.authorization.begin(), st.authorization.end()));
    s.masked_headers.push_back("Authorization: " + mask_signature(st.authorization));
    return s;
}

std::string Client::preview(const tcss_registry_spec &spec) {
    validate_spec(&spec);
    SecretString body = build_add_body(spec);
    Signed s = sign_request(body, static_cast<std::int64_t>(std::time(nullptr)));
    std::string out = "POST " + endpoint_.url + " HTTP/1.1\n";
    for (const auto &h : s.masked_headers) out += h + "\n";
    out += "\n";
    const SecretString masked = build_add_body(spec, Secrets::Mask);
    out.append(masked.begin(), masked.end());
    out += "\n";
    Redactor r = base_redactor();
    r.add(spec.password);
    if (spec.webhook_token != nullptr) r.add(spec.webhook_token);
    return r.apply(out);
}

AddResult Client::add_registry(const tcss_registry_spec &spec) {
    validate_spec(&spec);
    Redactor redactor = base_redactor();
    redactor.add(spec.password);
    if (spec.webhook_token != nullptr) redactor.add(spec.webhook_token);

    SecretString body = build_add_body(spec);
    const SecretString masked = build_add_body(spec, Secrets::Mask);
    const std::string masked_body(masked.begin(), masked.end());
    const auto deadline = Clock::now() + timeout_;
    ErrorInfo last;
    bool maybe_reached = false;
    unsigned int attempt = 0;

    try {
        while (attempt < max_attempts_) {
            ++attempt;
            if (attempt > 1) {
                milliseconds wait;
                {
                    std::lock_guard<std::mutex> lock(rng_mutex_);
                    wait = backoff_.delay(attempt, rng_);
                }
                if (Clock::now() + wait >= deadline) {
                    --attempt;
                    break;
                }
                log(TCSS_LOG_INFO, redactor,
                    "retrying in " + std::to_string(wait.count()) + " ms (attempt " + std::to_string(attempt) +
                        " of " + std::to_string(max_attempts_) + ") after: " + last.message);
                std::this_thread::sleep_for(wait);
            }
            limiter_.acquire();
            const auto now = Clock::now();
            if (now >= deadline) {
                last = ErrorInfo{TCSS_ETIMEOUT, "the call's timeout of " + ms_text(timeout_) + " ran out", "", "", "", 0, 0};
                break;
            }
            const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now);
            // A fresh timestamp and signature for every attempt.
            Signed s = sign_request(body, static_cast<std::int64_t>(std::time(nullptr)));
            log(TCSS_LOG_DEBUG, redactor, "> POST " + endpoint_.url + " (attempt " + std::to_string(attempt) + ")");
            for (const auto &h : s.masked_headers) log(TCSS_LOG_DEBUG, redactor, "> " + h);
            log(TCSS_LOG_DEBUG, redactor, "> " + masked_body);

            HttpResponse resp;
            TransportFailure fail;
            const auto started = Clock::now();
            bool ok = transport_.post(endpoint_.url, s.headers, body,
                                      connect_timeout_ < remaining ? connect_timeout_ : remaining,
                                      remaining < milliseconds(1) ? milliseconds(1) : remaining, resp, fail);
            if (!ok) {
                log(TCSS_LOG_DEBUG, redactor, "< " + fail.message);
                last = ErrorInfo{fail.code, fail.message, "", "", "", resp.status, 0};
                maybe_reached = maybe_reached || fail.maybe_reached;
                if (fail.retryable) continue;
                break;
            }
            log(TCSS_LOG_DEBUG, redactor,
                "< HTTP " + std::to_string(resp.status) + " (" + ms_text(Clock::now() - started) + ")");
            log(TCSS_LOG_DEBUG, redactor, "< " + resp.body);

            ApiResponse parsed;
            if (resp.status != 200) {
                if (!parse_error_envelope(resp.body, parsed)) {
                    last = ErrorInfo{TCSS_EBADRESPONSE,
                                     "the service answered HTTP " + std::to_string(resp.status) +
                                         " without a TCSS response",
                                     "", "", "", resp.status, 0};
                    if (resp.status >= 500) {
                        maybe_reached = true;
                        continue;
                    }
                    break;
                }
            } else {
                parsed = parse_add_response(resp.body, resp.status);
            }
            if (parsed.is_error) {
                last = ErrorInfo{class_of_service_code(parsed.error_code),
                                 "the service rejected the request: " + parsed.error_code +
                                     (parsed.error_message.empty() ? "" : ": " + parsed.error_message),
                                 parsed.error_code, parsed.error_message, parsed.request_id, resp.status, 0};
                if (is_retryable_service_code(parsed.error_code)) {
                    if (parsed.error_code.rfind("InternalError", 0) == 0) maybe_reached = true;
                    continue;
                }
                break;
            }
            AddResult r;
            r.registry_id = parsed.registry_id;
            r.request_id = parsed.request_id;
            r.health_check_err = parsed.health_check_err;
            r.name_repeat_err = parsed.name_repeat_err;
            r.already_existed = !parsed.name_repeat_err.empty();
            r.attempts = attempt;
            if (r.already_existed && maybe_reached && attempt > 1)
                log(TCSS_LOG_INFO, redactor,
                    "an earlier attempt may have reached the service; registry " + std::to_string(r.registry_id) +
                        " is reported as already existing, not created twice");
            if (!r.health_check_err.empty())
                log(TCSS_LOG_WARN, redactor, "registry added, but TCSS could not reach it: " + r.health_check_err);
            return r;
        }
    } catch (Error &e) {
        last = e.info();
        if (last.attempts == 0) last.attempts = attempt;
    }
    if (last.code == 0) last = ErrorInfo{TCSS_ETIMEOUT, "the call's timeout of " + ms_text(timeout_) + " ran out", "", "", "", 0, 0};
    last.attempts = attempt;
    last.message = redactor.apply(last.message);
    last.service_message = redactor.apply(last.service_message);
    if (attempt > 1) last.message += " (after " + std::to_string(attempt) + " attempts)";
    log(TCSS_LOG_ERROR, redactor, last.message);
    throw Error(std::move(last));
}

} // namespace tcss
