// Reading what the service answered. Anything that is not a well-formed
// TCSS response is Error(TCSS_EBADRESPONSE) carrying the HTTP status — never
// a crash, whatever the bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tcss {

// Responses larger than this are refused while still arriving.
inline constexpr std::size_t kMaxResponseBytes = 1024 * 1024;

struct ApiResponse {
    bool is_error = false;
    std::string error_code;      // Response.Error.Code
    std::string error_message;   // Response.Error.Message
    std::string request_id;      // Response.RequestId
    long long registry_id = 0;
    std::string health_check_err;
    std::string name_repeat_err;
};

// Parses an AddAssetImageRegistryRegistryDetail answer. `http_status` only
// goes into error messages and the Error's info.
ApiResponse parse_add_response(std::string_view body, long http_status);

// True when `body` is a TCSS error envelope; fills code/message/request id.
// Never throws; used to read errors out of non-200 answers.
bool parse_error_envelope(std::string_view body, ApiResponse &out);

} // namespace tcss
