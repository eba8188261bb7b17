// cJSON, owned: the one set of helpers every reader and writer of JSON in the
// core uses. SecretJson wipes every string of its tree before freeing it
// (cJSON frees strings without clearing them), for answers that carry keys.
#pragma once

#include "secret.hpp"

#include <cJSON.h>

#include <memory>
#include <string>
#include <string_view>

namespace tcss {

struct JsonDeleter {
    void operator()(cJSON *j) const noexcept { cJSON_Delete(j); }
};
using Json = std::unique_ptr<cJSON, JsonDeleter>;

// Clears every string in a tree (and its siblings) in place.
void wipe_json_strings(cJSON *j) noexcept;

struct SecretJsonDeleter {
    void operator()(cJSON *j) const noexcept {
        wipe_json_strings(j);
        cJSON_Delete(j);
    }
};
using SecretJson = std::unique_ptr<cJSON, SecretJsonDeleter>;

// A cJSON constructor's result, or std::bad_alloc when it returned NULL.
cJSON *checked(cJSON *item);

// A string member, or "" when it is absent or not a string.
std::string json_string(const cJSON *obj, const char *key);
SecretString json_secret(const cJSON *obj, const char *key);

// An optional string member: absent or null gives "" and true; another type
// gives false.
bool opt_string(const cJSON *obj, const char *key, std::string &out);

// Prints `j` without formatting into wiped storage, leaving no unwiped copy.
SecretString print_secret(const cJSON *j);

}  // namespace tcss
