// The ignore file of `tcss scan --ignore-file FILE`: accepted findings, each
// with a reason and an optional expiry date.
//
// Format: UTF-8 text, one entry per line (LF or CRLF):
//
//     # comment lines and blank lines are skipped
//     CVE-2023-38545  until=2027-01-31  curl is not used at run time
//     pcmgr-209472    accepted by the security team, ticket SEC-118
//     CVE-2024-0001   exp:2026-12-31    .trivyignore's spelling of the date
//
//  - ID: a CVE id (CVE-YYYY-NNNN..., matched without regard to case) or a
//    TCSS POCID (letters, digits and . _ - :, matched without regard to
//    case); it is compared with each finding's CVEID and its POCID;
//  - then, optionally, `until=YYYY-MM-DD` (or `exp:YYYY-MM-DD`): the entry
//    applies through that day (UTC) and stops applying the day after; an
//    expired entry ignores nothing and is reported as expired;
//  - then the reason: the rest of the line, required (an entry without one
//    is an error naming the line), at most 1024 bytes, printable text.
//  Fields are separated by spaces or tabs. An ID listed twice is an error.
//  At most 10,000 entries and 1 MiB; a leading UTF-8 byte-order mark is
//  skipped. Errors are tcss::Error(TCSS_EINVAL): "--ignore-file FILE line N:
//  <rule>".
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan {

// A calendar date (UTC), ordered.
struct Date {
    int year = 0, month = 0, day = 0;
    bool empty() const noexcept { return year == 0; }
    std::string str() const;  // YYYY-MM-DD
    friend bool operator<(const Date &a, const Date &b) noexcept {
        return a.year != b.year ? a.year < b.year : a.month != b.month ? a.month < b.month : a.day < b.day;
    }
    friend bool operator==(const Date &a, const Date &b) noexcept {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
};

// The UTC date of a time (what the gate takes as "today").
Date utc_date(std::time_t t);
// "YYYY-MM-DD", a real calendar date (leap years counted), years 1970-9999;
// false otherwise.
bool parse_date(std::string_view text, Date &out);

struct IgnoreEntry {
    std::string id;  // as written
    Date until;      // empty: no expiry
    std::string reason;
    std::size_t line = 0;
    // True when `today` is after `until`.
    bool expired(const Date &today) const noexcept { return !until.empty() && until < today; }
};

struct IgnoreList {
    std::string source;  // the file name, for messages
    std::vector<IgnoreEntry> entries;
};

constexpr std::size_t kMaxIgnoreEntries = 10000;
constexpr std::size_t kMaxIgnoreBytes = 1 << 20;
constexpr std::size_t kMaxIgnoreReasonBytes = 1024;

// Parses the text of an ignore file; `source` names it in messages.
IgnoreList parse_ignore_file(std::string_view text, const std::string &source);
// Reads and parses the file at `path` (TCSS_EINVAL when it cannot be read).
IgnoreList read_ignore_file(const std::string &path);

// True when `entry` names `cve_id` or `poc_id` (without regard to case).
bool ignore_matches(const IgnoreEntry &entry, std::string_view cve_id, std::string_view poc_id) noexcept;

}  // namespace tcss::scan
