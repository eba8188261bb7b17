// What the two keyless sources share (keyless.hpp): STS's name rules, the
// default session name, reading temporary keys out of an answer, and when to
// fetch them again. No message carries a token or a temporary key.
#include "keyless.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "response.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>

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
} // namespace

bool is_name_char(char c) { return ascii::is_alnum(c) || std::strchr("_+=,.@-", c) != nullptr; }

void check_session_name(const std::string &v, const std::string &source) {
    const bool ok = v.size() >= 2 && v.size() <= 128 && std::all_of(v.begin(), v.end(), is_name_char);
    if (!ok)
        invalid(source + ": a role session name is 2 to 128 of A-Z a-z 0-9 _ + = , . @ - (got " +
                quote_for_message(v) + ")");
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
        throw Error(ErrorInfo::bad_response(
            what + " answered an ExpiredTime more than " + std::to_string(static_cast<int>(kMaxPlausibleLifetime / 86400)) +
                " days away; no temporary credentials live that long", 200));
    return static_cast<std::int64_t>(v);
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

} // namespace keyless
} // namespace tcss
