// Locale-independent ASCII character tests. <cctype> depends on the C locale
// a host program may have set and is undefined for negative chars; these are
// neither. The one set every parser in the core uses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tcss::ascii {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(char c) noexcept { return is_upper(c) || is_lower(c); }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// C0 controls and DEL.
constexpr bool is_control(char c) noexcept { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
constexpr char to_lower(char c) noexcept { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
// Space or horizontal tab: the blanks INI lines and HTTP header values trim.
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
// Printable ASCII other than space (0x21..0x7e).
constexpr bool is_visible(char c) noexcept { return c > 0x20 && c < 0x7f; }
// JSON white space (RFC 8259): space, tab, LF, CR.
constexpr bool is_json_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// ASCII case-insensitive equality (bytes >= 0x80 compare exactly).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out) c = to_lower(c);
    return out;
}

inline bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

inline bool has_control(std::string_view s) noexcept {
    for (char c : s)
        if (is_control(c)) return true;
    return false;
}

// True when every byte of `s` is JSON white space ("" included).
inline bool all_json_ws(std::string_view s) noexcept {
    for (char c : s)
        if (!is_json_ws(c)) return false;
    return true;
}

}  // namespace tcss::ascii
