#include "error.hpp"

#include <tcss/tcss.h>

namespace tcss {

void invalid(const std::string &message) { throw Error(TCSS_EINVAL, message); }

ErrorInfo ErrorInfo::of(int code, std::string message, long http_status) {
    ErrorInfo e;
    e.code = code;
    e.message = std::move(message);
    e.http_status = http_status;
    return e;
}

ErrorInfo ErrorInfo::timeout(std::string message) { return of(TCSS_ETIMEOUT, std::move(message)); }

ErrorInfo ErrorInfo::transport(int code, std::string message, long http_status) {
    return of(code, std::move(message), http_status);
}

ErrorInfo ErrorInfo::bad_response(std::string message, long http_status) {
    return of(TCSS_EBADRESPONSE, std::move(message), http_status);
}

ErrorInfo ErrorInfo::service(int code, std::string service_code, std::string service_message, std::string request_id,
                             long http_status) {
    ErrorInfo e = of(code,
                     "the service rejected the request: " + service_code +
                         (service_message.empty() ? "" : ": " + service_message),
                     http_status);
    e.service_code = std::move(service_code);
    e.service_message = std::move(service_message);
    e.request_id = std::move(request_id);
    return e;
}

}  // namespace tcss
