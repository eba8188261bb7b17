// Source 2: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and
// TENCENTCLOUD_SESSION_TOKEN), the official SDKs' variables. Skipped when
// neither is set.
#include "credentials.hpp"

namespace tcss {
namespace {

constexpr const char *kEnvId = "TENCENTCLOUD_SECRET_ID";
constexpr const char *kEnvKey = "TENCENTCLOUD_SECRET_KEY";
constexpr const char *kEnvToken = "TENCENTCLOUD_SESSION_TOKEN";

class EnvironmentProvider final : public CredentialsProvider {
  public:
    explicit EnvironmentProvider(GetEnv env) : env_(std::move(env)) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline) override {
        const char *id = env_(kEnvId);
        const char *key = env_(kEnvKey);
        const std::string pair = std::string(kEnvId) + "/" + kEnvKey;
        if (is_set(id) && is_set(key)) {
            const char *token = env_(kEnvToken);
            return Fetched{make_credentials(id, key, is_set(token) ? token : "", "environment",
                                            std::string("environment: ") + kEnvId)};
        }
        if (is_set(id) || is_set(key))
            credentials_error(std::string("environment: ") + (is_set(id) ? kEnvId : kEnvKey) + " is set but " +
                              (is_set(id) ? kEnvKey : kEnvId) + " is not set; set both or neither");
        looked.push_back("environment (" + pair + " not set)");
        return std::nullopt;
    }

  private:
    GetEnv env_;
};

} // namespace

ProviderPtr environment_provider(const ProviderContext &ctx) { return std::make_unique<EnvironmentProvider>(ctx.env); }

} // namespace tcss
