// Reading what the service answered. Anything that is not a well-formed
// TCSS response is Error(TCSS_EBADRESPONSE) carrying the HTTP status — never
// a crash, whatever the bytes. The envelope (Response, Error, RequestId) is
// read here for every action; each action reads its own members from the
// Response object (AddAssetImageRegistryRegistryDetail's below).
#pragma once

#include "json.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace tcss {

// Responses larger than this are refused while still arriving.
inline constexpr std::size_t kMaxResponseBytes = 1024 * 1024;

// What every TCSS answer carries. Strings as the service sent them.
struct Envelope {
    bool is_error = false;
    std::string error_code;     // Response.Error.Code
    std::string error_message;  // Response.Error.Message
    std::string request_id;     // Response.RequestId
};

// A parsed answer: the document, its Response object and its envelope.
struct ParsedReply {
    Json root;
    const cJSON *response = nullptr;  // inside root
    Envelope envelope;
};

// Parses any action's answer: JSON with a Response object, and either a
// well-formed Error or a RequestId. `http_status` only goes into messages.
ParsedReply parse_reply(std::string_view body, long http_status);

// True when `body` is a TCSS error envelope; fills code/message/request id.
// Never throws; used to read errors out of non-200 answers.
bool parse_error_envelope(std::string_view body, Envelope &out);

// Throws Error(TCSS_EBADRESPONSE): "bad response from the service (HTTP
// <status>): <what>". For the actions' readers.
[[noreturn]] void bad_response(long http_status, const std::string &what);

// A non-negative integer member of `object` inside `body`. A member of the
// Response object is read exactly: plain digits up to 2^63-1 from the
// number's own text; other spellings cJSON accepts (1e3, 12.0), and members
// deeper down, only below 2^53, where the double is exact. `what` names it
// in messages.
long long read_id(std::string_view body, const ParsedReply &reply, const cJSON *object, const cJSON *member,
                  const char *what, long http_status);

// AddAssetImageRegistryRegistryDetail's answer.
struct ApiResponse : Envelope {
    long long registry_id = 0;
    std::string health_check_err;
    std::string name_repeat_err;
};

ApiResponse read_add_response(std::string_view body, const ParsedReply &reply, long http_status);
// parse_reply, then read_add_response (an error envelope comes back as is).
ApiResponse parse_add_response(std::string_view body, long http_status);

}  // namespace tcss
