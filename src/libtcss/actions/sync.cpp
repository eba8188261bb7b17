// SyncAssetImageRegistryAsset{RegistryIds}: ask TCSS to read the registry's
// catalogue again. It answers at once; progress is the registry row's
// SyncStatus (doing/success/failed) and LatestSyncTime.
#include "actions.hpp"

namespace tcss {

// Asking again while a sync runs does no harm: idempotent.
const Action kSyncRegistry{"SyncAssetImageRegistryAsset"};

std::string sync_registry(Engine &engine, long long registry_id) {
    Json body(checked(cJSON_CreateObject()));
    cJSON *ids = checked(cJSON_CreateArray());
    cJSON_AddItemToObject(body.get(), "RegistryIds", ids);
    cJSON_AddItemToArray(ids, checked(cJSON_CreateNumber(static_cast<double>(registry_id))));
    CallInput in = plain_input(engine, body.get());
    return engine.call(kSyncRegistry, in).request_id;
}

}  // namespace tcss
