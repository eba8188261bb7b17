/* libtcss-missing-test.so.0: exists only at link time. NativeLoadFailureTest
 * loads a library that NEEDs it from a folder where it is not, so the dynamic
 * loader reports "libtcss-missing-test.so.0: cannot open shared object file". */
int tcss_missing_test_value(void);
int tcss_missing_test_value(void) { return 42; }
