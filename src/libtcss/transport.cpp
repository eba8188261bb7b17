#include "transport.hpp"

#include "endpoint.hpp"
#include "error.hpp"
#include "response.hpp"

#include <tcss/tcss.h>

#include <curl/curl.h>

#include <cstring>
#include <new>

namespace tcss {

struct Transport::Handle {
    CURL *easy = nullptr;
    ~Handle() {
        if (easy != nullptr) curl_easy_cleanup(easy);
    }
};

namespace {

struct Sink {
    std::string *body;
    bool too_large = false;
};

size_t write_body(char *data, size_t size, size_t nmemb, void *userdata) {
    auto *sink = static_cast<Sink *>(userdata);
    const size_t n = size * nmemb;
    if (sink->body->size() + n > kMaxResponseBytes) {
        sink->too_large = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

// curl copies header strings into its own list; wipe them before freeing,
// since they include the session token.
struct HeaderList {
    curl_slist *list = nullptr;
    ~HeaderList() {
        for (curl_slist *p = list; p != nullptr; p = p->next)
            if (p->data != nullptr) zeroize(p->data, std::strlen(p->data));
        curl_slist_free_all(list);
    }
};

// True when `url`'s host, as libcurl itself parses it, is a loopback address
// (endpoint.hpp's is_loopback_host: 127.0.0.0/8, ::1, localhost).
bool loopback_url(const std::string &url) {
    struct Url {
        CURLU *u = curl_url();
        char *host = nullptr;
        ~Url() {
            curl_free(host);
            curl_url_cleanup(u);
        }
    } parsed;
    if (parsed.u == nullptr) throw std::bad_alloc();
    if (curl_url_set(parsed.u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
        curl_url_get(parsed.u, CURLUPART_HOST, &parsed.host, 0) != CURLUE_OK || parsed.host == nullptr)
        return false;
    std::string_view host(parsed.host);
    const bool ipv6 = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (ipv6) host = host.substr(1, host.size() - 2);
    return is_loopback_host(host, ipv6);
}

bool is_tls_failure(CURLcode rc) {
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED: return true;
    default: return false;
    }
}

enum class Reached { no, if_sent, yes };

// How one libcurl failure is reported: the error code, whether to retry,
// whether the service may have acted on it, and the message around the URL.
struct FailureKind {
    int code;
    bool retryable;
    Reached reached;
    const char *before_url;
    const char *after_url;
};

FailureKind kind_of(CURLcode rc) {
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: return {TCSS_ETIMEOUT, true, Reached::if_sent, "timed out talking to ", ""};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: return {TCSS_ENETWORK, true, Reached::no, "could not reach ", ""};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return {TCSS_ENETWORK, true, Reached::yes, "connection to ", " failed"};
    case CURLE_PARTIAL_FILE: return {TCSS_EBADRESPONSE, true, Reached::yes, "truncated response from ", ""};
    default:
        if (is_tls_failure(rc)) return {TCSS_ETLS, false, Reached::no, "TLS with ", " failed"};
        return {TCSS_ENETWORK, false, Reached::no, "request to ", " failed"};
    }
}

TransportFailure classify(CURLcode rc, const char *errbuf, bool too_large, bool sent_request, const std::string &url) {
    TransportFailure f;
    const std::string detail =
        std::string(curl_easy_strerror(rc)) + (errbuf[0] != '\0' ? std::string(": ") + errbuf : std::string());
    if (rc == CURLE_OUT_OF_MEMORY) {
        f.code = TCSS_ENOMEM;
        f.message = "out of memory in libcurl";
    } else if (rc == CURLE_WRITE_ERROR) {
        f.code = too_large ? TCSS_EBADRESPONSE : TCSS_EINTERNAL;
        f.message = too_large
                        ? "response from " + url + " is larger than " + std::to_string(kMaxResponseBytes) + " bytes"
                        : "could not store the response (" + detail + ")";
        f.maybe_reached = true;
    } else {
        const FailureKind k = kind_of(rc);
        f.code = k.code;
        f.retryable = k.retryable;
        f.maybe_reached = k.reached == Reached::yes || (k.reached == Reached::if_sent && sent_request);
        f.message = k.before_url + url + k.after_url + " (" + detail + ")";
    }
    return f;
}

}  // namespace

void ensure_curl_initialised() {
    static std::once_flag once;
    static CURLcode rc = CURLE_OK;
    std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (rc != CURLE_OK) throw Error(TCSS_EINTERNAL, "curl_global_init failed");
}

Transport::Transport(TransportConfig config) : config_(std::move(config)) { ensure_curl_initialised(); }

Transport::~Transport() = default;

std::unique_ptr<Transport::Handle> Transport::take() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            auto h = std::move(idle_.back());
            idle_.pop_back();
            return h;
        }
    }
    auto h = std::make_unique<Handle>();
    h->easy = curl_easy_init();
    if (h->easy == nullptr) throw std::bad_alloc();
    CURL *e = h->easy;
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, config_.user_agent.c_str());
    if (!config_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, config_.ca_file.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_body);
    return h;
}

void Transport::give_back(std::unique_ptr<Handle> h) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(h));
}

bool Transport::post(const std::string &url, const std::vector<SecretString> &headers, std::string_view body,
                     std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout,
                     HttpResponse &response, TransportFailure &failure, bool fresh) {
    return perform(url, headers, &body, connect_timeout, timeout, response, failure, fresh);
}

bool Transport::get(const std::string &url, const std::vector<SecretString> &headers,
                    std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout,
                    HttpResponse &response, TransportFailure &failure) {
    return perform(url, headers, nullptr, connect_timeout, timeout, response, failure, false);
}

// A POST of *body, or a GET when body is nullptr.
bool Transport::perform(const std::string &url, const std::vector<SecretString> &headers, const std::string_view *body,
                        std::chrono::milliseconds connect_timeout, std::chrono::milliseconds timeout,
                        HttpResponse &response, TransportFailure &failure, bool fresh) {
    std::unique_ptr<Handle> h = take();
    CURL *e = h->easy;
    HeaderList hl;
    for (const auto &line : headers) {
        curl_slist *next = curl_slist_append(hl.list, line.c_str());
        if (next == nullptr) throw std::bad_alloc();
        hl.list = next;
    }
    for (const char *suppress : {"Expect:", "Accept:"}) {
        curl_slist *next = curl_slist_append(hl.list, suppress);
        if (next == nullptr) throw std::bad_alloc();
        hl.list = next;
    }
    response.status = 0;
    response.body.clear();
    Sink sink{&response.body};
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    // A loopback endpoint never goes through a proxy: "" turns off the
    // proxy option and http_proxy/ALL_PROXY alike, so a plain-http signed
    // request (and the password in it) cannot reach a proxy in clear text.
    // Otherwise the option, or (nullptr) libcurl's environment handling.
    const char *proxy = config_.proxy ? config_.proxy->c_str() : nullptr;
    curl_easy_setopt(e, CURLOPT_PROXY, loopback_url(url) ? "" : proxy);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl.list);
    if (body != nullptr) {
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
    CURLcode rc = curl_easy_perform(e);
    long request_size = 0;
    curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response.status);
    // Nothing of this call may outlive it inside the pooled handle.
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, nullptr);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, nullptr);
    bool ok = rc == CURLE_OK;
    if (!ok) failure = classify(rc, errbuf, sink.too_large, request_size > 0, url);
    if (rc == CURLE_OK || failure.retryable || failure.code == TCSS_EBADRESPONSE) give_back(std::move(h));
    // A handle whose TLS setup failed is dropped with its connection.
    return ok;
}

}  // namespace tcss
