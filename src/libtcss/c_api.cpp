// The C boundary. Every exported function that can fail runs its body
// inside guarded(), which turns every exception into an error code and this
// thread's last error. Nothing else is exported (abi/libtcss.map,
// -fvisibility=hidden).
#include "client.hpp"
#include "error.hpp"
#include "jobs.hpp"
#include "secret.hpp"

#include <tcss/tcss.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstddef>
#include <cstring>
#include <new>

struct tcss_error {
    tcss::ErrorInfo info;
};

// A 1.1 call's result: its JSON document and the same printed once; a
// scan's also keeps what its reports are written from.
struct tcss_result {
    explicit tcss_result(tcss::Json d, std::shared_ptr<const tcss::ScanRecord> s = nullptr)
        : doc(std::move(d)), scan(std::move(s)) {
        char *text = cJSON_PrintUnformatted(doc.get());
        if (text == nullptr) throw std::bad_alloc();
        json.assign(text);
        cJSON_free(text);
    }
    tcss::Json doc;
    std::shared_ptr<const tcss::ScanRecord> scan;
    std::string json;
    mutable std::string scratch;  // tcss_result_string's answer
};

struct tcss_client {
    explicit tcss_client(const tcss_client_options &o)
        : impl(o, [](const char *name) -> const char * { return std::getenv(name); }) {}
    tcss::Client impl;
};

