// Internal to scan/: a buffered writer that escapes untrusted text for JSON
// and XML, so every report is valid whatever a string holds (cleaned text
// normally, but the writers do not rely on it).
//
// JSON strings: '"', '\\' and every C0 control escaped, DEL, C1 controls and
// U+2028/U+2029 written \uXXXX, invalid UTF-8 written U+FFFD.
// XML 1.0 text and attribute values: & < > " ' as entities (so "]]>" is
// harmless), tab, LF and CR as character references, other C0 controls
// (which XML 1.0 forbids even as references) written as the visible text
// \xNN, DEL and C1 controls as references, U+FFFE/U+FFFF and invalid UTF-8
// written U+FFFD.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace tcss::scan::detail {

// The longest prefix of `s` of at most `max` bytes that ends on a code
// point boundary.
std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept;

class Sink {
  public:
    explicit Sink(std::ostream &out) : out_(out) { buf_.reserve(kChunk + 256); }
    ~Sink() { flush(); }
    Sink(const Sink &) = delete;
    Sink &operator=(const Sink &) = delete;

    Sink &raw(std::string_view s) {
        buf_.append(s.data(), s.size());
        if (buf_.size() >= kChunk) flush();
        return *this;
    }
    Sink &operator<<(std::string_view s) { return raw(s); }
    Sink &number(unsigned long long n) { return raw(std::to_string(n)); }
    // "text" with JSON escaping, quotes included.
    Sink &json(std::string_view s);
    // "k": and ,"k": for a key the writer spells (not escaped).
    Sink &key(std::string_view k) { return raw("\"").raw(k).raw("\":"); }
    Sink &next(std::string_view k) { return raw(",").key(k); }
    // Escaped for XML text or an attribute value (no quotes added).
    Sink &xml(std::string_view s);
    void flush();

  private:
    static constexpr std::size_t kChunk = 64 * 1024;
    template <typename F>
    void each_code_point(std::string_view s, F write);
    void json_code_point(long cp, std::string_view bytes);
    void xml_code_point(long cp, std::string_view bytes);
    std::ostream &out_;
    std::string buf_;
};

}  // namespace tcss::scan::detail
