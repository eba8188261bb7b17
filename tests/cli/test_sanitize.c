/*
 * cli_sanitize() on its own (src/cli/sanitize.c): the CLI's defence in depth
 * for text from the service, whatever the library did first. Each case is
 * input bytes and the exact output expected.
 */
#include "cli.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void expect_sanitized(const char *in, const char *want) {
    char *got = cli_sanitize(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void plain_text_unchanged(void **state) {
    (void)state;
    expect_sanitized("", "");
    expect_sanitized("connection refused", "connection refused");
    expect_sanitized("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x90\xb3", "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x90\xb3");
    expect_sanitized("a::b ## [x] C:\\dir", "a::b ## [x] C:\\dir");
    {
        char *empty = cli_sanitize(NULL);
        assert_non_null(empty);
        assert_string_equal(empty, "");
        free(empty);
    }
}

static void control_characters_escaped(void **state) {
    (void)state;
    expect_sanitized("a\x1b[31mb", "a\\x1b[31mb");
    expect_sanitized("over\rwrite", "over\\x0dwrite");
    expect_sanitized("one\ntwo\tthree\x7f", "one\\x0atwo\\x09three\\x7f");
    expect_sanitized("c1\xc2\x85next\xc2\x9b", "c1\\u0085next\\u009b");
    expect_sanitized("ls\xe2\x80\xa8ps\xe2\x80\xa9rlo\xe2\x80\xae", "ls\\u2028ps\\u2029rlo\\u202e");
}

static void invalid_utf8_replaced(void **state) {
    (void)state;
    /* stray byte, lone continuation, overlong '/', surrogate, > U+10FFFF,
     * truncated sequence at the end */
    expect_sanitized("a\xff"
                     "b",
                     "a\xef\xbf\xbd"
                     "b");
    expect_sanitized("\x80", "\xef\xbf\xbd");
    expect_sanitized("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
    expect_sanitized("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    expect_sanitized("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    expect_sanitized("x\xe4\xb8", "x\xef\xbf\xbd\xef\xbf\xbd");
}

static void ci_markers_neutralised(void **state) {
    (void)state;
    expect_sanitized("::add-mask::secret", "\\x3a:add-mask::secret");
    expect_sanitized("  ::error::x", "  \\x3a:error::x");
    expect_sanitized("x ##vso[task.setvariable]y", "x ##vso\\x5btask.setvariable]y");
    expect_sanitized("##[group]x", "##\\x5bgroup]x");
    /* a marker after an escaped line break is on the same line: harmless */
    expect_sanitized("a\n::x::", "a\\x0a::x::");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_unchanged),
        cmocka_unit_test(control_characters_escaped),
        cmocka_unit_test(invalid_utf8_replaced),
        cmocka_unit_test(ci_markers_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
