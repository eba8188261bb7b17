/*
 * The library names the fields of its options struct in its messages
 * ("profile [ci] was asked for (options.profile)", "role_arn is set but
 * ..."); a user of tcss gave a flag, a PLUGIN_* setting or a GitHub input.
 * cli_name_library_fields() rewrites those names the way this run took each
 * one, from the option table's lib_field column (opts.c):
 *
 *   options.FIELD          -> the option's name (--profile, PLUGIN_PROFILE)
 *   FIELD with a '_'       -> the same, as a whole word (role_arn, ca_file)
 *   FIELD: at the start    -> the same (endpoint: ...)
 *   "options: " / "options (" -> "" / "settings (" (the explicit-key source)
 *
 * Plain words that are also field names (profile, region, endpoint) are
 * left alone in running text.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct text {
    char *s;
    size_t len, cap;
    int failed;
};

static void put(struct text *t, const char *s, size_t n) {
    if (t->failed) {
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *bigger = realloc(t->s, cap);
        if (bigger == NULL) {
            t->failed = 1;
            return;
        }
        t->s = bigger;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static int word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The row whose lib_field stands at msg + i as that form allows, or -1;
 * *len is how many bytes it covers. */
static int field_at(const char *msg, size_t i, size_t *len) {
    int prefixed = strncmp(msg + i, "options.", 8) == 0;
    size_t start = prefixed ? i + 8 : i;
    int o;
    if (i > 0 && word_char(msg[i - 1])) {
        return -1;
    }
    for (o = 0; o < OPT__COUNT; o++) {
        const char *f = cli_opt_specs[o].lib_field;
        size_t n = f != NULL ? strlen(f) : 0;
        if (n == 0 || strncmp(msg + start, f, n) != 0 || word_char(msg[start + n])) {
            continue;
        }
        if (prefixed || strchr(f, '_') != NULL || (i == 0 && msg[n] == ':')) {
            *len = start + n - i;
            return o;
        }
    }
    return -1;
}

static enum cli_source source_of(const struct cli_args *args, int o) {
    if (args != NULL && args->source[o] != SRC_NONE) {
        return args->source[o];
    }
    if (args != NULL && args->mode == MODE_GITHUB) {
        return SRC_INPUT;
    }
    return args != NULL && args->mode == MODE_PLUGIN ? SRC_PLUGIN : SRC_FLAG;
}

char *cli_name_library_fields(const char *message, const struct cli_args *args) {
    struct text t = {NULL, 0, 0, 0};
    size_t i = 0;
    put(&t, "", 0);
    while (message[i] != '\0') {
        char name[64];
        size_t len = 0;
        int o = field_at(message, i, &len);
        if (o >= 0) {
            const char *shown = cli_source_name(name, sizeof name, o, source_of(args, o));
            put(&t, shown, strlen(shown));
            i += len;
        } else if (strncmp(message + i, "options: ", 9) == 0) {
            i += 9;
        } else if (strncmp(message + i, "options (", 9) == 0) {
            put(&t, "settings (", 10);
            i += 9;
        } else {
            put(&t, message + i, 1);
            i++;
        }
    }
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}
