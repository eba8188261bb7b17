// The client: the options checked, the credential chain behind its cache,
// the transports, and the call engine every action runs on.
#pragma once

#include "actions.hpp"
#include "credentials.hpp"
#include "engine.hpp"
#include "log.hpp"
#include "transport.hpp"

#include <tcss/tcss.h>

#include <memory>
#include <string>

namespace tcss {

struct ClientDefaults {
    static constexpr long connect_timeout_ms = TCSS_DEFAULT_CONNECT_TIMEOUT_MS;
    static constexpr long timeout_ms = TCSS_DEFAULT_TIMEOUT_MS;
    static constexpr unsigned int max_attempts = TCSS_DEFAULT_MAX_ATTEMPTS;
    static constexpr unsigned int max_attempts_limit = TCSS_MAX_ATTEMPTS_LIMIT;
    static constexpr int requests_per_second = TCSS_DEFAULT_REQUESTS_PER_SECOND;
    static constexpr long max_timeout_ms = TCSS_MAX_TIMEOUT_MS;
};

// The public options' credential fields, copied once: nothing below the
// client reads tcss_client_options.
CredentialSettings credential_settings(const tcss_client_options &o);

class Client {
  public:
    // Checks the options, then finds where credentials come from without
    // sending anything: keys from settings and files are read now; a keyless
    // source (STS, the metadata service) is only checked here, and fetched by
    // the first call within that call's deadline. Throws Error (TCSS_EINVAL,
    // TCSS_ECREDENTIALS).
    Client(const tcss_client_options &opts, const GetEnv &env);
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    AddResult add_registry(const tcss_registry_spec &spec) { return tcss::add_registry(*engine_, spec); }
    std::string preview(const tcss_registry_spec &spec) { return preview_add_registry(*engine_, spec); }
    Engine &engine() noexcept { return *engine_; }

  private:
    const CredentialSettings settings_;
    Logger log_;
    Transport transport_;
    Transport metadata_transport_;  // never through a proxy: a link-local service
    std::unique_ptr<CachingProvider> credentials_;
    std::unique_ptr<Engine> engine_;
};

}  // namespace tcss
