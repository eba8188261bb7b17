// libFuzzer target: the credentials profile-file (INI) parser. Any text must
// give a section, nothing, or tcss::Error(TCSS_ECREDENTIALS) whose message
// never holds the secret_key value it read.
#include "credentials.hpp"

#include "error.hpp"

#include <tcss/tcss.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    // First line: the profile name to look up; the rest: the file.
    std::string_view all(reinterpret_cast<const char *>(data), size);
    std::size_t nl = all.find('\n');
    std::string_view profile = nl == std::string_view::npos ? std::string_view("default") : all.substr(0, nl);
    std::string_view text = nl == std::string_view::npos ? all : all.substr(nl + 1);
    try {
        auto creds = tcss::parse_profile(text, profile, "fuzz-credentials");
        if (creds && (creds->secret_id.empty() || creds->secret_key.empty())) std::abort();
    } catch (const tcss::Error &e) {
        if (e.code() != TCSS_ECREDENTIALS) std::abort();
    }
    return 0;
}
