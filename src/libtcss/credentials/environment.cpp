// Source: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, the official
// SDKs' variables, with the session token of temporary keys under any of the
// names the ecosystem exports it as: TENCENTCLOUD_SESSION_TOKEN (the SDKs),
// TENCENTCLOUD_TOKEN (tccli), TENCENTCLOUD_SECURITY_TOKEN (the Terraform
// provider). Two of them set to different values are refused: which one the
// keys belong to cannot be known. Skipped when neither key is set.
#include "credentials.hpp"

#include "validate.hpp"

namespace tcss {
namespace {

constexpr const char *kEnvId = "TENCENTCLOUD_SECRET_ID";
constexpr const char *kEnvKey = "TENCENTCLOUD_SECRET_KEY";
constexpr const char *kTokenNames[] = {"TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_TOKEN",
                                       "TENCENTCLOUD_SECURITY_TOKEN"};

class EnvironmentProvider final : public CredentialsProvider {
  public:
    explicit EnvironmentProvider(GetEnv env) : env_(std::move(env)) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline) override {
        const char *id = env_(kEnvId);
        const char *key = env_(kEnvKey);
        const std::string pair = std::string(kEnvId) + "/" + kEnvKey;
        if (is_set(id) && is_set(key)) {
            const char *from = nullptr;
            const char *token = session_token(from);
            if (from != nullptr) check_session_token(token, std::string("environment: ") + from);
            Fetched f{make_credentials(id, key, from != nullptr ? token : "", "environment",
                                       std::string("environment: ") + kEnvId)};
            f.used =
                "environment (" + pair + (from != nullptr ? std::string(", session token from ") + from : "") + ")";
            return f;
        }
        if (is_set(id) || is_set(key))
            credentials_error(std::string("environment: ") + (is_set(id) ? kEnvId : kEnvKey) + " is set but " +
                              (is_set(id) ? kEnvKey : kEnvId) + " is not set; set both or neither");
        looked.push_back("environment (" + pair + " not set)");
        return std::nullopt;
    }

  private:
    // The first of the token variables that is set; `from` names it (nullptr:
    // none). Another one set to a different value is an error naming both.
    const char *session_token(const char *&from) const {
        const char *value = nullptr;
        for (const char *name : kTokenNames) {
            const char *v = env_(name);
            if (!is_set(v)) continue;
            if (value == nullptr) {
                value = v;
                from = name;
            } else if (std::string_view(v) != value) {
                credentials_error(std::string("environment: ") + from + " and " + name +
                                  " are both set, to different session tokens; unset one");
            }
        }
        return value;
    }

    GetEnv env_;
};

}  // namespace

ProviderPtr environment_provider(const ProviderContext &ctx) { return std::make_unique<EnvironmentProvider>(ctx.env); }

}  // namespace tcss
