/* A stand-in "libtcss.so.1" of a future major version, exporting only
 * tcss_version_number(): the dlopen host must refuse it before resolving
 * anything else. Test fixture of examples.dlopen_host. */
__attribute__((visibility("default"))) unsigned int tcss_version_number(void);

unsigned int tcss_version_number(void) { return 20300; /* 2.3.0 */ }
