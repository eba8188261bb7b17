// The JSON body of AddAssetImageRegistryRegistryDetail, built with cJSON.
// Only fields that are set appear; strings arrive at the service as the
// exact bytes the caller passed (cJSON escapes quotes, backslashes and
// control characters; UTF-8 passes through unchanged).
#pragma once

#include "secret.hpp"

#include <tcss/tcss.h>

namespace tcss {

enum class Secrets { Include, Mask };

inline constexpr const char *kMask = "********";

// `spec` must already have passed validate_spec(). With Secrets::Mask the
// Password and WebhookToken values are replaced by kMask (for logs and
// previews). Intermediate buffers that held secrets are wiped.
SecretString build_add_body(const tcss_registry_spec &spec, Secrets secrets = Secrets::Include);

// UpdateAssetImageRegistryRegistryDetail's body: Add's members without the
// webhook ones (Update has none), and RegistryId unless it is TCSS_UNSET
// (then the service keys the update on Name).
SecretString build_update_body(const tcss_registry_spec &spec, long long registry_id,
                               Secrets secrets = Secrets::Include);

}  // namespace tcss
