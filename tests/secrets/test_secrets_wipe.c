/*
 * Secret buffers are wiped before they are released (issue 3 §5). This
 * program replaces free(): while armed, every block handed back is scanned
 * for any 12-byte piece of the secrets in play (SecretKey, session token,
 * registry password, webhook token) before glibc gets it. Armed only around
 * library calls that never reach a server (client creation from options,
 * environment and profile file; preview; validation failures; a send to a
 * closed port), so every block seen is the library's own or its
 * dependencies' on those paths. libcurl's request buffer on a real send is
 * outside what the library can wipe and is not covered here.
 *
 * Not built with ASan (which owns malloc/free itself).
 */
#define _GNU_SOURCE 1
#include "reltest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <tcss/tcss.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern void __libc_free(void *);

#define PIECE 12

static const char key[] = "WipeKey-SENTINEL-1a2b3c4d5e6f";
static const char token[] = "WipeToken-SENTINEL-6f5e4d3c2b1a";
static const char password[] = "WipePass-SENTINEL-0f1e2d3c4b5a";
static const char webhook[] = "WipeHook-SENTINEL-a5b4c3d2e1f0";
static const char *const secret_list[] = {key, token, password, webhook};

static volatile int armed;
static volatile int violations;
static volatile int which_secret = -1;
static volatile size_t blocks_scanned;
static volatile size_t violating_size, violating_sizes[4];

void free(void *p) {
    if (p != NULL && armed) {
        size_t n = malloc_usable_size(p), i, k;
        blocks_scanned++;
        for (i = 0; i < 4; i++) {
            size_t sl = strlen(secret_list[i]);
            for (k = 0; k + PIECE <= sl; k++) {
                if (memmem(p, n, secret_list[i] + k, PIECE) != NULL) {
                    violations++;
                    which_secret = (int)i;
                    violating_size = n;
                    if (violations <= 4) violating_sizes[violations - 1] = n;
                    break;
                }
            }
        }
    }
    __libc_free(p);
}

static void arm(void) {
    violations = 0;
    which_secret = -1;
    blocks_scanned = 0;
    armed = 1;
}

static cJSON *wipe_paths;

static void disarm(const char *path) {
    armed = 0;
    if (wipe_paths != NULL) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "path", path);
        cJSON_AddBoolToObject(row, "wiped", violations == 0);
        cJSON_AddItemToArray(wipe_paths, row);
    }
    if (violations != 0)
        fail_msg("%s: %d freed block(s) still held a piece of secret #%d (blocks of %zu, %zu, %zu bytes)", path,
                 violations, which_secret, (size_t)violating_sizes[0], (size_t)violating_sizes[1],
                 (size_t)violating_size);
    print_message("%s: %zu freed blocks scanned, none held a secret\n", path, (size_t)blocks_scanned);
    assert_true(blocks_scanned > 0);
}

static void fill(tcss_registry_spec *s) {
    tcss_registry_spec_init(s, TCSS_REGISTRY_SPEC_VERSION);
    s->name = "wipe";
    s->username = "u";
    s->password = password;
    s->url = "http://127.0.0.1:1";
    s->registry_type = "harbor";
    s->net_type = "public";
    s->webhook_url = "https://hooks.example.invalid/x";
    s->webhook_token = webhook;
}

/* The detector works: an unwiped copy is caught. */
static void test_detector(void **state) {
    char *copy = strdup(password);
    (void)state;
    assert_non_null(copy);
    armed = 1;
    violations = 0;
    free(copy);
    armed = 0;
    assert_int_equal(violations, 1);
    violations = 0;
}

static void test_options_preview(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec s;
    tcss_client *c = NULL;
    char *text = NULL;
    (void)state;
    fill(&s);
    o.endpoint = "http://127.0.0.1:1";
    o.secret_id = "AKIDWIPETEST";
    o.secret_key = key;
    o.session_token = token;
    arm();
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    assert_int_equal(tcss_add_registry_preview(&text, c, &s), TCSS_OK);
    tcss_string_free(text);
    tcss_client_free(c);
    disarm("options + preview");
}

