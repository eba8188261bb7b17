// The C boundary. Every exported function is noexcept in effect: its body
// runs inside TCSS_TRY / TCSS_CATCH, which turns every exception into an
// error code and this thread's last error. Nothing else is exported
// (abi/libtcss.map, -fvisibility=hidden).
#include "client.hpp"
#include "error.hpp"
#include "secret.hpp"

#include <tcss/tcss.h>

#include <cstdlib>
#include <cstring>
#include <new>

struct tcss_error {
    tcss::ErrorInfo info;
};

struct tcss_client {
    explicit tcss_client(const tcss_client_options &o)
        : impl(o, [](const char *name) -> const char * { return std::getenv(name); }) {}
    tcss::Client impl;
};

namespace {

thread_local tcss_error t_last_error;

int record(tcss::ErrorInfo &&info) noexcept {
    const int code = info.code;
    t_last_error.info = std::move(info);
    return code;
}

int record(int code, const char *message) noexcept {
    try {
        tcss::ErrorInfo info;
        info.code = code;
        info.message = message;
        return record(std::move(info));
    } catch (...) {
        t_last_error.info = tcss::ErrorInfo();
        t_last_error.info.code = code;
        return code;
    }
}

const char *or_empty(const std::string &s) noexcept { return s.c_str(); }

// Copies a result into one malloc'd block: the struct, then its strings.
tcss_registry_result *pack_result(const tcss::AddResult &r) {
    const std::size_t a = r.request_id.size() + 1, b = r.health_check_err.size() + 1,
                      c = r.name_repeat_err.size() + 1;
    auto *block = static_cast<char *>(std::calloc(1, sizeof(tcss_registry_result) + a + b + c));
    if (block == nullptr) throw std::bad_alloc();
    auto *out = reinterpret_cast<tcss_registry_result *>(block);
    char *p = block + sizeof(tcss_registry_result);
    std::memcpy(p, r.request_id.c_str(), a);
    out->request_id = p;
    p += a;
    std::memcpy(p, r.health_check_err.c_str(), b);
    out->health_check_err = p;
    p += b;
    std::memcpy(p, r.name_repeat_err.c_str(), c);
    out->name_repeat_err = p;
    out->registry_id = r.registry_id;
    out->already_existed = r.already_existed ? 1 : 0;
    out->attempts = r.attempts;
    return out;
}

} // namespace

#define TCSS_TRY try {
#define TCSS_CATCH                                                                       \
    }                                                                                    \
    catch (tcss::Error & e) {                                                            \
        return record(std::move(e.info()));                                              \
    }                                                                                    \
    catch (const std::bad_alloc &) {                                                     \
        return record(TCSS_ENOMEM, "out of memory");                                     \
    }                                                                                    \
    catch (const std::exception &e) {                                                    \
        return record(TCSS_EINTERNAL, e.what());                                         \
    }                                                                                    \
    catch (...) {                                                                        \
        return record(TCSS_EINTERNAL, "internal error: unknown exception");              \
    }