namespace {

// The error every thread reports when memory ran out, even while recording
// an error: static, so reporting it needs no allocation (libgit2's
// oom_error). Its strings fit in std::string's inline buffer.
const tcss_error g_oom_error{tcss::ErrorInfo{TCSS_ENOMEM, "out of memory", "", "", "", 0, 0}};
const tcss_error g_no_error{};

// This thread's last error: its own storage, or one of the statics above.
thread_local tcss_error t_error;
thread_local const tcss_error *t_last = nullptr;

std::atomic<tcss::test_hooks::AllocFailHook> g_alloc_fail_hook{nullptr};

// True when a test asked this allocation to fail.
bool injected_failure(const char *where) noexcept {
    const auto hook = g_alloc_fail_hook.load(std::memory_order_acquire);
    return hook != nullptr && hook(where);
}

int record_oom() noexcept {
    t_last = &g_oom_error;
    return TCSS_ENOMEM;
}

int record(tcss::ErrorInfo &&info) noexcept {
    if (injected_failure("error")) return record_oom();
    const int code = info.code;
    t_error.info = std::move(info);  // moves: no allocation
    t_last = &t_error;
    return code;
}

int record(int code, const char *message) noexcept {
    try {
        if (injected_failure("error")) throw std::bad_alloc();
        tcss::ErrorInfo info;
        info.code = code;
        info.message = message;
        return record(std::move(info));
    } catch (...) {
        return record_oom();
    }
}

// Runs `body` (which returns a tcss_error_code) so that no exception escapes.
template <typename F>
int guarded(F &&body) noexcept {
    try {
        return body();
    } catch (tcss::Error &e) {
        return record(std::move(e.info()));
    } catch (const std::bad_alloc &) {
        return record_oom();
    } catch (const std::exception &e) {
        return record(TCSS_EINTERNAL, e.what());
    } catch (...) {
        return record(TCSS_EINTERNAL, "internal error: unknown exception");
    }
}

void *checked_alloc(const char *where, std::size_t n, bool zeroed) {
    void *p = injected_failure(where) ? nullptr : (zeroed ? std::calloc(1, n) : std::malloc(n));
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

const char *or_empty(const std::string &s) noexcept { return s.c_str(); }

// Copies a result into one malloc'd block: the struct, then its strings.
tcss_registry_result *pack_result(const tcss::AddResult &r) {
    const std::size_t a = r.request_id.size() + 1, b = r.health_check_err.size() + 1, c = r.name_repeat_err.size() + 1;
    auto *block = static_cast<char *>(checked_alloc("result", sizeof(tcss_registry_result) + a + b + c, true));
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

void check_version(const char *what, unsigned int version, unsigned int current, const char *how) {
    if (!tcss::struct_version_known(version, current))
        tcss::invalid(std::string(what) + ": unknown version " + std::to_string(version) +
                      " (this library knows 1 to " + std::to_string(current) + "; initialise with " + how + ")");
}

// The size of the options struct as a caller of `version` knows it. Only
// that much is read; later fields keep their defaults.
std::size_t options_size(unsigned int version) noexcept {
    // Version 1 ended at log_level; version 2 added the keyless fields,
    // version 3 dry_run.
    if (version == 1) return offsetof(tcss_client_options, sts_endpoint);
    if (version == 2) return offsetof(tcss_client_options, dry_run);
    return sizeof(tcss_client_options);
}

std::size_t scan_options_size(unsigned int version) noexcept {
    (void)version;
    return sizeof(tcss_scan_options);
}

std::size_t spec_size(unsigned int version) noexcept {
    (void)version;
    return sizeof(tcss_registry_spec);
}

// The spec as this library reads it: what a caller of an older version
// passed, the fields it does not know at their defaults.
tcss_registry_spec upgraded_spec(const tcss_registry_spec *spec) {
    if (spec == nullptr) tcss::invalid("spec: must not be NULL");
    check_version("spec.version", spec->version, TCSS_REGISTRY_SPEC_VERSION, "tcss_registry_spec_init");
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    std::memcpy(&s, spec, spec_size(spec->version));
    s.version = TCSS_REGISTRY_SPEC_VERSION;
    return s;
}

// An options struct's *_init: the defaults, as much of them as a caller of
// `version` knows.
template <typename T>
int init_struct(T *p, const char *arg, const char *fn, unsigned int version, unsigned int current, const char *macro,
                T defaults, std::size_t (*size)(unsigned int) noexcept) {
    return guarded([&] {
        if (p == nullptr) tcss::invalid(std::string(arg) + ": must not be NULL");
        check_version(fn, version, current, macro);
        defaults.version = version;
        std::memcpy(p, &defaults, size(version));
        return TCSS_OK;
    });
}

// A 1.1 call: out and client checked, the job's document made a result.
template <typename F>
int run_job(tcss_result **out, tcss_client *client, F &&job) {
    return guarded([&] {
        if (out == nullptr) tcss::invalid("out: must not be NULL");
        if (client == nullptr) tcss::invalid("client: must not be NULL");
        tcss::Json doc = job(client->impl.engine());
        if (injected_failure("result")) throw std::bad_alloc();
        *out = new tcss_result(std::move(doc));
        return TCSS_OK;
    });
}

std::string required_name(const char *name) {
    if (name == nullptr) tcss::invalid("name: must not be NULL");
    return name;
}

// The common arguments of a call on a client, checked; the spec upgraded.
tcss_registry_spec call_arguments(const void *out, const tcss_client *client, const tcss_registry_spec *spec) {
    if (out == nullptr) tcss::invalid("out: must not be NULL");
    if (client == nullptr) tcss::invalid("client: must not be NULL");
    return upgraded_spec(spec);
}

}  // namespace

namespace tcss {

bool struct_version_known(unsigned int version, unsigned int current) noexcept {
    return version >= 1 && version <= current;
}

namespace test_hooks {
void set_alloc_fail_hook(AllocFailHook hook) noexcept { g_alloc_fail_hook.store(hook, std::memory_order_release); }
}  // namespace test_hooks

}  // namespace tcss

extern "C" {

unsigned int tcss_version_number(void) { return TCSS_VERSION_NUMBER; }

const char *tcss_version(void) { return TCSS_VERSION_STRING; }

const tcss_error *tcss_error_last(void) { return t_last != nullptr ? t_last : &g_no_error; }

void tcss_error_clear(void) { t_last = nullptr; }

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
    case TCSS_ENOTFOUND: return "not_found";
    default: return "unknown";
    }
}

int tcss_client_options_init(tcss_client_options *opts, unsigned int version) {
    const tcss_client_options defaults = TCSS_CLIENT_OPTIONS_INIT;
    return init_struct(opts, "opts", "tcss_client_options_init", version, TCSS_CLIENT_OPTIONS_VERSION,
                       "TCSS_CLIENT_OPTIONS_VERSION", defaults, options_size);
}

int tcss_client_new(tcss_client **out, const tcss_client_options *opts) {
    return guarded([&] {
        if (out == nullptr) tcss::invalid("out: must not be NULL");
        tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
        if (opts != nullptr) {
            check_version("options.version", opts->version, TCSS_CLIENT_OPTIONS_VERSION,
                          "TCSS_CLIENT_OPTIONS_INIT or tcss_client_options_init");
            std::memcpy(&o, opts, options_size(opts->version));
        }
        if (injected_failure("client")) throw std::bad_alloc();
        *out = new tcss_client(o);
        return TCSS_OK;
    });
}

void tcss_client_free(tcss_client *client) { delete client; }

int tcss_registry_spec_init(tcss_registry_spec *spec, unsigned int version) {
    const tcss_registry_spec defaults = TCSS_REGISTRY_SPEC_INIT;
    return init_struct(spec, "spec", "tcss_registry_spec_init", version, TCSS_REGISTRY_SPEC_VERSION,
                       "TCSS_REGISTRY_SPEC_VERSION", defaults, spec_size);
}

int tcss_add_registry(tcss_registry_result **out, tcss_client *client, const tcss_registry_spec *spec) {
    return guarded([&] {
        const tcss_registry_spec s = call_arguments(out, client, spec);
        tcss::AddResult r = client->impl.add_registry(s);
        *out = pack_result(r);
        return TCSS_OK;
    });
}

void tcss_registry_result_free(tcss_registry_result *result) { std::free(result); }

int tcss_add_registry_preview(char **out, tcss_client *client, const tcss_registry_spec *spec) {
    return guarded([&] {
        const tcss_registry_spec s = call_arguments(out, client, spec);
        std::string text = client->impl.preview(s);
        auto *copy = static_cast<char *>(checked_alloc("string", text.size() + 1, false));
        std::memcpy(copy, text.c_str(), text.size() + 1);
        tcss::zeroize(&text[0], text.size());
        *out = copy;
        return TCSS_OK;
    });
}

void tcss_string_free(char *str) {
    if (str == nullptr) return;
    tcss::zeroize(str, std::strlen(str));
    std::free(str);
}

const char *tcss_result_json(const tcss_result *result) { return result != nullptr ? result->json.c_str() : "{}"; }

const char *tcss_result_string(const tcss_result *result, const char *key) {
    if (result == nullptr || key == nullptr) return "";
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(result->doc.get(), key);
    try {
        if (cJSON_IsString(v) && v->valuestring != nullptr) return v->valuestring;
        if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? "true" : "false";
        if (!cJSON_IsNumber(v)) return "";
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
        result->scratch = buf;
        return result->scratch.c_str();
    } catch (...) {
        return "";
    }
}

long long tcss_result_int(const tcss_result *result, const char *key, long long fallback) {
    if (result == nullptr || key == nullptr) return fallback;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(result->doc.get(), key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble > -9.2e18 && v->valuedouble < 9.2e18) ||
        v->valuedouble != static_cast<double>(static_cast<long long>(v->valuedouble)))
        return fallback;
    return static_cast<long long>(v->valuedouble);
}

