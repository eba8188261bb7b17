// The library's credential chain, in order. A new source is one file in this
// folder (a CredentialsProvider and its maker, declared in credentials.hpp)
// and one line here.
#include "credentials.hpp"

namespace tcss {

std::unique_ptr<ChainProvider> default_chain(const ProviderContext &ctx) {
    std::vector<ProviderPtr> sources;
    sources.push_back(options_provider(ctx));       // secret_id/secret_key options
    sources.push_back(environment_provider(ctx));   // TENCENTCLOUD_SECRET_ID/KEY
    sources.push_back(web_identity_provider(ctx));  // OIDC token -> STS AssumeRoleWithWebIdentity
    sources.push_back(profile_provider(ctx));       // ~/.tencentcloud/credentials, /etc/...
    sources.push_back(cvm_role_provider(ctx));      // the CVM instance role (metadata service)
    return std::make_unique<ChainProvider>(std::move(sources));
}

} // namespace tcss
