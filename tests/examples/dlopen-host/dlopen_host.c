/*
 * A host that loads libtcss at run time instead of linking it: it only
 * dlopen()s libtcss.so.1, checks tcss_version_number() against the version
 * it was written for, resolves each entry point with dlsym() and registers
 * one registry. Plugins of other programs (IDEs, CI agents, scripting
 * languages) load libtcss this way.
 *
 * C99. It uses <tcss/tcss.h> for its types and macros only; it never calls a
 * tcss_* function directly, so it does not link against libtcss.
 *
 * usage: dlopen_host [--library PATH] NAME URL USERNAME
 *   The password comes from $TCSS_REGISTRY_PASSWORD, the API credentials
 *   from the usual chain (TENCENTCLOUD_SECRET_ID/KEY, profile file), the
 *   endpoint from $TCSS_ENDPOINT. PATH defaults to "libtcss.so.1", found
 *   through the dynamic loader's search path (LD_LIBRARY_PATH, ld.so.cache).
 *
 * Exit codes: 0 registered (or already there), 1 the library could not be
 * loaded or is the wrong version, 2 usage, 3 the call failed.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tcss/tcss.h>

/* The version this host was written against: it uses nothing newer. */
#define HOST_NEEDS_MAJOR 1
#define HOST_NEEDS_MINOR 0
#define HOST_NEEDS_NUMBER (HOST_NEEDS_MAJOR * 10000 + HOST_NEEDS_MINOR * 100)

/* The entry points it uses, as function pointers of the header's types. */
struct tcss_api {
    unsigned int (*version_number)(void);
    const char *(*version)(void);
    int (*client_new)(tcss_client **, const tcss_client_options *);
    void (*client_free)(tcss_client *);
    int (*registry_spec_init)(tcss_registry_spec *, unsigned int);
    int (*add_registry)(tcss_registry_result **, tcss_client *, const tcss_registry_spec *);
    void (*registry_result_free)(tcss_registry_result *);
    const tcss_error *(*error_last)(void);
    const char *(*error_message)(const tcss_error *);
    const char *(*error_service_code)(const tcss_error *);
    const char *(*error_request_id)(const tcss_error *);
    const char *(*error_class_name)(int);
};

/* dlsym() returns void *; ISO C has no cast from it to a function pointer,
 * so copy the bits, which is what POSIX guarantees to work. */
static int resolve(void *lib, const char *name, void *fn_ptr, size_t size) {
    void *sym;
    dlerror();
    sym = dlsym(lib, name);
    if (sym == NULL) {
        const char *why = dlerror();
        fprintf(stderr, "dlopen_host: %s not found: %s\n", name, why ? why : "NULL symbol");
        return -1;
    }
    memcpy(fn_ptr, &sym, size);
    return 0;
}

#define RESOLVE(lib, api, field, name) resolve((lib), (name), &(api)->field, sizeof((api)->field))

static int usage(void) {
    fputs("usage: dlopen_host [--library PATH] NAME URL USERNAME\n"
          "  (password from $TCSS_REGISTRY_PASSWORD)\n",
          stderr);
    return 2;
}

int main(int argc, char **argv) {
    const char *library = "libtcss.so.1";
    struct tcss_api api;
    void *lib;
    unsigned int loaded, major, minor;
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
    tcss_registry_spec spec;
    tcss_client *client = NULL;
    tcss_registry_result *res = NULL;
    int argi = 1, rc;

    if (argc > 2 && strcmp(argv[1], "--library") == 0) {
        library = argv[2];
        argi = 3;
    }
    if (argc - argi != 3) return usage();

    lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "dlopen_host: cannot load %s: %s\n", library, dlerror());
        return 1;
    }

    /* Check the version before touching anything else: a library of another
     * major version may not have the rest, or not with these types. */
    if (RESOLVE(lib, &api, version_number, "tcss_version_number") != 0) {
        dlclose(lib);
        return 1;
    }
    loaded = api.version_number();
    major = loaded / 10000;
    minor = loaded / 100 % 100;
    if (major != HOST_NEEDS_MAJOR || loaded < HOST_NEEDS_NUMBER) {
        fprintf(stderr,
                "dlopen_host: %s is version %u.%u.%u; this host needs "
                "%d.x with x >= %d\n",
                library, major, minor, loaded % 100, HOST_NEEDS_MAJOR, HOST_NEEDS_MINOR);
        dlclose(lib);
        return 1;
    }

    if (RESOLVE(lib, &api, version, "tcss_version") != 0 || RESOLVE(lib, &api, client_new, "tcss_client_new") != 0 ||
        RESOLVE(lib, &api, client_free, "tcss_client_free") != 0 ||
        RESOLVE(lib, &api, registry_spec_init, "tcss_registry_spec_init") != 0 ||
        RESOLVE(lib, &api, add_registry, "tcss_add_registry") != 0 ||
        RESOLVE(lib, &api, registry_result_free, "tcss_registry_result_free") != 0 ||
        RESOLVE(lib, &api, error_last, "tcss_error_last") != 0 ||
        RESOLVE(lib, &api, error_message, "tcss_error_message") != 0 ||
        RESOLVE(lib, &api, error_service_code, "tcss_error_service_code") != 0 ||
        RESOLVE(lib, &api, error_request_id, "tcss_error_request_id") != 0 ||
        RESOLVE(lib, &api, error_class_name, "tcss_error_class_name") != 0) {
        dlclose(lib);
        return 1;
    }
    printf("loaded libtcss %s (%u)\n", api.version(), loaded);

    rc = api.client_new(&client, &opts);
    if (rc == 0) {
        api.registry_spec_init(&spec, TCSS_REGISTRY_SPEC_VERSION);
        spec.name = argv[argi];
        spec.url = argv[argi + 1];
        spec.username = argv[argi + 2];
        spec.password = getenv("TCSS_REGISTRY_PASSWORD");
        spec.registry_type = "harbor";
        spec.net_type = "public";
        spec.registry_version = "V2";
        rc = api.add_registry(&res, client, &spec);
    }
    if (rc == 0) {
        printf("registry %lld %s (RequestId %s)\n", res->registry_id,
               res->already_existed ? "already existed" : "added", res->request_id);
        if (res->health_check_err[0] != '\0')
            printf("warning: TCSS could not reach the registry: %s\n", res->health_check_err);
        api.registry_result_free(res);
    } else {
        const tcss_error *e = api.error_last();
        fprintf(stderr, "dlopen_host: %s: %s [%s, RequestId %s]\n", api.error_class_name(rc), api.error_message(e),
                api.error_service_code(e), api.error_request_id(e));
    }
    api.client_free(client);
    dlclose(lib);
    return rc == 0 ? 0 : 3;
}
