// The library's one exception type and the per-thread last error that the
// C boundary fills from it.
#pragma once

#include <stdexcept>
#include <string>

namespace tcss {

struct ErrorInfo {
    int code = 0;                 // tcss_error_code
    std::string message;          // never holds a secret
    std::string service_code;     // e.g. "AuthFailure.SignatureFailure"
    std::string service_message;
    std::string request_id;
    long http_status = 0;
    unsigned int attempts = 0;
};

class Error : public std::exception {
  public:
    Error(int code, std::string message) { info_.code = code; info_.message = std::move(message); }
    explicit Error(ErrorInfo info) : info_(std::move(info)) {}
    const char *what() const noexcept override { return info_.message.c_str(); }
    int code() const noexcept { return info_.code; }
    const ErrorInfo &info() const noexcept { return info_; }
    ErrorInfo &info() noexcept { return info_; }

  private:
    ErrorInfo info_;
};

// Shorthand for the common "the caller passed something wrong" case.
[[noreturn]] void invalid(const std::string &message);

} // namespace tcss
