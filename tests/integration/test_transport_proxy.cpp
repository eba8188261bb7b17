// A loopback endpoint never goes through a proxy (issue 10 item 9): with
// http_proxy, ALL_PROXY, https_proxy or the proxy option pointing at a
// socket that only records connections, a call to the emulator on
// 127.0.0.1 / localhost still succeeds and the socket sees nothing. Had the
// request gone to the "proxy", it would have waited there until the call's
// timeout, and the signed request with the registry password would have
// been handed to it in clear text.
//
// A control case shows the recorder does see proxied traffic: a request to
// a non-loopback host with the same proxy settings connects to it.
//
// Needs the emulator: when TCSS_EMULATOR is not set the program re-runs
// itself under tests/harness/with-emulator.
#include "transport.hpp"
#include "unit.hpp"

#include <tcss/tcss.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// A listening socket on 127.0.0.1 that answers nothing and counts the
// connections made to it (the kernel completes them into the backlog).
struct Recorder {
    int fd = -1;
    std::string url;
    Recorder() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        assert_true(fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
        assert_int_equal(::listen(fd, 64), 0);
        socklen_t len = sizeof a;
        assert_int_equal(::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len), 0);
        url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    }
    ~Recorder() { ::close(fd); }
    int connections() const {
        int n = 0;
        for (int c; (c = ::accept(fd, nullptr, nullptr)) >= 0; ++n) ::close(c);
        return n;
    }
};

const char *need(const char *name) {
    const char *v = std::getenv(name);
    if (v == nullptr || *v == '\0') fail_msg("%s is not set (run under with-emulator)", name);
    return v;
}

// with-emulator sets no_proxy for loopback; this test must not rely on it.
void clear_proxy_env() {
    for (const char *v :
         {"no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        ::unsetenv(v);
}

// Adds a registry named `name` through a client with these endpoint/proxy
// settings; returns tcss_add_registry's status and fails on a bad id.
int add_through(const char *name, const char *endpoint, const char *ca_file, const char *proxy) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.ca_file = ca_file;
    o.proxy = proxy;
    o.timeout_ms = 3000;
    o.max_attempts = 1;
    tcss_client *c = nullptr;
    if (tcss_client_new(&c, &o) != 0) fail_msg("tcss_client_new: %s", tcss_error_message(tcss_error_last()));
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    s.name = name;
    s.username = need("TCSS_MOCK_REGISTRY_USER");
    s.password = need("TCSS_MOCK_REGISTRY_PASSWORD");
    s.url = need("TCSS_MOCK_REGISTRY");
    s.registry_type = "harbor";
    s.net_type = "public";
    tcss_registry_result *r = nullptr;
    const int rc = tcss_add_registry(&r, c, &s);
    if (rc != 0)
        std::printf("# %s: %s\n", name, tcss_error_message(tcss_error_last()));
    else
        assert_true(r->registry_id > 0);
    tcss_registry_result_free(r);
    tcss_client_free(c);
    return rc;
}

void test_http_proxy_env_is_skipped(void **) {
    Recorder proxy;
    clear_proxy_env();
    ::setenv("http_proxy", proxy.url.c_str(), 1);
    assert_int_equal(add_through("proxy-env-http", need("TCSS_ENDPOINT"), nullptr, nullptr), 0);
    assert_int_equal(proxy.connections(), 0);
    clear_proxy_env();
}

void test_all_proxy_env_is_skipped(void **) {
    Recorder proxy;
    clear_proxy_env();
    ::setenv("ALL_PROXY", proxy.url.c_str(), 1);
    assert_int_equal(add_through("proxy-env-all", need("TCSS_ENDPOINT"), nullptr, nullptr), 0);
    ::unsetenv("ALL_PROXY");
    ::setenv("all_proxy", ("socks5h://" + proxy.url.substr(7)).c_str(), 1);
    assert_int_equal(add_through("proxy-env-all-socks", need("TCSS_ENDPOINT"), nullptr, nullptr), 0);
    assert_int_equal(proxy.connections(), 0);
    clear_proxy_env();
}

void test_proxy_option_is_skipped(void **) {
    Recorder proxy;
    clear_proxy_env();
    assert_int_equal(add_through("proxy-option", need("TCSS_ENDPOINT"), nullptr, proxy.url.c_str()), 0);
    assert_int_equal(proxy.connections(), 0);
}

// https to localhost too: loopback never goes through a proxy.
void test_https_localhost_is_skipped(void **) {
    Recorder proxy;
    clear_proxy_env();
    ::setenv("https_proxy", proxy.url.c_str(), 1);
    const char *tls = need("TCSS_TLS_ENDPOINT");
    assert_int_equal(add_through("proxy-tls-env", tls, need("TCSS_TEST_CA"), nullptr), 0);
    assert_int_equal(add_through("proxy-tls-option", tls, need("TCSS_TEST_CA"), proxy.url.c_str()), 0);
    assert_int_equal(proxy.connections(), 0);
    clear_proxy_env();
}

// Control: for a host that is not loopback the same settings are used, so
// the recorder above would have seen a proxied loopback request.
void test_other_hosts_still_use_the_proxy(void **) {
    Recorder proxy;
    clear_proxy_env();
    tcss::HttpResponse resp;
    tcss::TransportFailure failure;
    {
        tcss::Transport t(tcss::TransportConfig{"", proxy.url, "test"});
        assert_false(t.post("http://tcss.example.invalid/", {}, "{}", std::chrono::milliseconds(500),
                            std::chrono::milliseconds(500), resp, failure));
    }
    assert_int_equal(proxy.connections(), 1);
    ::setenv("http_proxy", proxy.url.c_str(), 1);
    {
        tcss::Transport t(tcss::TransportConfig{"", std::nullopt, "test"});
        assert_false(t.post("http://tcss.example.invalid/", {}, "{}", std::chrono::milliseconds(500),
                            std::chrono::milliseconds(500), resp, failure));
    }
    assert_int_equal(proxy.connections(), 1);
    clear_proxy_env();
}

}  // namespace

int main() {
    if (std::getenv("TCSS_EMULATOR") == nullptr) {
        const std::string harness = std::string(TCSS_WITH_EMULATOR);
        char self[4096];
        const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) return std::perror("readlink /proc/self/exe"), 1;
        self[n] = '\0';
        ::execl(harness.c_str(), harness.c_str(), "--", self, static_cast<char *>(nullptr));
        std::perror(harness.c_str());
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_proxy_env_is_skipped),       cmocka_unit_test(test_all_proxy_env_is_skipped),
        cmocka_unit_test(test_proxy_option_is_skipped),         cmocka_unit_test(test_https_localhost_is_skipped),
        cmocka_unit_test(test_other_hosts_still_use_the_proxy),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
