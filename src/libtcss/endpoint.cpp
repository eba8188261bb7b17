#include "endpoint.hpp"

#include "error.hpp"
#include "validate.hpp"

#include <tcss/tcss.h>

#include <arpa/inet.h>
#include <cctype>

namespace tcss {

bool is_loopback_host(std::string_view host) {
    std::string h(host);
    for (auto &c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (h == "localhost" || h == "localhost.") return true;
    unsigned char buf[16];
    if (inet_pton(AF_INET, h.c_str(), buf) == 1) return buf[0] == 127;
    if (inet_pton(AF_INET6, h.c_str(), buf) == 1) {
        static const unsigned char v6loop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        for (int i = 0; i < 16; ++i)
            if (buf[i] != v6loop[i]) return false;
        return true;
    }
    return false;
}

Endpoint parse_endpoint(std::string_view url, const char *field) {
    const std::string shown = quote_for_message(url);
    auto fail = [&](const std::string &rule) -> void {
        invalid(std::string(field) + ": " + rule + " (got " + shown + ")");
    };
    if (url.empty()) fail("must not be empty");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) fail("must not contain spaces or control characters");
    Endpoint ep;
    auto sep = url.find("://");
    if (sep == std::string_view::npos) fail("must start with https:// (or http:// for a loopback host)");
    std::string scheme(url.substr(0, sep));
    for (auto &c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http" && scheme != "https") fail("scheme must be https (or http for a loopback host)");
    std::string_view rest = url.substr(sep + 3);
    auto slash = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, slash);
    std::string_view tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (!tail.empty() && tail != "/") fail("must not have a path, query or fragment: the API lives at /");
    if (authority.find('@') != std::string_view::npos) fail("must not contain user information");
    std::string host;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) fail("has an unterminated IPv6 address");
        host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') fail("has junk after the IPv6 address");
            port = after.substr(1);
        }
    } else {
        auto colon = authority.rfind(':');
        host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (host.empty()) fail("must name a host");
    if (port.data() != nullptr && (port.empty() || port.size() > 5)) fail("has an invalid port");
    unsigned long portnum = 0;
    for (char c : port) {
        if (!std::isdigit(static_cast<unsigned char>(c))) fail("has an invalid port");
        portnum = portnum * 10 + static_cast<unsigned long>(c - '0');
    }
    if (!port.empty() && (portnum == 0 || portnum > 65535)) fail("port must be between 1 and 65535");
    ep.scheme = scheme;
    ep.host = host;
    ep.loopback = is_loopback_host(host);
    if (scheme == "http" && !ep.loopback)
        fail("plain http:// is only allowed for a loopback host (127.0.0.1, ::1, localhost); use https://");
    ep.host_header = std::string(authority);
    ep.url = scheme + "://" + ep.host_header + "/";
    return ep;
}

} // namespace tcss