extern "C" {

unsigned int tcss_version_number(void) { return TCSS_VERSION_NUMBER; }

const char *tcss_version(void) { return TCSS_VERSION_STRING; }

const tcss_error *tcss_error_last(void) { return &t_last_error; }

void tcss_error_clear(void) {
    try {
        t_last_error.info = tcss::ErrorInfo();
    } catch (...) {
    }
}

int tcss_error_code_of(const tcss_error *err) { return err != nullptr ? err->info.code : TCSS_OK; }

const char *tcss_error_message(const tcss_error *err) { return err != nullptr ? or_empty(err->info.message) : ""; }

const char *tcss_error_service_code(const tcss_error *err) {
    return err != nullptr ? or_empty(err->info.service_code) : "";
}

const char *tcss_error_service_message(const tcss_error *err) {
    return err != nullptr ? or_empty(err->info.service_message) : "";
}

const char *tcss_error_request_id(const tcss_error *err) {
    return err != nullptr ? or_empty(err->info.request_id) : "";
}

long tcss_error_http_status(const tcss_error *err) { return err != nullptr ? err->info.http_status : 0; }

unsigned int tcss_error_attempts(const tcss_error *err) { return err != nullptr ? err->info.attempts : 0; }

const char *tcss_error_class_name(int code) {
    switch (code) {
    case TCSS_OK: return "ok";
    case TCSS_EINVAL: return "invalid_argument";
    case TCSS_ECREDENTIALS: return "credentials";
    case TCSS_EAUTH: return "auth";
    case TCSS_ESERVICE: return "service";
    case TCSS_ERATELIMIT: return "rate_limited";
    case TCSS_ENETWORK: return "network";
    case TCSS_ETIMEOUT: return "timeout";
    case TCSS_ETLS: return "tls";
    case TCSS_EBADRESPONSE: return "bad_response";
    case TCSS_ENOMEM: return "out_of_memory";
    case TCSS_EINTERNAL: return "internal";
    default: return "unknown";
    }
}

int tcss_client_options_init(tcss_client_options *opts, unsigned int version) {
    if (opts == nullptr) return record(TCSS_EINVAL, "opts: must not be NULL");
    if (version != TCSS_CLIENT_OPTIONS_VERSION)
        return record(TCSS_EINVAL, "tcss_client_options_init: unknown options version");
    const tcss_client_options init = TCSS_CLIENT_OPTIONS_INIT;
    *opts = init;
    return TCSS_OK;
}

int tcss_client_new(tcss_client **out, const tcss_client_options *opts) {
    TCSS_TRY
    if (out == nullptr) tcss::invalid("out: must not be NULL");
    const tcss_client_options defaults = TCSS_CLIENT_OPTIONS_INIT;
    if (opts == nullptr) opts = &defaults;
    if (opts->version != TCSS_CLIENT_OPTIONS_VERSION)
        tcss::invalid("options.version: unknown version " + std::to_string(opts->version) +
                      " (this library knows " + std::to_string(TCSS_CLIENT_OPTIONS_VERSION) +
                      "; initialise with TCSS_CLIENT_OPTIONS_INIT or tcss_client_options_init)");
    *out = new tcss_client(*opts);
    return TCSS_OK;
    TCSS_CATCH
}

void tcss_client_free(tcss_client *client) { delete client; }

int tcss_registry_spec_init(tcss_registry_spec *spec, unsigned int version) {
    if (spec == nullptr) return record(TCSS_EINVAL, "spec: must not be NULL");
    if (version != TCSS_REGISTRY_SPEC_VERSION)
        return record(TCSS_EINVAL, "tcss_registry_spec_init: unknown spec version");
    const tcss_registry_spec init = TCSS_REGISTRY_SPEC_INIT;
    *spec = init;
    return TCSS_OK;
}

int tcss_add_registry(tcss_registry_result **out, tcss_client *client, const tcss_registry_spec *spec) {
    TCSS_TRY
    if (out == nullptr) tcss::invalid("out: must not be NULL");
    if (client == nullptr) tcss::invalid("client: must not be NULL");
    if (spec == nullptr) tcss::invalid("spec: must not be NULL");
    tcss::AddResult r = client->impl.add_registry(*spec);
    *out = pack_result(r);
    return TCSS_OK;
    TCSS_CATCH
}

void tcss_registry_result_free(tcss_registry_result *result) { std::free(result); }

int tcss_add_registry_preview(char **out, tcss_client *client, const tcss_registry_spec *spec) {
    TCSS_TRY
    if (out == nullptr) tcss::invalid("out: must not be NULL");
    if (client == nullptr) tcss::invalid("client: must not be NULL");
    if (spec == nullptr) tcss::invalid("spec: must not be NULL");
    std::string text = client->impl.preview(*spec);
    char *copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *out = copy;
    return TCSS_OK;
    TCSS_CATCH
}

void tcss_string_free(char *str) {
    if (str == nullptr) return;
    tcss::zeroize(str, std::strlen(str));
    std::free(str);
}

} // extern "C"
