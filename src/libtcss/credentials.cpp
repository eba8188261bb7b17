// The credential chain: explicit options, then the environment, then the
// profile files, the order the official SDKs use. Every message says where
// the library looked and never carries a secret (nor a line of a file, which
// might hold one).
#include "credentials.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace tcss {

namespace {

constexpr std::size_t kMaxFileSize = 64 * 1024;
constexpr const char *kSystemFile = "/etc/tencentcloud/credentials";
constexpr const char *kEnvId = "TENCENTCLOUD_SECRET_ID";
constexpr const char *kEnvKey = "TENCENTCLOUD_SECRET_KEY";
constexpr const char *kEnvToken = "TENCENTCLOUD_SESSION_TOKEN";
constexpr const char *kEnvProfile = "TENCENTCLOUD_PROFILE";

[[noreturn]] void fail(const std::string &message) { throw Error(TCSS_ECREDENTIALS, message); }

// NULL and "" are both "not set": CI systems export empty variables freely.
bool is_set(const char *s) { return s != nullptr && *s != '\0'; }

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// One matching pair of quotes around a value is the INI way of keeping
// spaces; they are not part of the value.
std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        return v.substr(1, v.size() - 2);
    return v;
}

Credentials make(const char *id, const char *key, const char *token, std::string source) {
    Credentials c;
    c.secret_id = id;
    c.secret_key = key;
    if (is_set(token))
        c.token = token;
    c.source = std::move(source);
    return c;
}

enum class FileState { missing, loaded };

// Reads a credentials file into `out` (wiped when it goes). A missing file is
// not an error; anything else that stops us reading one that is there is.
FileState read_file(const std::string &path, SecretString &out) {
    // Plain open/read into a stack buffer we wipe: a std::ifstream would keep
    // its own copy of the file (secret_key, token) in a buffer freed unwiped.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return FileState::missing;
        fail("cannot read credentials file " + path + ": " + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat sb {};
    if (::fstat(fd, &sb) != 0)
        fail("cannot read credentials file " + path + ": " + std::strerror(errno));
    if (!S_ISREG(sb.st_mode))
        fail("credentials file " + path + " is not a regular file");
    const std::string too_large = "credentials file " + path + " is larger than " +
                                  std::to_string(kMaxFileSize / 1024) + " KiB; it is not a credentials file";
    if (static_cast<unsigned long long>(sb.st_size) > kMaxFileSize)
        fail(too_large);
    out.reserve(static_cast<std::size_t>(sb.st_size));
    char buf[4096];
    struct Wipe {
        char *p;
        std::size_t n;
        ~Wipe() { zeroize(p, n); }
    } wipe{buf, sizeof buf};
    for (;;) {
        const ssize_t got = ::read(fd, buf, sizeof buf);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fail("cannot read credentials file " + path + ": " + std::strerror(errno));
        }
        if (got == 0)
            break;
        // Our own cap too, in case the file grew since fstat().
        if (out.size() + static_cast<std::size_t>(got) > kMaxFileSize)
            fail(too_large);
        out.append(buf, static_cast<std::size_t>(got));
    }
    return FileState::loaded;
}

} // namespace

