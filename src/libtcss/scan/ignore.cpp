#include "scan/ignore.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "validate.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

namespace tcss::scan {

namespace {

constexpr std::size_t kMaxIdBytes = 128;

int digits(std::string_view s) {  // -1 unless 1 to 4 digits
    if (s.size() > 4 || !ascii::all_digits(s)) return -1;
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

bool cve_ok(std::string_view id) {
    if (id.size() < 13 || !ascii::iequals(id.substr(0, 4), "CVE-") || id[8] != '-') return false;
    return ascii::all_digits(id.substr(4, 4)) && ascii::all_digits(id.substr(9));
}

bool poc_ok(std::string_view id) {
    if (!ascii::is_alnum(id.front())) return false;
    for (char c : id)
        if (!ascii::is_alnum(c) && c != '.' && c != '_' && c != '-' && c != ':') return false;
    return true;
}

struct LineParser {
    const std::string &source;
    std::size_t number;

    [[noreturn]] void fail(const std::string &rule) const {
        invalid("--ignore-file " + source + " line " + std::to_string(number) + ": " + rule);
    }

    static std::string_view next_token(std::string_view &rest) {
        std::size_t end = 0;
        while (end < rest.size() && !ascii::is_blank(rest[end])) ++end;
        const std::string_view token = rest.substr(0, end);
        rest = ascii::trim_blanks(rest.substr(end));
        return token;
    }

    void check_id(std::string_view id) const {
        if (id.size() > kMaxIdBytes) fail("the ID must be at most 128 bytes");
        if (id.size() >= 4 && ascii::iequals(id.substr(0, 4), "CVE-")) {
            if (!cve_ok(id)) fail("a CVE id is CVE-YYYY-NNNN (got " + quote_for_message(id) + ")");
        } else if (!poc_ok(id)) {
            fail("the first field must be a CVE id or a TCSS POCID (letters, digits, '.', '_', '-', ':'); got " +
                 quote_for_message(id));
        }
    }

    Date expiry(std::string_view &rest) const {
        std::string_view token = rest.substr(0, rest.find_first_of(" \t"));
        std::string_view value;
        if (token.substr(0, 6) == "until=")
            value = token.substr(6);
        else if (token.substr(0, 4) == "exp:")
            value = token.substr(4);
        else
            return {};
        Date d;
        if (!parse_date(value, d))
            fail("the expiry date must be a real date YYYY-MM-DD (got " + quote_for_message(token) + ")");
        next_token(rest);
        return d;
    }

    IgnoreEntry parse(std::string_view line) const {
        if (!is_valid_utf8(line)) fail("must be valid UTF-8");
        for (char c : line)
            if (ascii::is_control(c) && c != '\t') fail("must not contain control characters");
        std::string_view rest = ascii::trim_blanks(line);
        IgnoreEntry e;
        e.line = number;
        e.id = std::string(next_token(rest));
        check_id(e.id);
        e.until = expiry(rest);
        if (rest.empty())
            fail("the entry for " + e.id + " has no reason; write one after the ID (and the optional until=DATE)");
        if (rest.size() > kMaxIgnoreReasonBytes) fail("the reason must be at most 1024 bytes");
        e.reason = std::string(rest);
        return e;
    }
};

std::string shown_source(const std::string &source) {
    return ascii::has_control(source) ? quote_for_message(source) : source;
}

}  // namespace

std::string Date::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
    return buf;
}

Date utc_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

bool parse_date(std::string_view text, Date &out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    const int y = digits(text.substr(0, 4)), m = digits(text.substr(5, 2)), d = digits(text.substr(8, 2));
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
    out = Date{y, m, d};
    return true;
}

IgnoreList parse_ignore_file(std::string_view text, const std::string &source) {
    IgnoreList list;
    list.source = shown_source(source);
    if (text.size() > kMaxIgnoreBytes) invalid("--ignore-file " + list.source + ": must be at most 1 MiB");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t number = 1; !text.empty(); ++number) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string_view trimmed = ascii::trim_blanks(line);
        if (trimmed.empty() || trimmed.front() == '#') continue;
        const LineParser parser{list.source, number};
        IgnoreEntry e = parser.parse(line);
        const auto [it, fresh] = seen.emplace(ascii::lower(e.id), number);
        if (!fresh) parser.fail(e.id + " is already listed on line " + std::to_string(it->second));
        if (list.entries.size() == kMaxIgnoreEntries) parser.fail("more than 10000 entries");
        list.entries.push_back(std::move(e));
    }
    return list;
}

IgnoreList read_ignore_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) invalid("--ignore-file " + shown_source(path) + ": cannot be read (" + std::strerror(errno) + ")");
    std::string text(kMaxIgnoreBytes + 1, '\0');
    in.read(&text[0], static_cast<std::streamsize>(text.size()));
    if (in.bad()) invalid("--ignore-file " + shown_source(path) + ": cannot be read");
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parse_ignore_file(text, path);
}

bool ignore_matches(const IgnoreEntry &entry, std::string_view cve_id, std::string_view poc_id) noexcept {
    return (!cve_id.empty() && ascii::iequals(entry.id, cve_id)) ||
           (!poc_id.empty() && ascii::iequals(entry.id, poc_id));
}

}  // namespace tcss::scan
