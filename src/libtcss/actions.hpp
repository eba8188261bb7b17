// The TCSS actions: each a description for the engine (engine.hpp) and the
// functions that build its request and read its answer (actions/*.cpp).
#pragma once

#include "engine.hpp"

#include <tcss/tcss.h>

#include <string>

namespace tcss {

// AddAssetImageRegistryRegistryDetail (actions/add_registry.cpp).
struct AddResult {
    long long registry_id = 0;
    std::string request_id;
    std::string health_check_err;
    std::string name_repeat_err;
    bool already_existed = false;
    unsigned int attempts = 0;
};
extern const Action kAddRegistry;
// Validates the spec first (TCSS_EINVAL, nothing sent).
AddResult add_registry(Engine &engine, const tcss_registry_spec &spec);
// The request add_registry would send now, every secret masked.
std::string preview_add_registry(Engine &engine, const tcss_registry_spec &spec);

} // namespace tcss
