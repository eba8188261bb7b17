// Reports benchmark (issue 18): 10,000 findings read page by page as the
// scan reads them (DescribeAssetImageRegistryVulList answers of 100 rows,
// parsed from text, every string cleaned by the library's Redactor with the
// run's secrets), the gate decided, and all four reports written to files.
//
//   bench_reports [--quick] [--findings N] [--out-dir DIR]
//
// Prints one JSON object: the process's peak resident memory (ru_maxrss)
// and CPU time (user + system) for the whole of that work, less the CPU
// spent making up the service's answers (the emulator's part). The targets
// (at most 32 MiB and 2 s of CPU for 10,000 findings) are reported, not
// asserted: this is a benchmark, never a timed test. It does check that the
// reports were written and hold every finding, so a broken build cannot
// report a fast no-op.
#include "json.hpp"
#include "redact.hpp"
#include "scan/report.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

using namespace tcss::scan;

double cpu_seconds(int who) {
    struct rusage ru {};
    getrusage(who, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double thread_cpu() {
    struct timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

long peak_rss_kib() {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// One answer page as TCSS sends it: realistic sizes (a description of about
// 600 bytes of mixed Chinese and ASCII, two references, one component).
std::string page_text(int offset, int rows) {
    static const std::string kDes =
        "curl 在处理 SOCKS5 代理握手时存在堆缓冲区溢出漏洞，攻击者可通过构造超长主机名触发。"
        "When curl is asked to pass along the host name to the SOCKS5 proxy to allow that to resolve the address "
        "instead of it getting done by curl itself, the maximum length that host name can be is 255 bytes. If the "
        "host name is detected to be longer, curl switches to local name resolving and instead passes on the "
        "resolved address only. Due to this bug, the local variable that means ]]> let the host resolve could get "
        "the wrong value during a slow SOCKS5 handshake.";
    tcss::Json list(tcss::checked(cJSON_CreateArray()));
    for (int i = offset; i < offset + rows; ++i) {
        cJSON *r = tcss::checked(cJSON_CreateObject());
        const std::string n = std::to_string(i);
        cJSON_AddStringToObject(r, "CVEID", ("CVE-2023-" + std::to_string(30000 + i)).c_str());
        cJSON_AddStringToObject(r, "POCID", ("pcmgr-" + std::to_string(400000 + i)).c_str());
        cJSON_AddStringToObject(r, "Name",
                                ("curl SOCKS5 堆缓冲区溢出漏洞 (CVE-2023-" + std::to_string(30000 + i) + ")").c_str());
        cJSON_AddStringToObject(r, "Des", kDes.c_str());
        cJSON_AddStringToObject(r, "OfficialSolution",
                                "建议关注厂商公告或升级到最新版本：https://curl.se/docs/security.html");
        cJSON_AddStringToObject(r, "Reference",
                                ("[\"https://curl.se/docs/CVE-2023-" + n +
                                 ".html\",\"https://nvd.nist.gov/vuln/detail/CVE-2023-" + n + "\"]")
                                    .c_str());
        cJSON_AddStringToObject(r, "Level", std::to_string(1 + i % 4).c_str());
        cJSON_AddStringToObject(r, "CvssScore", "9.8");
        cJSON_AddStringToObject(r, "CvssVector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        cJSON_AddStringToObject(r, "Component", ("libcurl" + std::to_string(i % 50)).c_str());
        cJSON_AddStringToObject(r, "Version", "8.2.1-r0");
        cJSON_AddStringToObject(r, "FixedVersions", i % 3 ? "8.4.0-r0" : "");
        cJSON_AddStringToObject(r, "Category", "BUFFER_OVERFLOW");
        cJSON *comps = cJSON_AddArrayToObject(r, "Components");
        cJSON *c = tcss::checked(cJSON_CreateObject());
        cJSON_AddStringToObject(c, "Name", "curl");
        cJSON_AddStringToObject(c, "Version", "8.2.1-r0");
        cJSON_AddStringToObject(c, "FixedVersion", i % 3 ? "8.4.0-r0" : "");
        cJSON_AddStringToObject(c, "Path", "/usr/lib/libcurl.so.4");
        cJSON_AddStringToObject(c, "Type", "OS");
        cJSON_AddItemToArray(comps, c);
        cJSON *tags = cJSON_AddArrayToObject(r, "Tag");
        if (i % 3) cJSON_AddItemToArray(tags, cJSON_CreateString("CanBeFixed"));
        cJSON_AddItemToArray(list.get(), r);
    }
    char *text = cJSON_PrintUnformatted(list.get());
    std::string out =
        "{\"Response\":{\"TotalCount\":" + std::to_string(rows) + ",\"List\":" + text + ",\"RequestId\":\"r\"}}";
    cJSON_free(text);
    return out;
}

struct Args {
    int findings = 10000;
    std::string dir;
};

Args parse_args(int argc, char **argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick"))
            a.findings = 500;
        else if (!std::strcmp(argv[i], "--findings") && i + 1 < argc)
            a.findings = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--out-dir") && i + 1 < argc)
            a.dir = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_reports [--quick] [--findings N] [--out-dir DIR]\n");
            std::exit(2);
        }
    }
    return a;
}

// Reads every page; returns the CPU seconds spent making the pages up.
double read_pages(int total, const Cleaner &clean, std::vector<Finding> &out) {
    double made_up = 0;
    for (int offset = 0; offset < total; offset += 100) {
        const double t0 = thread_cpu();
        const std::string text = page_text(offset, std::min(100, total - offset));
        made_up += thread_cpu() - t0;
        tcss::Json doc(cJSON_ParseWithLength(text.data(), text.size()));
        append_findings(cJSON_GetObjectItemCaseSensitive(doc.get(), "Response"), clean, out);
    }
    return made_up;
}

long file_size(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
}

}  // namespace

int main(int argc, char **argv) {
    Args a = parse_args(argc, argv);
    char tmpl[] = "/tmp/tcss-bench-reports-XXXXXX";
    const bool own_dir = a.dir.empty();
    if (own_dir && mkdtemp(tmpl) == nullptr) return 1;
    if (own_dir) a.dir = tmpl;
    const long rss_start = peak_rss_kib();
    const double cpu_start = cpu_seconds(RUSAGE_SELF);
    tcss::Redactor redactor;
    redactor.add("bench-secret-key-0001");
    redactor.add_basic_auth("robot$ci", "bench-registry-password");
    const Cleaner clean = [&](const std::string &s) { return redactor.clean(s); };
    std::vector<Finding> findings;
    findings.reserve(static_cast<std::size_t>(a.findings));  // TotalCount, from the first page
    const double made_up = read_pages(a.findings, clean, findings);
    std::string ignore_text;
    for (int i = 0; i < 50; ++i)
        ignore_text += "CVE-2023-" + std::to_string(30000 + i * 7) + " until=2027-01-31 accepted\n";
    const IgnoreList ignores = parse_ignore_file(ignore_text, "bench-ignore");
    GateOptions o;
    o.fail_on = FailOn::High;
    const GateDecision d = evaluate_gate(findings, o, ignores, Date{2026, 12, 6});
    ReportContext c;
    c.image = "harbor.example.com/team/app:1.0";
    c.repo_address = "harbor.example.com/team/app";
    c.digest = "sha256:" + std::string(64, 'a');
    c.options = o;
    c.clean = clean;
    const ScanResults r{findings, d, ignores, c};
    long bytes = 0;
    for (ReportFormat f : {ReportFormat::GitLab, ReportFormat::Sarif, ReportFormat::JUnit, ReportFormat::Json}) {
        const std::string path = a.dir + "/report." + report_format_name(f);
        write_report_file(ReportRequest{f, path}, r);
        bytes += file_size(path);
    }
    const double cpu = cpu_seconds(RUSAGE_SELF) - cpu_start - made_up;
    const long rss = peak_rss_kib();
    const bool ok = static_cast<int>(findings.size()) == a.findings && bytes > static_cast<long>(findings.size()) * 400;
    if (own_dir)
        for (const char *f : {"gitlab", "sarif", "junit", "json"}) std::remove((a.dir + "/report." + f).c_str());
    if (own_dir) rmdir(a.dir.c_str());
    std::printf(
        "{\"findings\": %d, \"report_bytes\": %ld, \"cpu_seconds\": %.3f, \"made_up_pages_cpu_seconds\": %.3f, "
        "\"peak_rss_mib\": %.1f, \"rss_at_start_mib\": %.1f, \"target_cpu_seconds\": 2, \"target_peak_rss_mib\": 32, "
        "\"ok\": %s}\n",
        a.findings, bytes, cpu, made_up, static_cast<double>(rss) / 1024, static_cast<double>(rss_start) / 1024,
        ok ? "true" : "false");
    return ok ? 0 : 1;
}
