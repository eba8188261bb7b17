#include "scan/text_sink.hpp"

#include "validate.hpp"

namespace tcss::scan::detail {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// `prefix`, `cp` in `width` lower-case hex digits, `suffix`.
void append_hex(std::string &out, const char *prefix, long cp, int width, const char *suffix) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += prefix;
    for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
    out += suffix;
}

}  // namespace

std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept {
    if (s.size() <= max) return s;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

void Sink::flush() {
    if (buf_.empty()) return;
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
}

void Sink::json_code_point(long cp, std::string_view bytes) {
    switch (cp) {
    case '"': buf_ += "\\\""; return;
    case '\\': buf_ += "\\\\"; return;
    case '\n': buf_ += "\\n"; return;
    case '\r': buf_ += "\\r"; return;
    case '\t': buf_ += "\\t"; return;
    default: break;
    }
    if (cp < 0)
        buf_ += kReplacement;
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
        append_hex(buf_, "\\u", cp, 4, "");
    else
        buf_.append(bytes.data(), bytes.size());
}

template <typename F>
void Sink::each_code_point(std::string_view s, F write) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const long cp = next_code_point(s, i);
        (this->*write)(cp, s.substr(start, i - start));
        if (buf_.size() >= kChunk) flush();
    }
}

Sink &Sink::json(std::string_view s) {
    buf_ += '"';
    each_code_point(s, &Sink::json_code_point);
    buf_ += '"';
    return *this;
}

void Sink::xml_code_point(long cp, std::string_view bytes) {
    switch (cp) {
    case '&': buf_ += "&amp;"; return;
    case '<': buf_ += "&lt;"; return;
    case '>': buf_ += "&gt;"; return;
    case '"': buf_ += "&quot;"; return;
    case '\'': buf_ += "&apos;"; return;
    case '\t':
    case '\n':
    case '\r': append_hex(buf_, "&#x", cp, 1, ";"); return;
    default: break;
    }
    if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
        buf_ += kReplacement;
    else if (cp < 0x20)
        append_hex(buf_, "\\x", cp, 2, "");
    else if (cp >= 0x7f && cp <= 0x9f)
        append_hex(buf_, "&#x", cp, 2, ";");
    else
        buf_.append(bytes.data(), bytes.size());
}

Sink &Sink::xml(std::string_view s) {
    each_code_point(s, &Sink::xml_code_point);
    return *this;
}

}  // namespace tcss::scan::detail
