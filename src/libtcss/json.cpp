#include "json.hpp"

#include <cstring>
#include <new>

namespace tcss {

void wipe_json_strings(cJSON *j) noexcept {
    for (; j != nullptr; j = j->next) {
        if (j->valuestring != nullptr) zeroize(j->valuestring, std::strlen(j->valuestring));
        wipe_json_strings(j->child);
    }
}

cJSON *checked(cJSON *item) {
    if (item == nullptr) throw std::bad_alloc();
    return item;
}

std::string json_string(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring != nullptr ? std::string(v->valuestring) : std::string();
}

SecretString json_secret(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring != nullptr ? SecretString(v->valuestring) : SecretString();
}

bool opt_string(const cJSON *obj, const char *key, std::string &out) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == nullptr || cJSON_IsNull(item)) {
        out.clear();
        return true;
    }
    if (!cJSON_IsString(item) || item->valuestring == nullptr) return false;
    out = item->valuestring;
    return true;
}

SecretString print_secret(const cJSON *j) {
    char *text = cJSON_PrintUnformatted(j);
    if (text == nullptr) throw std::bad_alloc();
    const auto wipe = on_scope_exit([text] {
        zeroize(text, std::strlen(text));
        cJSON_free(text);
    });
    return SecretString(text);
}

}  // namespace tcss
