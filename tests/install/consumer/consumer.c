/*
 * The smallest program a libtcss user writes: register the mock registry
 * with the emulator and print its id. Built by tests/install/run.sh against
 * an installed libtcss only (pkg-config and find_package(tcss)).
 *
 * usage: tcss_consumer NAME
 * Reads the endpoint and credentials the way every libtcss program does (the
 * environment that tests/harness/with-emulator sets), and the registry's
 * address and login from TCSS_MOCK_REGISTRY, TCSS_MOCK_REGISTRY_USER and
 * TCSS_MOCK_REGISTRY_PASSWORD, never from argv.
 */
#include <tcss/tcss.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT;
    tcss_client *client = NULL;
    tcss_registry_result *result = NULL;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: %s NAME\n", argv[0]);
        return 2;
    }
    /* Built against this header, loaded with this library: same major, and
     * a minor at least as new. */
    if (tcss_version_number() / 10000 != TCSS_VERSION_MAJOR || tcss_version_number() < TCSS_VERSION_NUMBER) {
        fprintf(stderr, "libtcss %s is older than %s\n", tcss_version(), TCSS_VERSION_STRING);
        return 1;
    }
    spec.name = argv[1];
    spec.url = getenv("TCSS_MOCK_REGISTRY");
    spec.username = getenv("TCSS_MOCK_REGISTRY_USER");
    spec.password = getenv("TCSS_MOCK_REGISTRY_PASSWORD");
    spec.registry_type = "harbor";
    spec.net_type = "public";
    spec.registry_version = "V2";

    rc = tcss_client_new(&client, &opts);
    if (rc == TCSS_OK) rc = tcss_add_registry(&result, client, &spec);
    if (rc != TCSS_OK) {
        const tcss_error *err = tcss_error_last();
        fprintf(stderr, "tcss_consumer: %s: %s\n", tcss_error_class_name(rc), tcss_error_message(err));
        tcss_client_free(client);
        return 1;
    }
    printf("libtcss %s registry_id=%lld already_existed=%d\n", tcss_version(), result->registry_id,
           result->already_existed);
    tcss_registry_result_free(result);
    tcss_client_free(client);
    return 0;
}
