/* A libcjson.so.1 with none of cJSON's functions: put first on
 * LD_LIBRARY_PATH, it makes the real libtcss_jni fail with
 * "undefined symbol: cJSON_...", as an old or foreign libcjson would. */
int tcss_fake_cjson_marker(void);
int tcss_fake_cjson_marker(void) { return 1; }
