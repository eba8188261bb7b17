#include "scan/image_ref.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

namespace tcss::scan {

namespace {

constexpr std::size_t kMaxNameBytes = 255;
constexpr std::size_t kMaxTagBytes = 128;
constexpr std::string_view kForm = " (expected HOST[:PORT]/PATH:TAG, HOST/PATH@sha256:DIGEST or both)";

[[noreturn]] void refuse(const std::string &rule, std::string_view got) {
    invalid("--image: " + rule + " (got " + quote_for_message(got) + ")");
}

// domain-component: [A-Za-z0-9] or [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9].
bool domain_component(std::string_view c) {
    if (c.empty() || c.front() == '-' || c.back() == '-') return false;
    for (char ch : c)
        if (!ascii::is_alnum(ch) && ch != '-') return false;
    return true;
}

bool port_ok(std::string_view p) { return p.size() <= 5 && ascii::all_digits(p); }

bool ipv6_ok(std::string_view h) {  // "[...]" with hex digits, ':' and '.'
    if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
    for (char c : h.substr(1, h.size() - 2))
        if (!ascii::is_hex(c) && c != ':' && c != '.') return false;
    return h.find(':') != std::string_view::npos;
}

bool host_ok(std::string_view host) {
    std::string_view name = host;
    const std::size_t colon = host.rfind(':');
    const std::size_t bracket = host.rfind(']');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        if (!port_ok(host.substr(colon + 1))) return false;
        name = host.substr(0, colon);
    }
    if (!name.empty() && name.front() == '[') return ipv6_ok(name);
    for (std::size_t start = 0;;) {
        const std::size_t dot = name.find('.', start);
        if (!domain_component(name.substr(start, dot - start))) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

// path-component: [a-z0-9]+ joined by '.', '_', "__" or any run of '-'.
bool path_component(std::string_view c) {
    if (c.empty()) return false;
    for (std::size_t i = 0; i < c.size();) {
        if (ascii::is_lower(c[i]) || ascii::is_digit(c[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < c.size() && c[j] == '-') ++j;
        if (j == i) j = i + ((c[i] == '_' && i + 1 < c.size() && c[i + 1] == '_') ? 2 : 1);
        const std::string_view sep = c.substr(i, j - i);
        const bool ok = sep == "." || sep == "_" || sep == "__" || sep.find_first_not_of('-') == std::string_view::npos;
        if (!ok || i == 0 || j >= c.size() || !(ascii::is_lower(c[j]) || ascii::is_digit(c[j]))) return false;
        i = j;
    }
    return true;
}

bool tag_ok(std::string_view t) {
    if (t.empty() || t.size() > kMaxTagBytes || t.front() == '.' || t.front() == '-') return false;
    for (char c : t)
        if (!ascii::is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

bool digest_ok(std::string_view d) {
    if (d.size() != 71 || d.substr(0, 7) != "sha256:") return false;
    for (char c : d.substr(7))
        if (!ascii::is_digit(c) && !(c >= 'a' && c <= 'f')) return false;
    return true;
}

void check_repository(std::string_view repo, std::string_view text) {
    for (std::size_t start = 0;;) {
        const std::size_t slash = repo.find('/', start);
        if (!path_component(repo.substr(start, slash - start)))
            refuse("each path component must be lower-case letters and digits, joined by '.', '_', '__' or "
                   "'-' (no empty component, no upper case)",
                   text);
        if (slash == std::string_view::npos) return;
        start = slash + 1;
    }
}

}  // namespace

std::string ImageRef::str() const {
    std::string out = address();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

ImageRef parse_image_ref(std::string_view text) {
    if (text.empty()) invalid("--image: must not be empty" + std::string(kForm));
    for (char c : text)
        if (!ascii::is_visible(c)) refuse("must be printable ASCII without spaces", text);
    ImageRef ref;
    std::string_view name = text;
    if (const std::size_t at = text.find('@'); at != std::string_view::npos) {
        ref.digest = std::string(text.substr(at + 1));
        if (!digest_ok(ref.digest)) refuse("the digest must be sha256: and 64 lower-case hex digits", text);
        name = text.substr(0, at);
    }
    const std::size_t colon = name.rfind(':');
    const std::size_t last_slash = name.rfind('/');
    if (colon != std::string_view::npos && last_slash != std::string_view::npos && colon > last_slash) {
        ref.tag = std::string(name.substr(colon + 1));
        if (!tag_ok(ref.tag))
            refuse("the tag must be a letter, digit or '_' then up to 127 of letters, digits, '_', '.', '-'", text);
        name = name.substr(0, colon);
    }
    const std::size_t slash = name.find('/');
    const std::string_view host = name.substr(0, slash);
    if (slash == std::string_view::npos || (host.find_first_of(".:") == std::string_view::npos && host != "localhost"))
        refuse("must start with the registry host" + std::string(kForm), text);
    if (!host_ok(host)) refuse("the registry host must be a DNS name or [IPv6] address with an optional :PORT", text);
    if (name.size() > kMaxNameBytes) refuse("host and path must be at most 255 bytes", text);
    check_repository(name.substr(slash + 1), text);
    if (ref.tag.empty() && ref.digest.empty()) refuse("needs a :TAG, an @sha256:DIGEST or both", text);
    ref.host = std::string(host);
    ref.repository = std::string(name.substr(slash + 1));
    return ref;
}

namespace {

std::string_view row_address(std::string_view a) {
    for (std::string_view scheme : {"https://", "http://"})
        if (a.size() > scheme.size() && ascii::iequals(a.substr(0, scheme.size()), scheme))
            a.remove_prefix(scheme.size());
    while (!a.empty() && a.back() == '/') a.remove_suffix(1);
    return a;
}

bool address_matches(const ImageRef &ref, std::string_view address) {
    address = row_address(address);
    const std::size_t slash = address.find('/');
    if (slash == std::string_view::npos) return false;
    return ascii::iequals(address.substr(0, slash), ref.host) && address.substr(slash + 1) == ref.repository;
}

}  // namespace

RowMatch match_row(const ImageRef &ref, const ImageRow &row) {
    if (!address_matches(ref, row.repo_address)) return RowMatch::None;
    if (!ref.digest.empty()) return ascii::iequals(row.digest, ref.digest) ? RowMatch::Digest : RowMatch::None;
    return row.tag == ref.tag ? RowMatch::Tag : RowMatch::None;
}

std::size_t select_row(const ImageRef &ref, const std::vector<ImageRow> &rows) {
    std::size_t first_tag = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RowMatch m = match_row(ref, rows[i]);
        if (m == RowMatch::Digest || (m == RowMatch::Tag && rows[i].is_latest)) return i;
        if (m == RowMatch::Tag && first_tag == rows.size()) first_tag = i;
    }
    return first_tag;
}

}  // namespace tcss::scan
