// libFuzzer target: the service-response parser. Any bytes must give either
// a parsed response or tcss::Error(TCSS_EBADRESPONSE) — never a crash, a
// leak, another exception, or a negative registry id (ids up to 2^63-1 are
// read exactly from the number's text).
#include "response.hpp"

#include "error.hpp"

#include <tcss/tcss.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char *>(data), size);
    tcss::ApiResponse envelope;
    if (tcss::parse_error_envelope(body, envelope) && envelope.error_code.empty()) std::abort();
    for (long status : {200L, 502L}) {
        try {
            tcss::ApiResponse r = tcss::parse_add_response(body, status);
            if (r.is_error) {
                if (r.error_code.empty()) std::abort();
            } else if (r.request_id.empty() || r.registry_id < 0) {
                std::abort();
            }
        } catch (const tcss::Error &e) {
            if (e.code() != TCSS_EBADRESPONSE || e.info().http_status != status) std::abort();
        }
    }
    return 0;
}
