// The library's one exception type and the per-thread last error that the
// C boundary fills from it.
#pragma once

#include <stdexcept>
#include <string>

namespace tcss {

struct ErrorInfo {
    int code = 0;              // tcss_error_code
    std::string message;       // never holds a secret
    std::string service_code;  // e.g. "AuthFailure.SignatureFailure"
    std::string service_message;
    std::string request_id;
    long http_status = 0;
    unsigned int attempts = 0;

    // Named constructors, one per kind of failure, so no caller spells out
    // the fields positionally.
    static ErrorInfo of(int code, std::string message, long http_status = 0);
    // The call's deadline ran out (TCSS_ETIMEOUT).
    static ErrorInfo timeout(std::string message);
    // A transport failure (network, timeout, TLS, truncated answer...).
    static ErrorInfo transport(int code, std::string message, long http_status);
    // An answer that is not a TCSS response (TCSS_EBADRESPONSE).
    static ErrorInfo bad_response(std::string message, long http_status);
    // A service error envelope; `code` is the library class of service_code.
    // Every string must already be cleaned (Redactor::clean).
    static ErrorInfo service(int code, std::string service_code, std::string service_message, std::string request_id,
                             long http_status);
};

class Error : public std::exception {
  public:
    Error(int code, std::string message) {
        info_.code = code;
        info_.message = std::move(message);
    }
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

// Options and spec structs: libgit2's rule, every version from 1 to the
// library's current one is accepted, so a caller compiled against an older
// 1.x header keeps working with a newer library.
bool struct_version_known(unsigned int version, unsigned int current) noexcept;

// Test hooks for the C boundary (tests only; never exported from the shared
// library). When set, the hook is asked before each allocation the C
// boundary makes ("client", "result", "string", "error"); returning true
// makes that allocation fail as if memory had run out.
namespace test_hooks {
using AllocFailHook = bool (*)(const char *where);
void set_alloc_fail_hook(AllocFailHook hook) noexcept;
}  // namespace test_hooks

}  // namespace tcss
