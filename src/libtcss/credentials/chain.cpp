// The chain (asks each source in order, remembers which one answered) and
// the cache in front of it (refreshes temporary credentials before they
// expire). After aws-c-auth's credentials_provider_chain.c and
// credentials_provider_cached.c; the "looked at" message, which says for
// each source why it was skipped, is ours.
#include "credentials.hpp"

#include "error.hpp"
#include "log.hpp"
#include "redact.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

namespace tcss {

namespace {

std::string joined(const Looked &looked) {
    std::string out;
    for (std::size_t i = 0; i < looked.size(); ++i) out += (i ? "; " : "") + looked[i];
    return out;
}

}  // namespace

std::optional<Fetched> ChainProvider::fetch(Looked &looked, Deadline deadline) {
    for (const auto &p : providers_) {
        const std::size_t before = looked.size();
        if (auto f = p->fetch(looked, deadline)) {
            answered_ = p.get();
            if (log_ != nullptr)
                (*log_)(TCSS_LOG_INFO, "credentials: using " + (f->used.empty() ? f->creds.source : f->used) +
                                           (before == 0 ? std::string() : "; looked at first: " + joined(looked)));
            return f;
        }
    }
    return std::nullopt;
}

std::optional<Fetched> ChainProvider::prepare(Looked &looked) {
    for (const auto &p : providers_) {
        if (p->talks_to_a_service()) {
            if (p->would_use(looked)) return std::nullopt;  // fetched by the first call, within its deadline
            continue;
        }
        const std::size_t before = looked.size();
        if (auto f = p->fetch(looked, Deadline::max())) {  // settings and local files only
            answered_ = p.get();
            if (log_ != nullptr)
                (*log_)(TCSS_LOG_INFO, "credentials: using " + (f->used.empty() ? f->creds.source : f->used) +
                                           (before == 0 ? std::string() : "; looked at first: " + joined(looked)));
            return f;
        }
    }
    credentials_error("no credentials found; looked at: " + joined(looked));
}

std::optional<std::string> ChainProvider::would_use(Looked &looked) {
    for (const auto &p : providers_)
        if (auto u = p->would_use(looked)) return u;
    return std::nullopt;
}

Fetched ChainProvider::refresh(Deadline deadline) {
    if (answered_ == nullptr) credentials_error("credentials: refreshed before they were resolved");
    return answered_->refresh(deadline);
}

void ChainProvider::add_secrets(Redactor &r) const {
    for (const auto &p : providers_) p->add_secrets(r);
}

void CachingProvider::resolve(Deadline deadline) {
    Looked looked;
    std::optional<Fetched> f = chain_->fetch(looked, deadline);
    if (!f) credentials_error("no credentials found; looked at: " + joined(looked));
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(*f);
    fetched_ = true;
}

std::optional<Credentials> CachingProvider::prepare() {
    Looked looked;
    std::optional<Fetched> f = chain_->prepare(looked);
    if (!f) return std::nullopt;
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(*f);
    fetched_ = true;
    return current_.creds;
}

Credentials CachingProvider::get(Deadline deadline) {
    // Polled rather than std::timed_mutex: its steady-clock wait is
    // pthread_mutex_clocklock, which ThreadSanitizer does not follow. Only
    // a refresh in another thread makes this loop turn.
    while (!mutex_.try_lock()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            throw Error(ErrorInfo::timeout("the call's deadline passed while waiting for credentials that another "
                                           "thread was fetching"));
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(5), deadline - now));
    }
    std::lock_guard<std::mutex> lock(mutex_, std::adopt_lock);
    if (!fetched_) {
        // The first call of a client whose source talks to a service: the
        // exchange counts against this call's deadline. A failure leaves
        // nothing cached, so the next call tries again.
        Looked looked;
        std::optional<Fetched> f = chain_->fetch(looked, deadline);
        if (!f) credentials_error("no credentials found; looked at: " + joined(looked));
        current_ = std::move(*f);
        fetched_ = true;
    } else if (current_.refresh_at != 0 && static_cast<std::int64_t>(std::time(nullptr)) >= current_.refresh_at) {
        current_ = chain_->refresh(deadline);
    }
    return current_.creds;
}

void CachingProvider::add_secrets(Redactor &r) const {
    std::lock_guard<std::mutex> lock(mutex_);
    r.add(current_.creds.secret_key);
    r.add(current_.creds.token);
    chain_->add_secrets(r);
}

std::string dry_run_source(const ProviderContext &ctx) {
    Looked looked;
    const std::optional<std::string> u = default_chain(ctx)->would_use(looked);
    if (!u) credentials_error("no credentials found; looked at: " + joined(looked));
    return *u;
}

Credentials resolve_credentials(const CredentialSettings &settings, const GetEnv &env) {
    const ProviderContext ctx(settings, [&env](const char *name) -> const char * { return env ? env(name) : nullptr; });
    std::vector<ProviderPtr> sources;
    sources.push_back(options_provider(ctx));
    sources.push_back(environment_provider(ctx));
    sources.push_back(profile_provider(ctx));
    CachingProvider cache(std::make_unique<ChainProvider>(std::move(sources)));
    cache.resolve(Deadline::max());
    return cache.get(Deadline::max());
}

}  // namespace tcss
