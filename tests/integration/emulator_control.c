#include "emulator_control.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len;
} buf_t;

static size_t sink(char *p, size_t s, size_t n, void *ud) {
    buf_t *b = ud;
    char *grown = realloc(b->data, b->len + s * n + 1);
    assert_non_null(grown);
    b->data = grown;
    memcpy(b->data + b->len, p, s * n);
    b->len += s * n;
    b->data[b->len] = '\0';
    return s * n;
}

const char *need_env(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') fail_msg("%s is not set: run under tests/harness/with-emulator", name);
    return v;
}

static char *request_to(const char *base, const char *path, const char *post_json) {
    char url[512];
    snprintf(url, sizeof url, "%s/%s", base, path);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    buf_t b = {NULL, 0};
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (post_json != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_json);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    }
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || status != 200) fail_msg("control %s failed: curl %d, HTTP %ld", url, rc, status);
    return b.data != NULL ? b.data : calloc(1, 1);
}

static char *request(const char *path, const char *post_json) {
    char base[512];
    snprintf(base, sizeof base, "%s/__emulator", need_env("TCSS_EMULATOR"));
    return request_to(base, path, post_json);
}

void emu_post(const char *path, const char *json) { free(request(path, json)); }

cJSON *mock_registry_post(const char *path, const char *json) {
    char base[512];
    snprintf(base, sizeof base, "%s/__mock", need_env("TCSS_MOCK_REGISTRY"));
    char *text = request_to(base, path, json);
    cJSON *j = cJSON_Parse(text);
    free(text);
    if (j == NULL) fail_msg("mock registry %s: not JSON", path);
    return j;
}

cJSON *emu_get(const char *path) {
    char *text = request(path, NULL);
    cJSON *j = cJSON_Parse(text);
    free(text);
    assert_non_null(j);
    return j;
}

int emu_request_count(void) {
    cJSON *s = emu_get("state");
    const cJSON *n = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "stats"), "requests");
    int v = cJSON_IsNumber(n) ? n->valueint : -1;
    cJSON_Delete(s);
    return v;
}

int emu_answers_with(const char *code) {
    cJSON *s = emu_get("state");
    const cJSON *n = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "stats"), "by_code"), code);
    int v = cJSON_IsNumber(n) ? n->valueint : 0;
    cJSON_Delete(s);
    return v;
}

int emu_registries_named(const char *name) {
    cJSON *s = emu_get("state");
    const cJSON *r;
    int count = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(s, "registries")) {
        const cJSON *n = cJSON_GetObjectItem(r, "Name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) ++count;
    }
    cJSON_Delete(s);
    return count;
}

tcss_registry_spec spec_named(const char *name) {
    tcss_registry_spec s = TCSS_REGISTRY_SPEC_INIT;
    s.name = name;
    s.username = need_env("TCSS_MOCK_REGISTRY_USER");
    s.password = need_env("TCSS_MOCK_REGISTRY_PASSWORD");
    s.url = need_env("TCSS_MOCK_REGISTRY");
    s.registry_type = "harbor";
    s.net_type = "public";
    return s;
}
