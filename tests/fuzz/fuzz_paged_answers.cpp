// libFuzzer target: the readers of the paged answers the recurring job reads
// (DescribeAssetImageRegistryRegistryList, DescribeAssetImageRegistryList,
// DescribeAssetImageRegistryVulList). Any bytes must give either
// tcss::Error(TCSS_EBADRESPONSE) from the envelope or rows whose every string
// is cleaned: valid UTF-8, no control characters, never a known secret.
#include "actions.hpp"
#include "redact.hpp"
#include "response.hpp"
#include "scan/finding.hpp"
#include "validate.hpp"

#include "error.hpp"

#include <tcss/tcss.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr const char *kSecret = "fuzz-registry-password-0001";

void check(const std::string &s) {
    if (!tcss::is_valid_utf8(s) || s.find(kSecret) != std::string::npos) std::abort();
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) std::abort();
}

void read_rows(const tcss::Reply &reply) {
    const tcss::Row top{reply, reply.response()};
    (void)top.num("TotalCount", 0);
    const cJSON *item = nullptr;
    cJSON_ArrayForEach(item, top.get("List")) {
        const tcss::Row row{reply, item};
        const tcss::Registry r = tcss::registry_from_row(row);
        for (const auto *s : {&r.name, &r.url, &r.registry_type, &r.sync_status, &r.latest_sync_time}) check(*s);
        for (const auto &c : r.conn_detect) check(c.status), check(c.message), check(c.fail_reason);
        const tcss::ImageRowInfo i = tcss::image_from_row(row);
        check(i.repo_address), check(i.tag), check(i.digest), check(i.scan_status);
    }
    std::vector<tcss::scan::Finding> findings;
    tcss::scan::append_findings(
        reply.response(), [&reply](const std::string &s) { return reply.clean(s); }, findings);
    for (const auto &f : findings) check(f.cve_id), check(f.name), check(f.description), check(f.component);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char *>(data), size);
    tcss::Redactor redactor;
    redactor.add(kSecret);
    tcss::Reply reply;
    reply.redactor = &redactor;
    try {
        reply.parsed = tcss::parse_reply(body, 200);
    } catch (const tcss::Error &e) {
        if (e.code() != TCSS_EBADRESPONSE) std::abort();
        return 0;
    }
    if (!reply.parsed.envelope.is_error) read_rows(reply);
    return 0;
}
