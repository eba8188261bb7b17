/* A library whose NEEDED entry (libtcss-missing-test.so.0) cannot be
 * satisfied at run time: loaded through TcssNative as if it were libtcss_jni. */
int tcss_missing_test_value(void);
int tcss_needs_missing_probe(void);
int tcss_needs_missing_probe(void) { return tcss_missing_test_value(); }
