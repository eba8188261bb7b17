// Where requests go: the endpoint URL, split and checked. A plain http://
// endpoint is allowed for loopback hosts only (the local emulator), so a
// typo can never send a signed request in clear text across a network.
#pragma once

#include <tcss/tcss.h>

#include <string>
#include <string_view>

namespace tcss {

struct Endpoint {
    std::string url;          // normalised: scheme://host[:port]/
    std::string scheme;       // "http" or "https"
    std::string host;         // without brackets for IPv6
    std::string host_header;  // the Host header as sent and signed
    bool loopback = false;
};

inline constexpr const char *kDefaultEndpoint = TCSS_DEFAULT_ENDPOINT;

// Throws Error(TCSS_EINVAL) naming `field` and the rule broken.
Endpoint parse_endpoint(std::string_view url, const char *field = "endpoint");

bool is_loopback_host(std::string_view host);

} // namespace tcss
