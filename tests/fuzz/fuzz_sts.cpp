// libFuzzer target: STS's and the metadata service's answers (issue 21: an
// ExpiredTime of 1e300, 9.3e18 or 1e999 once reached an int64 cast, which is
// undefined behaviour). Any body must give temporary credentials that expire
// in the future and within a week, or tcss::Error of a credentials, rate
// limit or bad-response class whose texts never hold the web identity token
// or any 12-byte piece of it. Built with UBSan in sanitizer builds.
#include "credentials.hpp"
#include "error.hpp"
#include "keyless.hpp"

#include <tcss/tcss.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

namespace {

const char *const kToken =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmdXp6LXN1YmplY3QtMDEyMzQ1In0.ZnV6ei1zaWduYXR1cmUtYWJjZGVmZ2hpams";

bool leaks(const std::string &text) {
    const std::string_view t(kToken);
    for (std::size_t i = 0; i + 12 <= t.size(); ++i)
        if (text.find(t.substr(i, 12)) != std::string::npos) return true;
    return false;
}

void check(const tcss::Fetched &f) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (f.expired_time <= now - 5 || f.expired_time > now + 8 * 86400) std::abort();
    if (f.refresh_at > f.expired_time) std::abort();
    if (f.creds.secret_id.empty() || f.creds.secret_key.empty() || f.creds.token.empty()) std::abort();
}

// `sts`: the answer came back for the web identity token, which must never
// show; a metadata answer never saw it (whatever it says is its own).
void check(const tcss::Error &e, bool sts) {
    const int c = e.code();
    if (c != TCSS_ECREDENTIALS && c != TCSS_ERATELIMIT && c != TCSS_EBADRESPONSE) std::abort();
    const tcss::ErrorInfo &i = e.info();
    if (sts && (leaks(i.message) || leaks(i.service_code) || leaks(i.service_message) || leaks(i.request_id)))
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    // First byte: which parser and the HTTP status; the rest: the body.
    if (size == 0) return 0;
    const std::string_view body(reinterpret_cast<const char *>(data) + 1, size - 1);
    const long status = (data[0] & 1) != 0 ? 200 : 500 + (data[0] >> 1) % 10;
    tcss::WebIdentityConfig cfg;
    cfg.role_arn = "qcs::cam::uin/1:roleName/fuzz";
    cfg.token = kToken;
    cfg.token_source = "fuzz";
    cfg.sts.url = "https://sts.tencentcloudapi.com/";
    try {
        if ((data[0] & 2) != 0)
            check(tcss::parse_metadata_credentials(body, "fuzz-role"));
        else
            check(tcss::parse_sts_response(body, status, cfg));
    } catch (const tcss::Error &e) {
        check(e, (data[0] & 2) == 0);
    }
    return 0;
}
