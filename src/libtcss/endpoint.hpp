// Where requests go: the endpoint URL, split and checked. A plain http://
// endpoint is allowed for literal loopback addresses and `localhost` only
// (the local emulator), so a typo can never send a signed request in clear
// text across a network. split_url() is the one URL splitter of the core:
// the endpoint and the API's Url/WebhookUrl checks both use it.
#pragma once

#include <tcss/tcss.h>

#include <string>
#include <string_view>

namespace tcss {

struct UrlParts {
    std::string scheme;          // lower-case: "http" or "https"
    std::string host;            // without the brackets of an IPv6 literal
    bool ipv6 = false;           // written as [address]
    std::string_view authority;  // host[:port] as written
    std::string_view port;       // the digits after ':', empty when absent
    unsigned long port_number = 0;
    std::string_view rest;  // path, query and fragment: "" or from '/', '?' or '#'
};

// Splits "http(s)://host[:port][/path...]". Returns nullptr on success, or
// the rule broken ("has an invalid port", ...) for the caller's message.
// Refused: another scheme, user information, spaces, backslashes or control
// characters in the authority, an empty host, brackets that do not hold an
// IPv6 address, a second ':' outside brackets, a port that is not 1..65535.
const char *split_url(std::string_view url, UrlParts &out);

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

// Literal loopback only: 127.0.0.0/8 in dotted-quad form, ::1 (an IPv6
// literal, `ipv6` true), and `localhost`, which libcurl resolves to loopback
// without asking DNS. "localhost." is a DNS name and is not loopback.
bool is_loopback_host(std::string_view host, bool ipv6);

}  // namespace tcss
