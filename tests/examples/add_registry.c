/*
 * The C API in a short example: register one image registry with TCSS.
 *
 * usage: add_registry NAME URL USERNAME
 *   The registry password comes from $TCSS_REGISTRY_PASSWORD, the API
 *   credentials from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (or
 *   ~/.tencentcloud/credentials), the endpoint from $TCSS_ENDPOINT (default
 *   https://tcss.intl.tencentcloudapi.com).
 *
 * Build: cc add_registry.c $(pkg-config --cflags --libs tcss)
 */
#include <tcss/tcss.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s NAME URL USERNAME  (password in $TCSS_REGISTRY_PASSWORD)\n", argv[0]);
        return 2;
    }
    tcss_client *client = NULL;
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT; /* credentials: env, then profile file */
    if (tcss_client_new(&client, &opts) != 0) {
        fprintf(stderr, "tcss: %s\n", tcss_error_message(tcss_error_last()));
        return 1;
    }
    tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT; /* unset strings NULL, unset ints TCSS_UNSET */
    spec.name = argv[1];
    spec.url = argv[2];
    spec.username = argv[3];
    spec.password = getenv("TCSS_REGISTRY_PASSWORD");
    spec.registry_type = "harbor";
    spec.net_type = "public";

    tcss_registry_result *res = NULL;
    int rc = tcss_add_registry(&res, client, &spec);
    if (rc == 0) {
        printf("registry %lld%s\n", res->registry_id, res->already_existed ? " (already existed)" : "");
        if (res->health_check_err[0]) fprintf(stderr, "warning: %s\n", res->health_check_err);
        tcss_registry_result_free(res);
    } else {
        const tcss_error *e = tcss_error_last();
        fprintf(stderr, "%s: %s [%s, RequestId %s]\n", tcss_error_class_name(rc), tcss_error_message(e),
                tcss_error_service_code(e), tcss_error_request_id(e));
    }
    tcss_client_free(client);
    return rc == 0 ? 0 : 1;
}
