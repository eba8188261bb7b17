#include "engine.hpp"

#include "request_body.hpp"
#include "signer.hpp"

#include <ctime>
#include <thread>

namespace tcss {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::string ms_text(SteadyClock::duration d) {
    return std::to_string(std::chrono::duration_cast<milliseconds>(d).count()) + " ms";
}

}  // namespace

Resend may_resend(const Action &action, bool may_have_acted, bool rate_limited, bool has_settle) {
    if (rate_limited || !may_have_acted || action.retry == RetryClass::Idempotent) return Resend::Yes;
    return has_settle ? Resend::AfterRead : Resend::No;
}

// One call in flight.
struct Engine::Call {
    Call(const Action &a, CallInput &i, const Reader &r) : action(a), in(i), read(r) {}
    const Action &action;
    CallInput &in;
    const Reader &read;
    ErrorInfo last;
    bool maybe_reached = false;
    bool last_rate_limited = false;
    unsigned int attempts = 0;      // requests sent (or tried)
    unsigned int rate_limited = 0;  // ...of which RequestLimitExceeded: not counted against max_attempts
    std::optional<Reply> reply;
};

Engine::Engine(EngineConfig cfg, Transport &transport, CachingProvider &credentials, const Logger &log)
    : cfg_(std::move(cfg)), transport_(transport), credentials_(credentials), log_(log), rng_(std::random_device{}()) {}

Engine::~Engine() { zeroize(key_.data(), key_.size()); }

Redactor Engine::base_redactor() const {
    Redactor r;
    credentials_.add_secrets(r);
    std::lock_guard<std::mutex> lock(extra_mutex_);
    r.merge(extra_secrets_);
    return r;
}

void Engine::add_secrets(const Redactor &secrets) {
    std::lock_guard<std::mutex> lock(extra_mutex_);
    extra_secrets_.merge(secrets);
}

RateLimiter &Engine::limiter_for(const Action &action) {
    std::lock_guard<std::mutex> lock(limiters_mutex_);
    auto &slot = limiters_[action.name];
    if (!slot) slot = std::make_unique<RateLimiter>(cfg_.requests_per_second);
    return *slot;
}

Engine::Signed Engine::sign(const Action &action, const Credentials &creds, std::string_view body,
                            std::int64_t timestamp) const {
    SignInput in;
    in.host = cfg_.endpoint.host_header;
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
    add("Host", cfg_.endpoint.host_header, false);
    add("Content-Type", kContentType, false);
    add("X-TC-Action", action.name, false);
    add("X-TC-Version", action.version, false);
    add("X-TC-Timestamp", std::to_string(timestamp), false);
    if (!cfg_.region.empty()) add("X-TC-Region", cfg_.region, false);
    if (!creds.token.empty()) add("X-TC-Token", creds.token, true);
    if (!cfg_.language.empty()) add("X-TC-Language", cfg_.language, false);
    add("X-TC-RequestClient", kRequestClient, false);
    s.headers.emplace_back(SecretString("Authorization: ") +
                           SecretString(st.authorization.begin(), st.authorization.end()));
    s.masked_headers.push_back("Authorization: " + mask_signature(st.authorization));
    return s;
}

std::string Engine::preview(const Action &action, const CallInput &in) {
    const Credentials creds = credentials_.get(in.deadline);
    Signed s = sign(action, creds, in.body, static_cast<std::int64_t>(std::time(nullptr)));
    std::string out = "POST " + cfg_.endpoint.url + " HTTP/1.1\n";
    for (const auto &h : s.masked_headers) out += h + "\n";
    out += "\n" + in.masked_body + "\n";
    if (!cfg_.dry_run_source.empty())
        out += "# credentials: " + cfg_.dry_run_source + "; not fetched: a dry run sends nothing\n";
    return in.redactor.apply(out);
}

