// The credential chain: explicit options, then the environment, then the
// profile files, the order the official SDKs use. Every message says where
// the library looked and never carries a secret (nor a line of a file, which
// might hold one).
#include "credentials.hpp"
#include "ascii.hpp"
#include "error.hpp"

#include <tcss/tcss.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

// One matching pair of quotes around a value is the INI way of keeping
// spaces; they are not part of the value.
std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        return v.substr(1, v.size() - 2);
    return v;
}

// `where` names the step and the variable the SecretId came from.
Credentials make(const char *id, const char *key, const char *token, std::string source,
                 std::string_view where) {
    check_secret_id(id, where);
    Credentials c;
    c.secret_id = id;
    c.secret_key = key;
    if (is_set(token))
        c.token = token;
    c.source = std::move(source);
    return c;
}

enum class FileState { missing, loaded };

// What a path that is not a regular file is, for the message.
const char *file_kind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    return "something else";
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Opens `path` without blocking (a FIFO would otherwise wait for a writer
// forever) and checks it is a regular file of sane size before anything is
// read. Returns -1 when there is no such file.
int open_regular(const std::string &path, std::size_t &size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return -1;
        fail("cannot read credentials file " + path + ": " + std::strerror(errno));
    }
    Fd guard{fd};
    struct stat sb {};
    if (::fstat(fd, &sb) != 0)
        fail("cannot read credentials file " + path + ": " + std::strerror(errno));
    if (!S_ISREG(sb.st_mode))
        fail("credentials file " + path + " is not a regular file but " + file_kind(sb.st_mode) +
             "; a credentials file must be a regular file");
    if (static_cast<unsigned long long>(sb.st_size) > kMaxFileSize)
        fail("credentials file " + path + " is larger than " + std::to_string(kMaxFileSize / 1024) +
             " KiB; it is not a credentials file");
    size = static_cast<std::size_t>(sb.st_size);
    guard.fd = -1;
    return fd;
}

// Reads a credentials file into `out` (wiped when it goes). A missing file is
// not an error; anything else that stops us reading one that is there is.
FileState read_file(const std::string &path, SecretString &out) {
    std::size_t size = 0;
    const int fd = open_regular(path, size);
    if (fd < 0)
        return FileState::missing;
    Fd closer{fd};
    out.reserve(size);
    // Plain read() into a stack buffer we wipe: a std::ifstream would keep
    // its own copy of the file (secret_key, token) in a buffer freed unwiped.
    char buf[4096];
    struct Wipe {
        char *p;
        std::size_t n;
        ~Wipe() { zeroize(p, n); }
    } wipe{buf, sizeof buf};
    for (;;) {
        const ssize_t got = ::read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            fail("cannot read credentials file " + path + ": " + std::strerror(errno));
        if (got == 0)
            return FileState::loaded;
        // Our own cap too, in case the file grew since fstat().
        if (out.size() + static_cast<std::size_t>(got) > kMaxFileSize)
            fail("credentials file " + path + " grew past " + std::to_string(kMaxFileSize / 1024) +
                 " KiB while being read; it is not a credentials file");
        out.append(buf, static_cast<std::size_t>(got));
    }
}

} // namespace

bool read_credentials_file(const std::string &path, SecretString &out) {
    return read_file(path, out) == FileState::loaded;
}

void check_secret_id(std::string_view secret_id, std::string_view source) {
    bool ok = !secret_id.empty();
    for (char c : secret_id)
        ok = ok && ascii::is_visible(c) && c != ',' && c != '/';
    if (!ok)
        fail(std::string(source) + ": the SecretId must be non-empty visible ASCII without spaces, "
                                   "control characters, ',' or '/'");
}

namespace {

// The three keys of one profile as the file spells them (views into it).
struct ProfileKeys {
    std::string_view id, key, token;
};

// One "name = value" line inside the wanted section. Later keys win; an
// empty value un-sets the key; unknown keys are ignored.
void read_key_line(std::string_view line, ProfileKeys &keys, const std::string &where, std::size_t line_no) {
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
        fail(where + ": line " + std::to_string(line_no) + " is not 'key = value'");
    const std::string_view name = ascii::trim_blanks(line.substr(0, eq));
    const std::string_view value = unquote(ascii::trim_blanks(line.substr(eq + 1)));
    if (ascii::iequals(name, "secret_id"))
        keys.id = value;
    else if (ascii::iequals(name, "secret_key"))
        keys.key = value;
    else if (ascii::iequals(name, "token"))
        keys.token = value;
}

// The section's keys as credentials; nothing when it holds none.
std::optional<Credentials> profile_credentials(const ProfileKeys &k, const std::string &where,
                                               std::string_view origin) {
    if (!k.id.empty() && k.key.empty())
        fail(where + " has secret_id but no secret_key");
    if (k.id.empty() && !k.key.empty())
        fail(where + " has secret_key but no secret_id");
    if (k.id.empty()) {
        if (!k.token.empty())
            fail(where + " has a token but no secret_id and secret_key");
        return std::nullopt;
    }
    check_secret_id(k.id, where + ": secret_id");
    Credentials c;
    c.secret_id.assign(k.id.data(), k.id.size());
    c.secret_key.assign(k.key.data(), k.key.size());
    c.token.assign(k.token.data(), k.token.size());
    c.source = std::string(origin);
    return c;
}

} // namespace

