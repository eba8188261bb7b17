// Source 1: the credentials the caller passed (secret_id, secret_key and
// session_token of tcss_client_options). Skipped when neither half is given.
#include "credentials.hpp"

namespace tcss {
namespace {

class OptionsProvider final : public CredentialsProvider {
  public:
    explicit OptionsProvider(const CredentialSettings &s)
        : id_(s.secret_id.value_or("")), key_(s.secret_key.value_or(SecretString())),
          token_(s.session_token.value_or(SecretString())) {}

    std::optional<Fetched> fetch(Looked &looked, Deadline) override {
        const bool has_id = !id_.empty(), has_key = !key_.empty();
        if (has_id && has_key) return Fetched{make_credentials(id_, key_, token_, "options", "options: secret_id")};
        if (has_id) credentials_error("options: secret_id is set but secret_key is not set; set both or neither");
        if (has_key) credentials_error("options: secret_key is set but secret_id is not set; set both or neither");
        if (!token_.empty()) credentials_error("options: session_token is set but secret_id and secret_key are not");
        looked.push_back("options (secret_id/secret_key not set)");
        return std::nullopt;
    }
    std::optional<std::string> would_use(Looked &looked) override {
        if (!fetch(looked, Deadline::max())) return std::nullopt;
        return std::string("options (secret_id/secret_key") + (token_.empty() ? ")" : ", session_token)");
    }

  private:
    std::string id_;
    SecretString key_, token_;
};

}  // namespace

ProviderPtr options_provider(const ProviderContext &ctx) { return std::make_unique<OptionsProvider>(ctx.settings); }

}  // namespace tcss
