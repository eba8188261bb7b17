// libFuzzer target: the tcss CLI's argument parsing, in process. The input
// is argv split at NUL bytes; cli_parse_args, then cli_build_config when it
// parsed. Settings that would read stdin or a file are dropped so a run
// never blocks on (or reads) anything outside the input.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "cli.h"
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::vector<std::string> parts(1, "tcss");
    std::string cur;
    for (std::size_t i = 0; i < size && parts.size() < 64; ++i) {
        if (data[i] == 0) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(static_cast<char>(data[i]));
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    bool reads_outside = false;
    for (const auto &p : parts)
        if (p.find("stdin") != std::string::npos || p.find("-file") != std::string::npos) reads_outside = true;
    std::vector<char *> argv;
    for (auto &p : parts) argv.push_back(&p[0]);
    argv.push_back(nullptr);
    const int argc = static_cast<int>(parts.size());

    char msg[CLI_MSG_MAX];
    msg[0] = '\0';
    (void)cli_prescan_format(argc, argv.data());
    struct cli_args args;
    int rc = cli_parse_args(&args, argc, argv.data(), msg, sizeof msg);
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_USAGE && rc != CLI_EXIT_INTERNAL) std::abort();
    if (rc != CLI_EXIT_OK && std::strlen(msg) == 0) std::abort();
    if (rc == CLI_EXIT_OK && !reads_outside) {
        struct cli_config cfg;
        msg[0] = '\0';
        int brc = cli_build_config(&cfg, &args, msg, sizeof msg);
        if (brc != 0 && std::strlen(msg) == 0) std::abort();
        cli_config_free(&cfg);
    }
    cli_args_free(&args);
    return 0;
}
