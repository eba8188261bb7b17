/* Test-side access to the emulator's control API (CONTRIBUTING.md). */
#ifndef TCSS_TEST_EMULATOR_CONTROL_H
#define TCSS_TEST_EMULATOR_CONTROL_H

#include <cjson/cJSON.h>
#include <tcss/tcss.h>

/* POSTs `json` to $TCSS_EMULATOR/__emulator/<path>; aborts the test on failure. */
void emu_post(const char *path, const char *json);
/* POSTs `json` to $TCSS_MOCK_REGISTRY/__mock/<path> (push, delete, config);
 * the parsed answer, which the caller cJSON_Deletes. */
cJSON *mock_registry_post(const char *path, const char *json);
/* GETs $TCSS_EMULATOR/__emulator/<path> and parses it; caller cJSON_Deletes. */
cJSON *emu_get(const char *path);
/* Number of API requests the emulator has received. */
int emu_request_count(void);
/* Number of stored registries named `name`. */
int emu_registries_named(const char *name);
/* How many answers carried service code `code` ("ok" for success). */
int emu_answers_with(const char *code);
/* A valid spec for the harness's mock registry (its URL, user and password),
 * RegistryType harbor, NetType public. */
tcss_registry_spec spec_named(const char *name);
/* getenv() that fails the test when unset. */
const char *need_env(const char *name);

#endif