void tcss_result_free(tcss_result *result) { delete result; }

int tcss_ensure_registry(tcss_result **out, tcss_client *client, const tcss_registry_spec *spec, int update) {
    return guarded([&] {
        const tcss_registry_spec s = call_arguments(out, client, spec);
        return run_job(out, client, [&](tcss::Engine &e) { return tcss::ensure_registry(e, s, update); });
    });
}

int tcss_list_registries(tcss_result **out, tcss_client *client) {
    return run_job(out, client, [](tcss::Engine &e) { return tcss::list_registries_json(e); });
}

int tcss_show_registry(tcss_result **out, tcss_client *client, const char *name) {
    return run_job(out, client, [&](tcss::Engine &e) { return tcss::show_registry(e, required_name(name)); });
}

int tcss_remove_registry(tcss_result **out, tcss_client *client, const char *name) {
    return run_job(out, client, [&](tcss::Engine &e) { return tcss::remove_registry_by_name(e, required_name(name)); });
}

int tcss_sync_registry(tcss_result **out, tcss_client *client, const char *name, long wait_ms) {
    return run_job(out, client, [&](tcss::Engine &e) {
        if (wait_ms < 0 || wait_ms > TCSS_MAX_TIMEOUT_MS)
            tcss::invalid("wait_ms: must be 0 (do not wait) to " + std::to_string(TCSS_MAX_TIMEOUT_MS));
        return tcss::sync_registry_and_wait(e, required_name(name), wait_ms);
    });
}

int tcss_scan_options_init(tcss_scan_options *opts, unsigned int version) {
    const tcss_scan_options defaults = TCSS_SCAN_OPTIONS_INIT;
    return init_struct(opts, "opts", "tcss_scan_options_init", version, TCSS_SCAN_OPTIONS_VERSION,
                       "TCSS_SCAN_OPTIONS_VERSION", defaults, scan_options_size);
}

int tcss_scan_image(tcss_result **out, tcss_client *client, const tcss_scan_options *opts) {
    return guarded([&] {
        if (out == nullptr) tcss::invalid("out: must not be NULL");
        if (client == nullptr) tcss::invalid("client: must not be NULL");
        if (opts == nullptr) tcss::invalid("opts: must not be NULL");
        check_version("opts.version", opts->version, TCSS_SCAN_OPTIONS_VERSION,
                      "TCSS_SCAN_OPTIONS_INIT or tcss_scan_options_init");
        tcss_scan_options o = TCSS_SCAN_OPTIONS_INIT;
        std::memcpy(&o, opts, scan_options_size(opts->version));
        tcss::ScanJob job = tcss::scan_image(client->impl.engine(), o);
        if (injected_failure("result")) throw std::bad_alloc();
        *out = new tcss_result(std::move(job.doc), std::move(job.record));
        return TCSS_OK;
    });
}

int tcss_result_write_report(const tcss_result *scan, const char *format, const char *path) {
    return guarded([&] {
        if (scan == nullptr || !scan->scan) tcss::invalid("scan: must be the result of tcss_scan_image");
        if (format == nullptr) tcss::invalid("format: must be gitlab, sarif, junit or json");
        if (path == nullptr || path[0] == '\0') tcss::invalid("path: must not be empty");
        tcss::scan::ReportRequest req;
        req.format = tcss::scan::parse_report_format(format);
        req.path = path;
        const tcss::ScanRecord &r = *scan->scan;
        tcss::scan::write_report_file(req, {r.findings, r.decision, r.ignores, r.context});
        return TCSS_OK;
    });
}

int tcss_client_add_secret(tcss_client *client, const char *secret) {
    return guarded([&] {
        if (client == nullptr) tcss::invalid("client: must not be NULL");
        if (secret == nullptr) tcss::invalid("secret: must not be NULL");
        tcss::Redactor r;
        r.add_basic_auth("", secret);  // the value, and its part of any "user:value" Basic credential
        client->impl.engine().add_secrets(r);
        return TCSS_OK;
    });
}

}  // extern "C"
