// What the two keyless sources share (keyless.hpp): STS's name rules, the
// default session name, reading temporary keys out of an answer, and when to
// fetch them again. No message carries a token or a temporary key.
#include "keyless.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "redact.hpp"
#include "response.hpp"
#include "retry.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <random>
#include <thread>
#include <unordered_set>

namespace tcss {

std::string default_session_name(const GetEnv &env) {
    for (const char *name : {"CI_JOB_ID", "BUILD_TAG", "CI_PIPELINE_NUMBER", "GITHUB_RUN_ID"}) {
        const char *v = env(name);
        if (!is_set(v)) continue;
        std::string s = std::string("tcss-") + v;
        if (s.size() > 64) s.resize(64);
        for (char &ch : s)
            if (!keyless::is_name_char(ch)) ch = '-';
        return s;
    }
    return "tcss-" + std::to_string(static_cast<long long>(std::time(nullptr)));
}

namespace keyless {

namespace {
// STS issues at most 12 hours (43200 s) and a CVM role's keys live hours; a
// week is beyond any real lifetime and still far below 2^53.
constexpr double kMaxPlausibleLifetime = 7 * 86400.0;
}  // namespace

bool is_name_char(char c) { return ascii::is_alnum(c) || std::strchr("_+=,.@-", c) != nullptr; }

void check_session_name(const std::string &v, const std::string &source) {
    const bool ok = v.size() >= 2 && v.size() <= 128 && std::all_of(v.begin(), v.end(), is_name_char);
    if (!ok)
        invalid(source + ": a role session name is 2 to 128 of A-Z a-z 0-9 _ + = , . @ - (got " + quote_for_message(v) +
                ")");
}

SecretJson parse_secret_json(std::string_view body) {
    if (body.size() > kMaxResponseBytes) return nullptr;
    return SecretJson(cJSON_ParseWithLength(body.data(), body.size()));
}

Credentials temp_credentials(const cJSON *c, const std::string &what) {
    const std::string id = json_string(c, "TmpSecretId");
    const SecretString key = json_secret(c, "TmpSecretKey"), token = json_secret(c, "Token");
    if (id.empty() || key.empty() || token.empty())
        credentials_error(what + " answered without TmpSecretId, TmpSecretKey and Token");
    Credentials out = make_credentials(id, key, token, what, what + ": TmpSecretId");
    check_session_token(out.token, what + ": Token");
    return out;
}

std::int64_t expired_time(const cJSON *obj, const std::string &what) {
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(obj, "ExpiredTime");
    if (!cJSON_IsNumber(exp) || exp->valuedouble < 1) credentials_error(what + " answered without ExpiredTime");
    // Compared as doubles first: 1e300 or 2^63 must never reach the cast.
    const double v = exp->valuedouble, now = static_cast<double>(std::time(nullptr));
    if (!(v > now))
        throw Error(ErrorInfo::bad_response(what + " answered an ExpiredTime that is not in the future", 200));
    if (v > now + kMaxPlausibleLifetime)
        throw Error(ErrorInfo::bad_response(what + " answered an ExpiredTime more than " +
                                                std::to_string(static_cast<int>(kMaxPlausibleLifetime / 86400)) +
                                                " days away; no temporary credentials live that long",
                                            200));
    return static_cast<std::int64_t>(v);
}

int sts_error_class(std::string_view code) {
    if (is_rate_limit_code(code)) return TCSS_ERATELIMIT;
    if (is_internal_error_code(code)) return TCSS_EBADRESPONSE;
    return TCSS_ECREDENTIALS;
}

bool sts_transient(const ErrorInfo &e) {
    if (e.code == TCSS_ERATELIMIT || is_internal_error_code(e.service_code)) return true;
    // An answer that is no STS envelope from a proxy or load balancer.
    return e.service_code.empty() && e.code == TCSS_EBADRESPONSE && e.http_status >= 500;
}

TempCredentials sts_call(const ExchangeContext &x, const std::string &url, const std::string &what,
                         const std::function<std::vector<SecretString>()> &headers, const SecretString &body,
                         const std::function<TempCredentials(const HttpResponse &)> &parse) {
    using std::chrono::milliseconds;
    const unsigned int max_attempts = x.max_attempts == 0 ? 1 : x.max_attempts;
    const Backoff backoff;
    std::mt19937_64 rng(std::random_device{}());
    for (unsigned int attempt = 1;; ++attempt) {
        std::optional<Error> failed;
        bool retry = false;
        WipedResponse w;
        TransportFailure f;
        const milliseconds left = budget(x.deadline, x.timeout);
        if (!x.transport.post(url, headers(), body, std::min(x.connect_timeout, left), left, w.r, f)) {
            // Not a refusal: the transport's own class (network, TLS, timeout).
            failed.emplace(ErrorInfo::transport(f.code, what + " failed: " + f.message, w.r.status));
            retry = f.retryable;
        } else {
            x.log(TCSS_LOG_DEBUG, "< HTTP " + std::to_string(w.r.status) + " from STS (body not shown: it holds keys)");
            try {
                return parse(w.r);
            } catch (Error &e) {
                if (!sts_transient(e.info())) throw;
                failed.emplace(std::move(e));
                retry = true;
            }
        }
        failed->info().attempts = attempt;
        const milliseconds remaining =
            std::chrono::duration_cast<milliseconds>(x.deadline - std::chrono::steady_clock::now());
        if (!retry) throw *failed;
        std::optional<milliseconds> wait;
        if (failed->code() == TCSS_ERATELIMIT) {
            wait = backoff.rate_limited_delay(remaining, rng);
        } else if (attempt < max_attempts) {
            wait = backoff.delay(attempt + 1, rng);
            if (*wait + backoff.attempt_reserve >= remaining) wait.reset();
        }
        if (!wait || attempt >= max_attempts) {
            if (attempt > 1) failed->info().message += " (after " + std::to_string(attempt) + " attempts)";
            throw *failed;
        }
        x.log(TCSS_LOG_INFO, what + ": retrying in " + std::to_string(wait->count()) + " ms (attempt " +
                                 std::to_string(attempt + 1) + " of " + std::to_string(max_attempts) +
                                 ") after: " + failed->info().message);
        std::this_thread::sleep_for(*wait);
    }
}

std::string mask_pieces(std::string_view text, std::string_view secret) {
    constexpr std::size_t kPiece = 12;
    std::vector<bool> masked(text.size(), false);
    auto mark = [&](std::string_view piece) {
        if (piece.size() < Redactor::kMinLength) return;
        for (std::size_t at = text.find(piece); at != std::string_view::npos; at = text.find(piece, at + 1))
            std::fill(masked.begin() + static_cast<std::ptrdiff_t>(at),
                      masked.begin() + static_cast<std::ptrdiff_t>(at + piece.size()), true);
    };
    // Each JWT segment whole, however short.
    for (std::size_t start = 0; start <= secret.size();) {
        const std::size_t dot = std::min(secret.find('.', start), secret.size());
        if (dot != secret.size() || start != 0) mark(secret.substr(start, dot - start));
        start = dot + 1;
    }
    // Every 12-byte window of the secret found in the text.
    if (secret.size() >= kPiece && text.size() >= kPiece) {
        std::unordered_set<std::string_view> windows;
        for (std::size_t i = 0; i + kPiece <= secret.size(); ++i) windows.insert(secret.substr(i, kPiece));
        for (std::size_t i = 0; i + kPiece <= text.size(); ++i)
            if (windows.count(text.substr(i, kPiece)) != 0)
                std::fill(masked.begin() + static_cast<std::ptrdiff_t>(i),
                          masked.begin() + static_cast<std::ptrdiff_t>(i + kPiece), true);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (!masked[i]) {
            out += text[i++];
            continue;
        }
        while (i < text.size() && masked[i]) ++i;
        out += "********";
    }
    return out;
}

void add_token(Redactor &r, std::string_view token) {
    r.add(token);
    for (std::size_t start = 0; start < token.size();) {
        const std::size_t dot = std::min(token.find('.', start), token.size());
        if (dot != token.size() || start != 0) r.add(token.substr(start, dot - start));
        start = dot + 1;
    }
}

std::int64_t refresh_time(std::int64_t expired, std::int64_t margin) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    const std::int64_t half = expired > now ? (expired - now) / 2 : 0;
    return expired - std::min(margin, half);
}

std::chrono::milliseconds budget(Deadline deadline, std::chrono::milliseconds cap) {
    using std::chrono::milliseconds;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left > cap) left = cap;
    return left < milliseconds(1) ? milliseconds(1) : left;
}

}  // namespace keyless
}  // namespace tcss