static void test_send_to_closed_port(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec s;
    tcss_client *c = NULL;
    tcss_registry_result *r = NULL;
    char endpoint[64];
    (void)state;
    fill(&s);
    snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", rt_closed_port());
    o.endpoint = endpoint;
    o.proxy = "";
    o.secret_id = "AKIDWIPETEST";
    o.secret_key = key;
    o.session_token = token;
    o.max_attempts = 2;
    o.requests_per_second = TCSS_RATE_UNLIMITED;
    arm();
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_ENETWORK);
    tcss_error_clear();
    tcss_client_free(c);
    disarm("signed send to a closed port, retried");
}

static void test_validation_failure(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec s;
    tcss_client *c = NULL;
    tcss_registry_result *r = NULL;
    char bad[64];
    (void)state;
    fill(&s);
    snprintf(bad, sizeof bad, "%s\377", password);
    s.password = bad;
    o.endpoint = "http://127.0.0.1:1";
    o.secret_id = "AKIDWIPETEST";
    o.secret_key = key;
    arm();
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    assert_int_equal(tcss_add_registry(&r, c, &s), TCSS_EINVAL);
    tcss_error_clear();
    tcss_client_free(c);
    disarm("validation failure");
}

static void test_environment(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    (void)state;
    o.endpoint = "http://127.0.0.1:1";

    setenv("TENCENTCLOUD_SECRET_ID", "AKIDWIPEENV", 1);
    setenv("TENCENTCLOUD_SECRET_KEY", key, 1);
    setenv("TENCENTCLOUD_SESSION_TOKEN", token, 1);
    arm();
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    tcss_client_free(c);
    disarm("credentials from the environment");
    unsetenv("TENCENTCLOUD_SECRET_ID");
    unsetenv("TENCENTCLOUD_SECRET_KEY");
    unsetenv("TENCENTCLOUD_SESSION_TOKEN");
}

static void test_profile_file(void **state) {
    tcss_client_options o = TCSS_CLIENT_OPTIONS_INIT;
    tcss_client *c = NULL;
    char dir[] = "/tmp/tcss-wipe-home.XXXXXX", path[256];
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    o.endpoint = "http://127.0.0.1:1";
    snprintf(path, sizeof path, "%s/.tencentcloud", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/.tencentcloud/credentials", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[default]\nsecret_id = AKIDWIPEFILE\nsecret_key = %s\ntoken = %s\n", key, token);
    fclose(f);
    setenv("HOME", dir, 1);
    unsetenv("TENCENTCLOUD_PROFILE");
    arm();
    assert_int_equal(tcss_client_new(&c, &o), TCSS_OK);
    tcss_client_free(c);
    disarm("credentials from the profile file");
    unlink(path);
    snprintf(path, sizeof path, "%s/.tencentcloud", dir);
    rmdir(path);
    rmdir(dir);
}

int main(int argc, char **argv) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detector),
        cmocka_unit_test(test_options_preview),
        cmocka_unit_test(test_send_to_closed_port),
        cmocka_unit_test(test_validation_failure),
        cmocka_unit_test(test_environment),
    };
    const struct CMUnitTest profile_tests[] = {
        cmocka_unit_test(test_profile_file),
    };
    /* The credential chain must not find the developer's own keys. */
    unsetenv("TENCENTCLOUD_SECRET_ID");
    unsetenv("TENCENTCLOUD_SECRET_KEY");
    unsetenv("TENCENTCLOUD_SESSION_TOKEN");
    const int profile = argc == 2 && strcmp(argv[1], "profile_file") == 0;
    cJSON *rec = cJSON_CreateObject();
    int failed;
    wipe_paths = cJSON_AddArrayToObject(rec, "paths");
    if (profile)
        failed = cmocka_run_group_tests_name("secrets.wipe_profile_file", profile_tests, NULL, NULL);
    else
        failed = cmocka_run_group_tests_name("secrets.wipe", tests, NULL, NULL);
    rt_record("secrets", profile ? "wipe_profile_file" : "wipe", rec);
    return failed;
}
