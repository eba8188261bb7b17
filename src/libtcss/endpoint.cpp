#include "endpoint.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <arpa/inet.h>

namespace tcss {
namespace {

constexpr const char *kNotHttpUrl = "must be an http:// or https:// URL with a host";

// "[addr]" or "[addr]:port": the brackets must hold an IPv6 address.
const char *split_bracketed(std::string_view authority, UrlParts &out) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return "has an invalid IPv6 host";
    out.host = std::string(authority.substr(1, close - 1));
    unsigned char buf[16];
    if (inet_pton(AF_INET6, out.host.c_str(), buf) != 1)
        return "has an invalid IPv6 host (brackets hold an IPv6 address only)";
    out.ipv6 = true;
    const std::string_view after = authority.substr(close + 1);
    if (after.empty()) return nullptr;
    if (after.front() != ':') return "has junk after the IPv6 host";
    out.port = after.substr(1);
    if (out.port.empty()) return "has an invalid port";
    return nullptr;
}

const char *check_port(UrlParts &out) {
    if (out.port.empty()) return nullptr;
    if (out.port.size() > 5 || !ascii::all_digits(out.port)) return "has an invalid port";
    unsigned long n = 0;
    for (char c : out.port) n = n * 10 + static_cast<unsigned long>(c - '0');
    if (n == 0 || n > 65535) return "port must be between 1 and 65535";
    out.port_number = n;
    return nullptr;
}

}  // namespace

const char *split_url(std::string_view url, UrlParts &out) {
    out = UrlParts();
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) return kNotHttpUrl;
    out.scheme = ascii::lower(url.substr(0, sep));
    if (out.scheme != "http" && out.scheme != "https") return kNotHttpUrl;
    const std::string_view rest = url.substr(sep + 3);
    const auto end = rest.find_first_of("/?#");
    out.authority = rest.substr(0, end);
    out.rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (out.authority.find('@') != std::string_view::npos) return "must not contain user information";
    for (char c : out.authority)
        if (c == ' ' || c == '\\' || ascii::is_control(c))
            return "must not contain spaces, backslashes or control characters in the host";
    if (!out.authority.empty() && out.authority.front() == '[') {
        if (const char *rule = split_bracketed(out.authority, out)) return rule;
    } else {
        const auto colon = out.authority.find(':');
        out.host = std::string(out.authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            out.port = out.authority.substr(colon + 1);
            if (out.port.empty()) return "has an invalid port";
        }
        if (out.host.find_first_of("[]") != std::string::npos) return "has an invalid host";
    }
    if (out.host.empty()) return kNotHttpUrl;
    return check_port(out);
}

bool is_loopback_host(std::string_view host, bool ipv6) {
    const std::string h(host);
    unsigned char buf[16];
    if (ipv6) {
        static const unsigned char v6loop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        if (inet_pton(AF_INET6, h.c_str(), buf) != 1) return false;
        for (int i = 0; i < 16; ++i)
            if (buf[i] != v6loop[i]) return false;
        return true;
    }
    if (ascii::lower(h) == "localhost") return true;
    return inet_pton(AF_INET, h.c_str(), buf) == 1 && buf[0] == 127;
}

Endpoint parse_endpoint(std::string_view url, const char *field) {
    auto fail = [&](const std::string &rule) {
        invalid(std::string(field) + ": " + rule + " (got " + quote_for_message(url) + ")");
    };
    if (url.empty()) fail("must not be empty");
    for (char c : url)
        if (c == ' ' || ascii::is_control(c)) fail("must not contain spaces or control characters");
    UrlParts parts;
    if (const char *rule = split_url(url, parts)) fail(rule);
    if (!parts.rest.empty() && parts.rest != "/") fail("must not have a path, query or fragment: the API lives at /");
    for (char c : parts.host)
        if (!ascii::is_alnum(c) && c != '.' && c != '-' && c != '_' && !(parts.ipv6 && c == ':'))
            fail("must name the host in ASCII letters, digits, '.', '-' or an IPv6 literal");
    Endpoint ep;
    ep.scheme = parts.scheme;
    ep.host = parts.host;
    ep.loopback = is_loopback_host(parts.host, parts.ipv6);
    if (ep.scheme == "http" && !ep.loopback)
        fail("plain http:// is only allowed for a literal loopback address (127.0.0.0/8, [::1]) or localhost; "
             "use https://");
    // Sent and signed alike: the signer lower-cases header values (the TC3
    // rule), so the Host header is sent lower-cased too (issue 22, item 8).
    ep.host_header = ascii::lower(parts.authority);
    ep.url = ep.scheme + "://" + ep.host_header + "/";
    return ep;
}

}  // namespace tcss