std::optional<Credentials> parse_profile(std::string_view text, std::string_view profile,
                                         std::string_view origin) {
    const std::string where = std::string(origin) + ", profile [" + std::string(profile) + "]";
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    bool found = false, in_section = false;
    ProfileKeys keys;
    for (std::size_t line_no = 1; !text.empty(); ++line_no) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        line = ascii::trim_blanks(line);
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (line.front() != '[') {
            if (in_section) // other profiles are none of our business
                read_key_line(line, keys, where, line_no);
            continue;
        }
        if (line.back() != ']') {
            if (in_section)
                fail(std::string(origin) + ": line " + std::to_string(line_no) +
                     " opens a section but does not close it");
            continue;
        }
        // A repeated section continues the earlier one, as in Python's and
        // Go's INI readers.
        in_section = ascii::trim_blanks(line.substr(1, line.size() - 2)) == profile;
        found = found || in_section;
    }
    if (!found)
        return std::nullopt;
    return profile_credentials(keys, where, origin);
}

namespace {

// Step 1: explicit options. Nothing when neither half is given.
std::optional<Credentials> from_options(const CredentialRequest &req) {
    const bool opt_id = is_set(req.secret_id), opt_key = is_set(req.secret_key);
    if (opt_id && opt_key)
        return make(req.secret_id, req.secret_key, req.session_token, "options", "options: secret_id");
    if (opt_id)
        fail("options: secret_id is set but secret_key is not set; set both or neither");
    if (opt_key)
        fail("options: secret_key is set but secret_id is not set; set both or neither");
    if (is_set(req.session_token))
        fail("options: session_token is set but secret_id and secret_key are not");
    return std::nullopt;
}

// Step 2: the environment. Nothing when neither variable is set.
std::optional<Credentials> from_environment(const GetEnv &env) {
    const char *env_id = env(kEnvId);
    const char *env_key = env(kEnvKey);
    if (is_set(env_id) && is_set(env_key))
        return make(env_id, env_key, env(kEnvToken), "environment", std::string("environment: ") + kEnvId);
    if (is_set(env_id))
        fail(std::string("environment: ") + kEnvId + " is set but " + kEnvKey +
             " is not set; set both or neither");
    if (is_set(env_key))
        fail(std::string("environment: ") + kEnvKey + " is set but " + kEnvId +
             " is not set; set both or neither");
    return std::nullopt;
}

// Step 3: the profile files, in order; every place looked at goes to `looked`.
std::optional<Credentials> from_files(const GetEnv &env, const std::string &profile,
                                      std::vector<std::string> &looked) {
    std::vector<std::string> files;
    if (const char *home = env("HOME"); is_set(home))
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
            return c;
        looked.push_back(path + " (no credentials in profile [" + profile + "])");
    }
    return std::nullopt;
}

} // namespace

namespace {

// A keyless source in the chain: credentials, or a line for `looked`.
std::optional<Credentials> ask(const KeylessSource &source, const char *name, std::vector<std::string> &looked) {
    if (!source) return std::nullopt;
    std::string skipped;
    if (auto c = source(skipped)) return c;
    looked.push_back(std::string(name) + " (" + skipped + ")");
    return std::nullopt;
}

std::string no_credentials(const char *named_by, const std::string &profile, const std::vector<std::string> &looked) {
    std::string msg = named_by != nullptr ? "profile [" + profile + "] was asked for (" + named_by +
                                                ") but no credentials were found; looked at: "
                                          : std::string("no credentials found; looked at: ");
    for (std::size_t i = 0; i < looked.size(); ++i)
        msg += (i ? "; " : "") + looked[i];
    return msg;
}

} // namespace

Credentials resolve_credentials(const CredentialRequest &req, const GetEnv &env, const KeylessHooks &hooks) {
    const GetEnv getenv_ = [&env](const char *name) -> const char * { return env ? env(name) : nullptr; };
    if (auto c = from_options(req))
        return std::move(*c);
    if (auto c = from_environment(getenv_))
        return std::move(*c);
    std::vector<std::string> looked;
    looked.push_back("options (secret_id/secret_key not set)");
    looked.push_back(std::string("environment (") + kEnvId + "/" + kEnvKey + " not set)");
    if (auto c = ask(hooks.web_identity, "web identity", looked))
        return std::move(*c);

    const char *named_by = nullptr;
    std::string profile = "default";
    if (is_set(req.profile)) {
        profile = req.profile;
        named_by = "options.profile";
    } else if (const char *p = getenv_(kEnvProfile); is_set(p)) {
        profile = p;
        named_by = kEnvProfile;
    }
    if (auto c = from_files(getenv_, profile, looked))
        return std::move(*c);
    // A profile asked for by name is what the caller wants: no fallback.
    if (named_by == nullptr)
        if (auto c = ask(hooks.cvm_role, "CVM instance role", looked))
            return std::move(*c);
    fail(no_credentials(named_by, profile, looked));
}

} // namespace tcss
