// What every credential source shares: the SecretId rule, reading a secrets
// file safely, and the provider interface's defaults. No message carries a
// secret (nor a line of a file, which might hold one).
#include "credentials.hpp"

#include "ascii.hpp"
#include "error.hpp"
#include "redact.hpp"

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
        if (errno == ENOENT || errno == ENOTDIR) return -1;
        credentials_error("cannot read credentials file " + path + ": " + std::strerror(errno));
    }
    Fd guard{fd};
    struct stat sb {};
    if (::fstat(fd, &sb) != 0) credentials_error("cannot read credentials file " + path + ": " + std::strerror(errno));
    if (!S_ISREG(sb.st_mode))
        credentials_error("credentials file " + path + " is not a regular file but " + file_kind(sb.st_mode) +
                          "; a credentials file must be a regular file");
    if (static_cast<unsigned long long>(sb.st_size) > kMaxFileSize)
        credentials_error("credentials file " + path + " is larger than " + std::to_string(kMaxFileSize / 1024) +
                          " KiB; it is not a credentials file");
    size = static_cast<std::size_t>(sb.st_size);
    guard.fd = -1;
    return fd;
}

}  // namespace

// A missing file is not an error; anything else that stops us reading one
// that is there is.
bool read_credentials_file(const std::string &path, SecretString &out) {
    std::size_t size = 0;
    const int fd = open_regular(path, size);
    if (fd < 0) return false;
    Fd closer{fd};
    out.reserve(size);
    // Plain read() into a stack buffer we wipe: a std::ifstream would keep
    // its own copy of the file (secret_key, token) in a buffer freed unwiped.
    char buf[4096];
    const auto wipe = on_scope_exit([&buf] { zeroize(buf, sizeof buf); });
    for (;;) {
        const ssize_t got = ::read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) credentials_error("cannot read credentials file " + path + ": " + std::strerror(errno));
        if (got == 0) return true;
        // Our own cap too, in case the file grew since fstat().
        if (out.size() + static_cast<std::size_t>(got) > kMaxFileSize)
            credentials_error("credentials file " + path + " grew past " + std::to_string(kMaxFileSize / 1024) +
                              " KiB while being read; it is not a credentials file");
        out.append(buf, static_cast<std::size_t>(got));
    }
}

void credentials_error(const std::string &message) { throw Error(TCSS_ECREDENTIALS, message); }

Credentials make_credentials(std::string_view id, std::string_view key, std::string_view token, std::string source,
                             std::string_view where) {
    check_secret_id(id, where);
    Credentials c;
    c.secret_id.assign(id.data(), id.size());
    c.secret_key.assign(key.data(), key.size());
    c.token.assign(token.data(), token.size());
    c.source = std::move(source);
    return c;
}

Fetched CredentialsProvider::refresh(Deadline deadline) {
    Looked looked;
    if (auto f = fetch(looked, deadline)) return std::move(*f);
    credentials_error("credentials: the source that gave them has none now (" + (looked.empty() ? "" : looked.back()) +
                      ")");
}

void CredentialsProvider::add_secrets(Redactor &) const {}

std::optional<std::string> CredentialsProvider::would_use(Looked &looked) {
    std::optional<Fetched> f = fetch(looked, Deadline::max());
    if (!f) return std::nullopt;
    return f->used;
}

void check_secret_id(std::string_view secret_id, std::string_view source) {
    bool ok = !secret_id.empty();
    for (char c : secret_id) ok = ok && ascii::is_visible(c) && c != ',' && c != '/';
    if (!ok)
        credentials_error(std::string(source) + ": the SecretId must be non-empty visible ASCII without spaces, "
                                                "control characters, ',' or '/'");
}

}  // namespace tcss
