// HTTPS through libcurl. One Transport per client holds a pool of easy
// handles, so connections are reused across calls and threads (a handle is
// used by one thread at a time). TLS peer and host verification are always
// on; only the CA bundle can be chosen.
#pragma once

#include "secret.hpp"

#include <tcss/tcss.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcss {

// Who is calling: the User-Agent of every request, and the
// X-TC-RequestClient of the API and STS calls, which the official SDKs only
// accept as ^[0-9a-zA-Z-_ ,;.]+$ (no '/').
inline constexpr const char *kUserAgent = "libtcss/" TCSS_VERSION_STRING;
inline constexpr const char *kRequestClient = "libtcss_" TCSS_VERSION_STRING;

struct TransportConfig {
    std::string ca_file;               // empty: the system store
    std::optional<std::string> proxy;  // nullopt: libcurl's environment handling
    std::string user_agent;
};

struct HttpResponse {
    long status = 0;
    std::string body;
};

struct TransportFailure {
    int code = 0;         // tcss_error_code
    std::string message;  // no secrets: built from curl's error text
    bool retryable = false;
    bool maybe_reached = false;  // the request may have been processed
};

class Transport {
  public:
    explicit Transport(TransportConfig config);
    ~Transport();
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    // POSTs `body` with `headers` ("Name: value"). Returns true with the
    // response, or false with the failure. Never throws for network errors
    // (only std::bad_alloc). `fresh`: on a new connection, never a kept-alive
    // one, since libcurl silently sends a request again when a reused
    // connection dies before any answer, and a create-once request must go
    // out exactly once per attempt.
    bool post(const std::string &url, const std::vector<SecretString> &headers, std::string_view body,
              std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout, HttpResponse &response,
              TransportFailure &failure, bool fresh = false);
    // The same as a GET (the CVM metadata service).
    bool get(const std::string &url, const std::vector<SecretString> &headers,
             std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout, HttpResponse &response,
             TransportFailure &failure);

  private:
    bool perform(const std::string &url, const std::vector<SecretString> &headers, const std::string_view *body,
                 std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout, HttpResponse &response,
                 TransportFailure &failure, bool fresh);
    struct Handle;
    std::unique_ptr<Handle> take();
    void give_back(std::unique_ptr<Handle> h);

    TransportConfig config_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Handle>> idle_;
};

// Initialises libcurl once per process (thread-safe).
void ensure_curl_initialised();

}  // namespace tcss
