/*
 * cli_sanitize(): every string that came from the service (or from any
 * source the CLI does not control) passes here before it is printed, in
 * text and in JSON output alike. The library masks secrets; this is the
 * CLI's own defence in depth for what a terminal or a CI log would act on
 * (issue 10, items 3 and 4):
 *
 *  - control characters (C0, DEL, C1) become visible escapes (\x1b,
 *    \u0085), so no terminal escape, bare CR or line break gets through and
 *    the text stays on the line it was printed on;
 *  - the Unicode line/paragraph separators and bidirectional overrides are
 *    escaped the same way (\u2028, \u202e), as log viewers act on them;
 *  - invalid UTF-8 (stray bytes, overlong forms, surrogates, > U+10FFFF)
 *    becomes U+FFFD, so JSON output is always valid JSON;
 *  - CI command markers lose their power: a leading "::" (GitHub Actions'
 *    workflow commands, after optional spaces) is written "\x3a:", and the
 *    '[' of "##[" and "##vso[" (Azure Pipelines and GitHub's older syntax,
 *    recognised anywhere in a line) is written "\x5b".
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0
 * when the bytes there are not one. */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp) {
    size_t n, i;
    unsigned long c;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        c = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        c = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { /* a NUL ends the loop here too */
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

static int is_escaped_code_point(unsigned long c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Where a marker's neutralising escape goes: returns the byte to escape
 * at offset i (':' or '['), or 0 for none. */
static int marker_at(const char *s, size_t i) {
    size_t lead = strspn(s, " ");
    if (i == lead && s[i] == ':' && s[i + 1] == ':') {
        return ':';
    }
    if (s[i] == '[' &&
        ((i >= 2 && strncmp(s + i - 2, "##", 2) == 0) || (i >= 5 && strncmp(s + i - 5, "##vso", 5) == 0))) {
        return '[';
    }
    return 0;
}

/* Writes the sanitised form of s into out (when not NULL); returns its
 * length. Called twice: once to size, once to write. */
static size_t sanitize_into(const char *s, char *out) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len = 0;
    while (u[i] != '\0') {
        char buf[8];
        size_t n, blen;
        unsigned long c = 0;
        int marker = marker_at(s, i);
        n = utf8_decode(u + i, &c);
        if (marker != 0 || (n > 0 && c < 0x100 && is_escaped_code_point(c))) {
            unsigned long v = marker != 0 ? (unsigned long)marker : c;
            buf[0] = '\\';
            buf[1] = c >= 0x80 ? 'u' : 'x';
            blen = 2;
            if (c >= 0x80) {
                buf[blen++] = '0';
                buf[blen++] = '0';
            }
            buf[blen++] = hex[(v >> 4) & 0xF];
            buf[blen++] = hex[v & 0xF];
        } else if (n > 0 && is_escaped_code_point(c)) {
            memcpy(buf, "\\u", 2);
            buf[2] = hex[(c >> 12) & 0xF];
            buf[3] = hex[(c >> 8) & 0xF];
            buf[4] = hex[(c >> 4) & 0xF];
            buf[5] = hex[c & 0xF];
            blen = 6;
        } else if (n == 0) {
            memcpy(buf, "\xEF\xBF\xBD", 3); /* U+FFFD for one bad byte */
            blen = 3;
            n = 1;
        } else {
            memcpy(buf, s + i, n);
            blen = n;
        }
        if (out != NULL) {
            memcpy(out + len, buf, blen);
        }
        len += blen;
        i += n;
    }
    if (out != NULL) {
        out[len] = '\0';
    }
    return len;
}

char *cli_sanitize(const char *s) {
    char *out;
    if (s == NULL) {
        s = "";
    }
    out = malloc(sanitize_into(s, NULL) + 1);
    if (out != NULL) {
        sanitize_into(s, out);
    }
    return out;
}
