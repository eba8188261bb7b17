/*
 * A stand-in for libtcss.so.1 used only by abi.abidiff_policy: it defines a
 * few public functions over the public structs so that abidw sees their
 * types. test-abidiff-policy.sh builds it from the real header and from
 * mutated copies of it and checks that check-abidiff.sh accepts exactly the
 * changes abi/ABI.md allows.
 */
#include <tcss/tcss.h>

TCSS_EXTERN(int) tcss_client_new(tcss_client **out, const tcss_client_options *opts) {
    (void)out;
    return opts ? (int)opts->version : 0;
}

TCSS_EXTERN(int) tcss_add_registry(tcss_registry_result **out, tcss_client *client, const tcss_registry_spec *spec) {
    (void)client;
    return (out && *out && spec) ? (int)(*out)->attempts + (int)spec->version : 0;
}

TCSS_EXTERN(int) tcss_error_code_of(const tcss_error *err) { return err ? -1 : 0; }

#ifndef STUB_DROP_PREVIEW
TCSS_EXTERN(int) tcss_add_registry_preview(char **out, tcss_client *client, const tcss_registry_spec *spec) {
    (void)out;
    (void)client;
    return spec ? 0 : -1;
}
#endif

#ifdef STUB_ADD_FUNCTION
TCSS_EXTERN(int) tcss_stub_added_in_a_minor(void) { return 1; }
#endif