// Waits before every attempt but the first. False: the deadline leaves no
// room for another attempt (the last error stands).
bool Engine::pause_before_attempt(Call &c) {
    if (c.attempts == 0) return true;
    const auto now = SteadyClock::now();
    if (now >= c.in.deadline) return false;
    const auto remaining = std::chrono::duration_cast<milliseconds>(c.in.deadline - now);
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
    const std::string which = c.last_rate_limited ? "rate limited; retried until the call's timeout"
                                                  : "attempt " + std::to_string(c.attempts - c.rate_limited + 1) +
                                                        " of " + std::to_string(cfg_.max_attempts);
    log_(TCSS_LOG_INFO, c.in.redactor,
         "retrying in " + std::to_string(wait.count()) + " ms (" + which + ") after: " + c.last.message);
    std::this_thread::sleep_for(wait);
    return true;
}

// One attempt: a slot from the action's limiter, a fresh signature, the request.
Engine::Step Engine::attempt(Call &c) {
    if (!limiter_for(c.action).acquire(c.in.deadline)) {
        if (c.last.code == 0)
            c.last = ErrorInfo::timeout("the call's timeout of " + ms_text(cfg_.timeout) +
                                        " ran out waiting for the client-side rate limiter");
        return Step::Stop;
    }
    // Getting credentials (STS, the metadata service) spends the same
    // deadline; the request has what is left after it, and an attempt counts
    // only once it is about to be sent.
    const Credentials creds = credentials_.get(c.in.deadline);  // may fetch new temporary ones
    const auto remaining = std::chrono::duration_cast<milliseconds>(c.in.deadline - SteadyClock::now());
    if (remaining <= milliseconds(0)) {
        if (c.last.code == 0)
            c.last =
                ErrorInfo::timeout("the call's timeout of " + ms_text(cfg_.timeout) + " ran out getting credentials");
        return Step::Stop;
    }
    ++c.attempts;
    c.in.redactor.add(creds.secret_key);
    c.in.redactor.add(creds.token);
    Signed s = sign(c.action, creds, c.in.body, static_cast<std::int64_t>(std::time(nullptr)));
    const Redactor &r = c.in.redactor;
    log_(TCSS_LOG_DEBUG, r, "> POST " + cfg_.endpoint.url + " (attempt " + std::to_string(c.attempts) + ")");
    for (const auto &h : s.masked_headers) log_(TCSS_LOG_DEBUG, r, "> " + h);
    log_(TCSS_LOG_DEBUG, r, "> " + c.in.masked_body);

    HttpResponse resp;
    TransportFailure failure;
    const auto started = SteadyClock::now();
    const milliseconds budget = remaining < milliseconds(1) ? milliseconds(1) : remaining;
    const bool fresh = c.action.retry == RetryClass::CreateOnce;  // see Transport::post
    if (!transport_.post(cfg_.endpoint.url, s.headers, c.in.body, std::min(cfg_.connect_timeout, budget), budget, resp,
                         failure, fresh)) {
        log_(TCSS_LOG_DEBUG, r, "< " + failure.message);
        c.last = ErrorInfo::transport(failure.code, failure.message, resp.status);
        c.maybe_reached = c.maybe_reached || failure.maybe_reached;
        return failure.retryable ? retry_or_stop(c, false, failure.maybe_reached) : Step::Stop;
    }
    log_(TCSS_LOG_DEBUG, r,
         "< HTTP " + std::to_string(resp.status) + " (" + ms_text(SteadyClock::now() - started) + ")");
    log_(TCSS_LOG_DEBUG, r, "< " + resp.body);
    return interpret(c, resp);
}

