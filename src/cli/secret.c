/*
 * Secrets: read from stdin or a file, held on the heap, wiped before release.
 * Messages name where a secret came from, never what it is.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SECRET_MAX (64 * 1024)

void cli_wipe(void *p, size_t n) {
    /* volatile keeps the compiler from dropping a store to memory that is
     * about to be freed. */
    volatile unsigned char *b = (volatile unsigned char *)p;
    while (n--) {
        *b++ = 0;
    }
}

void cli_free_secret(char *s) {
    if (s != NULL) {
        cli_wipe(s, strlen(s));
        free(s);
    }
}

char *cli_strdup_secret(const char *s) {
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n + 1);
    }
    return copy;
}

static void drop(char *buf, size_t len) {
    cli_wipe(buf, len);
    free(buf);
}

/* Doubles the buffer by hand, so the old block can be wiped (realloc would
 * leave a copy behind). Returns 0, or -1 with *buf dropped and a message. */
static int grow(char **buf, size_t len, size_t *cap, const char *what, char *msg, size_t msg_size) {
    char *bigger;
    if (*cap >= SECRET_MAX) {
        drop(*buf, len);
        snprintf(msg, msg_size, "%s is longer than %d bytes", what, SECRET_MAX);
        return -1;
    }
    bigger = malloc(*cap * 2);
    if (bigger == NULL) {
        drop(*buf, len);
        snprintf(msg, msg_size, "out of memory reading %s", what);
        return -1;
    }
    memcpy(bigger, *buf, len);
    drop(*buf, len);
    *buf = bigger;
    *cap *= 2;
    return 0;
}

/* One trailing newline is what `echo` and editors add: strip exactly one
 * (LF or CRLF), keep anything else. */
static size_t strip_newline(const char *buf, size_t len) {
    if (len > 0 && buf[len - 1] == '\n') {
        len--;
        if (len > 0 && buf[len - 1] == '\r') {
            len--;
        }
    }
    return len;
}

char *cli_read_secret_stream(FILE *in, const char *what, char *msg, size_t msg_size) {
    size_t cap = 256, len = 0, n;
    char *buf = malloc(cap);
    if (buf == NULL) {
        snprintf(msg, msg_size, "out of memory reading %s", what);
        return NULL;
    }
    do {
        if (len + 1 == cap && grow(&buf, len, &cap, what, msg, msg_size) != 0) {
            return NULL;
        }
        n = fread(buf + len, 1, cap - 1 - len, in);
        len += n;
    } while (n > 0);
    if (ferror(in)) {
        int e = errno;
        drop(buf, len);
        snprintf(msg, msg_size, "cannot read %s: %s", what, strerror(e));
        return NULL;
    }
    len = strip_newline(buf, len);
    buf[len] = '\0';
    if (memchr(buf, '\0', len) != NULL) {
        drop(buf, len);
        snprintf(msg, msg_size, "%s contains a NUL byte", what);
        return NULL;
    }
    return buf;
}

char *cli_read_secret_file(const char *path, const char *what, char *msg, size_t msg_size) {
    char *secret;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(msg, msg_size, "%s: cannot open '%s': %s", what, path, strerror(errno));
        return NULL;
    }
    /* No stdio buffer: it would keep a copy of the secret we cannot wipe. */
    setvbuf(f, NULL, _IONBF, 0);
    secret = cli_read_secret_stream(f, what, msg, msg_size);
    fclose(f);
    return secret;
}