std::optional<Credentials> parse_profile(std::string_view text, std::string_view profile,
                                         std::string_view origin) {
    const std::string where = std::string(origin) + ", profile [" + std::string(profile) + "]";
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    bool found = false, in_section = false;
    std::string_view id, key, token;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        line = trim(line);
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (line.front() == '[') {
            if (line.back() != ']') {
                if (in_section)
                    fail(std::string(origin) + ": line " + std::to_string(line_no) +
                         " opens a section but does not close it");
                continue;
            }
            // A repeated section continues the earlier one, as in Python's
            // and Go's INI readers.
            in_section = trim(line.substr(1, line.size() - 2)) == profile;
            found = found || in_section;
            continue;
        }
        if (!in_section)
            continue; // other profiles are none of our business
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            fail(where + ": line " + std::to_string(line_no) + " is not 'key = value'");
        const std::string_view name = trim(line.substr(0, eq));
        const std::string_view value = unquote(trim(line.substr(eq + 1)));
        // Later keys win; an empty value un-sets the key.
        if (iequals(name, "secret_id"))
            id = value;
        else if (iequals(name, "secret_key"))
            key = value;
        else if (iequals(name, "token"))
            token = value;
    }
    if (!found)
        return std::nullopt;
    if (!id.empty() && key.empty())
        fail(where + " has secret_id but no secret_key");
    if (id.empty() && !key.empty())
        fail(where + " has secret_key but no secret_id");
    if (id.empty()) {
        if (!token.empty())
            fail(where + " has a token but no secret_id and secret_key");
        return std::nullopt;
    }
    Credentials c;
    c.secret_id.assign(id.data(), id.size());
    c.secret_key.assign(key.data(), key.size());
    c.token.assign(token.data(), token.size());
    c.source = std::string(origin);
    return c;
}

Credentials resolve_credentials(const CredentialRequest &req, const GetEnv &env) {
    auto getenv_ = [&env](const char *name) -> const char * { return env ? env(name) : nullptr; };

    // 1. Explicit options.
    const bool opt_id = is_set(req.secret_id), opt_key = is_set(req.secret_key);
    if (opt_id && opt_key)
        return make(req.secret_id, req.secret_key, req.session_token, "options");
    if (opt_id)
        fail("options: secret_id is set but secret_key is not set; set both or neither");
    if (opt_key)
        fail("options: secret_key is set but secret_id is not set; set both or neither");
    if (is_set(req.session_token))
        fail("options: session_token is set but secret_id and secret_key are not");

    // 2. The environment.
    const char *env_id = getenv_(kEnvId);
    const char *env_key = getenv_(kEnvKey);
    if (is_set(env_id) && is_set(env_key))
        return make(env_id, env_key, getenv_(kEnvToken), "environment");
    if (is_set(env_id))
        fail(std::string("environment: ") + kEnvId + " is set but " + kEnvKey +
             " is not set; set both or neither");
    if (is_set(env_key))
        fail(std::string("environment: ") + kEnvKey + " is set but " + kEnvId +
             " is not set; set both or neither");

    // 3. The profile files.
    std::string profile = "default";
    bool named = false;
    if (is_set(req.profile)) {
        profile = req.profile;
        named = true;
    } else if (const char *p = getenv_(kEnvProfile); is_set(p)) {
        profile = p;
        named = true;
    }

    std::vector<std::string> looked;
    looked.push_back("options (secret_id/secret_key not set)");
    looked.push_back(std::string("environment (") + kEnvId + "/" + kEnvKey + " not set)");

    std::vector<std::string> files;
    if (const char *home = getenv_("HOME"); is_set(home))
        files.push_back(std::string(home) + "/.tencentcloud/credentials");
    else
        looked.push_back("$HOME/.tencentcloud/credentials ($HOME not set)");
    files.push_back(kSystemFile);

    for (const auto &path : files) {
        SecretString text;
        if (read_file(path, text) == FileState::missing) {
            looked.push_back(path + " (no such file)");
            continue;
        }
        if (auto c = parse_profile(text, profile, path))
            return std::move(*c);
        looked.push_back(path + " (no credentials in profile [" + profile + "])");
    }

    std::string msg = named ? "profile [" + profile + "] was asked for (" +
                                  (is_set(req.profile) ? std::string("options.profile")
                                                       : std::string(kEnvProfile)) +
                                  ") but no credentials were found; looked at: "
                            : std::string("no credentials found; looked at: ");
    for (std::size_t i = 0; i < looked.size(); ++i)
        msg += (i ? "; " : "") + looked[i];
    fail(msg);
}

} // namespace tcss
