// The library's credential chain, in order. A new source is one file in this
// folder (a CredentialsProvider and its maker, declared in credentials.hpp)
// and one line here.
#include "credentials.hpp"

namespace tcss {

std::unique_ptr<ChainProvider> default_chain(const ProviderContext &ctx) {
    // A configured role comes first: keys beside it only sign AssumeRole.
    std::vector<ProviderPtr> sources;
    sources.push_back(web_identity_provider(ctx));    // OIDC token -> STS AssumeRoleWithWebIdentity
    sources.push_back(github_actions_provider(ctx));  // the job's OIDC token (ACTIONS_ID_TOKEN_*) -> the same
    sources.push_back(assume_role_provider(ctx));     // role ARN, no token -> STS AssumeRole signed with base_chain
    sources.push_back(options_provider(ctx));         // secret_id/secret_key options
    sources.push_back(environment_provider(ctx));     // TENCENTCLOUD_SECRET_ID/KEY
    sources.push_back(profile_provider(ctx));         // ~/.tccli/<p>.credential, ~/.tencentcloud/credentials, ...
    sources.push_back(cvm_role_provider(ctx));        // the CVM instance role (metadata service)
    return std::make_unique<ChainProvider>(std::move(sources), ctx.log);
}

std::unique_ptr<ChainProvider> base_chain(const ProviderContext &ctx) {
    std::vector<ProviderPtr> sources;
    sources.push_back(options_provider(ctx));
    sources.push_back(environment_provider(ctx));
    sources.push_back(profile_provider(ctx));
    sources.push_back(cvm_role_provider(ctx));
    return std::make_unique<ChainProvider>(std::move(sources));
}

}  // namespace tcss
