#include "redact.hpp"

#include "ascii.hpp"
#include "request_body.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tcss {

namespace {

constexpr std::size_t npos = std::string::npos;
constexpr std::string_view kTruncated = "...[truncated]";

int hex_value(char c) noexcept {
    if (ascii::is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One decoded character: its bytes (a code point's UTF-8, or one raw byte)
// and where it ends in the text. Lives on the stack: never in the heap.
struct Unit {
    char bytes[4] = {};
    std::size_t len = 0;
    std::size_t end = 0;
    bool is(char c) const noexcept { return len == 1 && bytes[0] == c; }
};

void put_utf8(Unit &u, unsigned long cp) noexcept {
    auto b = [](unsigned long v) { return static_cast<char>(v); };
    if (cp < 0x80) {
        u.bytes[0] = b(cp);
        u.len = 1;
    } else if (cp < 0x800) {
        u.bytes[0] = b(0xc0 | (cp >> 6));
        u.bytes[1] = b(0x80 | (cp & 0x3f));
        u.len = 2;
    } else if (cp < 0x10000) {
        u.bytes[0] = b(0xe0 | (cp >> 12));
        u.bytes[1] = b(0x80 | ((cp >> 6) & 0x3f));
        u.bytes[2] = b(0x80 | (cp & 0x3f));
        u.len = 3;
    } else {
        u.bytes[0] = b(0xf0 | (cp >> 18));
        u.bytes[1] = b(0x80 | ((cp >> 12) & 0x3f));
        u.bytes[2] = b(0x80 | ((cp >> 6) & 0x3f));
        u.bytes[3] = b(0x80 | (cp & 0x3f));
        u.len = 4;
    }
}

// Reads text as `level` times JSON-escaped (0 = as is), on top of an
// optional percent-decoding. Deterministic: from a given start there is one
// reading per (level, percent) pair, so matching needs no backtracking.
class Decoder {
  public:
    Decoder(std::string_view text, bool percent) : t_(text), percent_(percent) {}

    bool next(int level, std::size_t pos, Unit &u) const {
        if (level == 0) return raw(pos, u);
        if (!next(level - 1, pos, u)) return false;
        if (!u.is('\\')) return true;
        Unit e;
        if (!next(level - 1, u.end, e) || e.len != 1) return true;  // a lone backslash
        return escape(level, e, u);
    }

  private:
    bool raw(std::size_t pos, Unit &u) const {
        if (pos >= t_.size()) return false;
        u.len = 1;
        u.bytes[0] = t_[pos];
        u.end = pos + 1;
        if (!percent_) return true;
        if (t_[pos] == '+') {
            u.bytes[0] = ' ';
        } else if (t_[pos] == '%') {
            std::size_t at =
                t_.compare(pos, 3, "%25") == 0 && hex_at(pos + 3) >= 0 && hex_at(pos + 4) >= 0 ? pos + 3 : pos + 1;
            if (hex_at(at) >= 0 && hex_at(at + 1) >= 0) {
                u.bytes[0] = static_cast<char>(hex_at(at) * 16 + hex_at(at + 1));
                u.end = at + 2;
            }
        }
        return true;
    }

    int hex_at(std::size_t pos) const { return pos < t_.size() ? hex_value(t_[pos]) : -1; }

    // `e` is the character after a backslash (read one level down). On a
    // known escape, u becomes the character it stands for.
    bool escape(int level, const Unit &e, Unit &u) const {
        static constexpr std::string_view from = "\"\\/'bfnrt", to = "\"\\/'\b\f\n\r\t";
        const char c = e.bytes[0];
        std::size_t k = from.find(c);
        if (k != npos) {
            u.bytes[0] = to[k];
            u.end = e.end;
            return true;
        }
        if (c != 'u' && c != 'x') return true;  // not an escape: a lone backslash
        unsigned long cp = 0;
        std::size_t end = e.end;
        if (!hex_digits(level - 1, c == 'u' ? 4 : 2, end, cp)) return true;
        if (c == 'u' && cp >= 0xd800 && cp <= 0xdfff && !low_surrogate(level, end, cp)) return false;
        if (c == 'x') {
            u.bytes[0] = static_cast<char>(cp);
            u.len = 1;
        } else {
            put_utf8(u, cp);
        }
        u.end = end;
        return true;
    }

    bool hex_digits(int level, int n, std::size_t &pos, unsigned long &value) const {
        for (int i = 0; i < n; ++i) {
            Unit d;
            if (!next(level, pos, d) || d.len != 1 || hex_value(d.bytes[0]) < 0) return false;
            value = value * 16 + static_cast<unsigned long>(hex_value(d.bytes[0]));
            pos = d.end;
        }
        return true;
    }

    // cp is a high surrogate: the low one must follow as \uDCxx.
    bool low_surrogate(int level, std::size_t &pos, unsigned long &cp) const {
        if (cp >= 0xdc00) return false;
        Unit b, u;
        if (!next(level - 1, pos, b) || !b.is('\\') || !next(level - 1, b.end, u) || !u.is('u')) return false;
        unsigned long low = 0;
        std::size_t end = u.end;
        if (!hex_digits(level - 1, 4, end, low) || low < 0xdc00 || low > 0xdfff) return false;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        pos = end;
        return true;
    }

    std::string_view t_;
    bool percent_;
};

// Where a reading of text from `pos` (the first j bytes of `secret` already
// read) that spells the rest of `secret` ends, or npos.
std::size_t match(const Decoder &d, int level, std::string_view secret, std::size_t j, std::size_t pos) {
    while (j < secret.size()) {
        Unit u;
        if (!d.next(level, pos, u)) return npos;
        if (u.len > secret.size() - j || std::memcmp(u.bytes, secret.data() + j, u.len) != 0) return npos;
        j += u.len;
        pos = u.end;
    }
    return pos;
}

// As given, JSON-escaped once, twice (a JSON string in a JSON string), and
// three times (that, inside a raw JSON body in a trace).
constexpr int kMaxLevel = 3;

SecretString base64(std::string_view in, bool url) {
    const char *abc = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                          : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    SecretString out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        unsigned long v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned long>(static_cast<unsigned char>(in[i + 1])) << 8;
        if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
        out += abc[(v >> 18) & 63];
        out += abc[(v >> 12) & 63];
        out += i + 1 < in.size() ? abc[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? abc[v & 63] : '=';
    }
    return out;
}

bool scheme_char(char c) { return ascii::is_alnum(c) || c == '+' || c == '.' || c == '-'; }

bool authority_char(char c) { return !ascii::is_control(c) && std::strchr("/?#\\\"'<>` ", c) == nullptr; }

// Length of a "://" (or JSON-escaped ":\/\/") after a scheme at pos, else 0.
std::size_t url_separator(std::string_view t, std::size_t pos) {
    if (pos == 0 || !scheme_char(t[pos - 1])) return 0;
    if (t.compare(pos, 3, "://") == 0) return 3;
    if (t.compare(pos, 5, ":\\/\\/") == 0) return 5;
    return 0;
}

std::string mask_url_userinfo(std::string_view t) {
    std::string out;
    std::size_t copied = 0, i = 0;
    while (i < t.size()) {
        std::size_t sep = url_separator(t, i);
        if (sep == 0) {
            ++i;
            continue;
        }
        std::size_t a = i + sep, e = a;
        while (e < t.size() && authority_char(t[e])) ++e;
        std::string_view auth = t.substr(a, e - a);
        std::size_t at = auth.rfind('@');
        std::size_t colon = at == npos ? npos : auth.substr(0, at).find(':');
        if (colon != npos && colon + 1 < at && auth.substr(colon + 1, at - colon - 1) != kMask) {
            out.append(t, copied, a + colon + 1 - copied);
            out += kMask;
            copied = a + at;
        }
        i = std::max(e, i + 1);
    }
    out.append(t, copied, npos);
    return out;
}

std::size_t utf8_sequence(std::string_view s, std::size_t i, unsigned long &cp) {
    const auto b = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const unsigned c = b(i);
    std::size_t n = c < 0x80                 ? 1
                    : c >= 0xc2 && c <= 0xdf ? 2
                    : c >= 0xe0 && c <= 0xef ? 3
                    : c >= 0xf0 && c <= 0xf4 ? 4
                                             : 0;
    if (n == 0) return 0;
    cp = n == 1 ? c : c & (0xff >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
    return n;
}

// Characters that move the cursor, change a terminal's state, break a line
// or reorder text (C1 controls, U+2028/2029, bidi marks and overrides).
bool invisible_control(unsigned long cp) {
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

void append_escaped(std::string &out, unsigned long cp) {
    char buf[8];
    if (cp == '\n') {
        out += "\\n";
    } else if (cp == '\r') {
        out += "\\r";
    } else if (cp == '\t') {
        out += "\\t";
    } else {
        std::snprintf(buf, sizeof buf, cp < 0x80 ? "\\x%02lx" : "\\u%04lx", cp);
        out += buf;
    }
}

// Valid UTF-8 (U+FFFD for each invalid byte), control characters escaped.
std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        unsigned long cp = 0;
        std::size_t n = utf8_sequence(s, i, cp);
        if (n == 0) {
            out += "\xef\xbf\xbd";
            ++i;
            continue;
        }
        if ((n == 1 && ascii::is_control(s[i])) || invisible_control(cp))
            append_escaped(out, cp);
        else
            out.append(s, i, n);
        i += n;
    }
    return out;
}

// "##[cmd]" (GitHub's old syntax, Azure's formatting), "##vso[cmd]" (Azure)
// anywhere, and "::cmd::" at the start (GitHub Actions) are commands to a
// CI runner, not text: write their first character as an escape.
void defuse_ci_commands(std::string &s) {
    for (std::size_t i = 0; (i = s.find("##", i)) != npos;) {
        const bool cmd = s.compare(i + 2, 1, "[") == 0 || ascii::lower(s.substr(i + 2, 4)) == "vso[";
        if (cmd) s.replace(i, 1, "\\x23");
        i += cmd ? 5 : 1;
    }
    const std::size_t first = s.find_first_not_of(' ');
    if (first != npos && s.compare(first, 2, "::") == 0) s.replace(first, 1, "\\x3a");
}

std::string cap(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    const bool marked = max >= kTruncated.size();
    std::size_t keep = marked ? max - kTruncated.size() : max;
    while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xc0) == 0x80) --keep;
    // Never leave half of one of our own escapes (\xNN, \uNNNN).
    for (std::size_t k = keep > 5 ? keep - 5 : 0; k < keep; ++k) {
        if (s[k] != '\\' || k + 1 >= s.size()) continue;
        const std::size_t len = s[k + 1] == 'x' ? 4 : s[k + 1] == 'u' ? 6 : 2;
        if (k + len > keep) {
            keep = k;
            break;
        }
    }
    s.resize(keep);
    if (marked) s += kTruncated;
    return s;
}

}  // namespace

void Redactor::add(std::string_view secret) {
    if (secret.size() < kMinLength) return;
    for (const SecretString &s : secrets_)
        if (std::string_view(s) == secret) return;
    secrets_.emplace_back(secret.data(), secret.size());
}

void Redactor::merge(const Redactor &other) {
    for (const SecretString &s : other.secrets_) add(s);
}

void Redactor::add_basic_auth(std::string_view user, std::string_view password) {
    add(password);
    SecretString joined(user.data(), user.size());
    joined += ':';
    joined.append(password.data(), password.size());
    for (bool url : {false, true}) {
        for (std::size_t off = 0; off < 3; ++off) {
            SecretString shifted(off, '\0');
            shifted += joined;
            const SecretString blob = base64(shifted, url);
            if (off == 0) add(blob);
            // Character i carries bits [6i, 6i+6): keep those that come from
            // the blob alone, whatever bytes surround it.
            const std::size_t first = (8 * off + 5) / 6, last = 8 * shifted.size() / 6;
            if (last > first) add(std::string_view(blob).substr(first, last - first));
        }
    }
}

// The end of the longest reading of any secret that starts at i, or npos.
// Each reading's first character is decoded once, then compared with every
// secret, so a text full of backslashes costs the same for 2 or 20 secrets.
// Readings that cannot differ from a plainer one are skipped: no JSON levels
// in a text without a backslash, no percent-decoding without '%' or '+'.
std::size_t Redactor::longest_at(std::string_view text, std::size_t i, const Shape &shape) const {
    const char c = text[i];
    if (!shape.first[static_cast<unsigned char>(c)] && c != '\\' && c != '%' && c != '+') return npos;
    const Decoder plain(text, false), percent(text, true);
    std::size_t end = npos;
    for (const Decoder *d : {&plain, &percent}) {
        if (d == &percent && !shape.percent) continue;
        for (int level = 0; level <= (shape.backslash ? kMaxLevel : 0); ++level) {
            Unit u;
            if (!d->next(level, i, u)) continue;
            for (const SecretString &s : secrets_) {
                if (u.len > s.size() || std::memcmp(u.bytes, s.data(), u.len) != 0) continue;
                const std::size_t e = match(*d, level, s, u.len, u.end);
                if (e != npos && (end == npos || e > end)) end = e;
            }
        }
    }
    return end;
}

std::string Redactor::apply(std::string_view text) const {
    Shape shape;
    for (const SecretString &s : secrets_) shape.first[static_cast<unsigned char>(s[0])] = true;
    shape.backslash = text.find('\\') != npos;
    shape.percent = text.find_first_of("%+") != npos;
    std::string out;
    std::size_t copied = 0, from = npos, to = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t end = secrets_.empty() ? npos : longest_at(text, i, shape);
        if (end == npos) continue;
        if (from != npos && i <= to) {  // overlapping or adjacent: one mask
            to = std::max(to, end);
            continue;
        }
        if (from != npos) out.append(text, copied, from - copied).append(kMask);
        if (from != npos) copied = to;
        from = i;
        to = end;
    }
    if (from != npos) out.append(text, copied, from - copied).append(kMask);
    if (from != npos) copied = to;
    out.append(text, copied, npos);
    return mask_url_userinfo(out);
}

std::string Redactor::clean(std::string_view untrusted, std::size_t max) const {
    std::string text = escape_text(apply(untrusted));
    defuse_ci_commands(text);
    return cap(apply(text), max);
}

std::string mask_signature(std::string_view authorization) {
    static constexpr std::string_view key = "Signature=";
    auto pos = authorization.find(key);
    if (pos == std::string_view::npos) return std::string(authorization);
    return std::string(authorization.substr(0, pos + key.size())) + kMask;
}

}  // namespace tcss