// What the answer means: success, a service error, or not a TCSS answer.
Engine::Step Engine::interpret(Call &c, HttpResponse &resp) {
    if (resp.status != 200) {
        Envelope env;
        if (parse_error_envelope(resp.body, env)) return on_service_error(c, env, resp.status);
        c.last = ErrorInfo::bad_response(
            "the service answered HTTP " + std::to_string(resp.status) + " without a TCSS response", resp.status);
        if (resp.status < 500) return Step::Stop;
        c.maybe_reached = true;
        return retry_or_stop(c, false, true);
    }
    ParsedReply parsed = parse_reply(resp.body, resp.status);
    if (parsed.envelope.is_error) return on_service_error(c, parsed.envelope, resp.status);
    Reply reply;
    reply.request_id = c.in.redactor.clean(parsed.envelope.request_id);
    reply.parsed = std::move(parsed);
    reply.body = std::move(resp.body);
    reply.status = resp.status;
    reply.attempts = c.attempts;
    reply.maybe_reached = c.maybe_reached;
    reply.redactor = &c.in.redactor;
    if (c.read) c.read(reply);
    c.last = ErrorInfo();
    c.reply = std::move(reply);
    return Step::Done;
}

// Classified on the code exactly as sent; only then cleaned for display.
Engine::Step Engine::on_service_error(Call &c, const Envelope &env, long status) {
    const std::string &raw = env.error_code;
    const Redactor &r = c.in.redactor;
    c.last = ErrorInfo::service(class_of_service_code(raw), r.clean(raw), r.clean(env.error_message),
                                r.clean(env.request_id), status);
    if (!is_retryable_service_code(raw)) return Step::Stop;
    const bool internal = is_internal_error_code(raw);
    if (internal) c.maybe_reached = true;
    return retry_or_stop(c, is_rate_limit_code(raw), internal);
}

// Rate-limit answers are retried until the deadline (pause_before_attempt
// stops them); every other retryable failure up to max_attempts, and for a
// create-once action only where the service cannot have acted (or a read
// says it did not).
Engine::Step Engine::retry_or_stop(Call &c, bool rate_limited, bool may_have_acted) {
    c.last_rate_limited = rate_limited;
    if (rate_limited) {
        ++c.rate_limited;
        return Step::Retry;
    }
    if (c.attempts - c.rate_limited >= cfg_.max_attempts) return Step::Stop;
    switch (may_resend(c.action, may_have_acted, false, static_cast<bool>(c.in.settle))) {
    case Resend::Yes: return Step::Retry;
    case Resend::No: c.last.message += "; not sent again, since the service may have acted on it"; return Step::Stop;
    case Resend::AfterRead: break;
    }
    // A timeout spent what was left of the deadline (the transport is given
    // all of it): no time to read, nor to send again.
    if (c.last.code == TCSS_ETIMEOUT || SteadyClock::now() >= c.in.deadline) return Step::Stop;
    log_(TCSS_LOG_INFO, c.in.redactor,
         "the service may have acted on " + std::string(c.action.name) + "; reading before sending it again");
    if (std::optional<Reply> found = c.in.settle()) {
        found->attempts += c.attempts;
        found->maybe_reached = true;
        found->settled = true;
        c.reply = std::move(found);
        return Step::Done;
    }
    return Step::Retry;
}

void Engine::fail(Call &c) const {
    ErrorInfo last = std::move(c.last);
    if (last.code == 0) last = ErrorInfo::timeout("the call's timeout of " + ms_text(cfg_.timeout) + " ran out");
    last.attempts = c.attempts;
    last.message = c.in.redactor.apply(last.message);
    if (c.attempts > 1) last.message += " (after " + std::to_string(c.attempts) + " attempts)";
    log_(TCSS_LOG_ERROR, c.in.redactor, last.message);
    throw Error(std::move(last));
}

Reply Engine::call(const Action &action, CallInput &in, const Reader &read) {
    if (!cfg_.dry_run_source.empty())
        invalid(std::string(action.name) + ": not sent: the client was made for a dry run (dry_run), which only "
                                           "previews requests");
    Call c{action, in, read};
    try {
        while (pause_before_attempt(c)) {
            const Step step = attempt(c);
            if (step == Step::Done) return std::move(*c.reply);
            if (step == Step::Stop) break;
        }
    } catch (Error &e) {
        c.last = std::move(e.info());
    }
    fail(c);
}

}  // namespace tcss
