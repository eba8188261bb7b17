#define _GNU_SOURCE 1
#include "reltest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *rt_env(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        fail_msg("%s is not set: run this test under tests/harness/with-emulator", name);
    }
    return v;
}

struct grow {
    char *data;
    size_t len;
};

static size_t grow_write(char *ptr, size_t size, size_t nmemb, void *ud) {
    struct grow *g = ud;
    size_t n = size * nmemb;
    char *p = realloc(g->data, g->len + n + 1);
    if (p == NULL) {
        return 0;
    }
    memcpy(p + g->len, ptr, n);
    g->len += n;
    p[g->len] = '\0';
    g->data = p;
    return n;
}

cJSON *rt_control(const char *method, const char *path, const char *body) {
    char url[512];
    struct grow g = {NULL, 0};
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    long status = 0;
    CURLcode rc;
    cJSON *j;
    assert_non_null(c);
    snprintf(url, sizeof url, "%s%s", rt_env("TCSS_EMULATOR"), path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
    if (strcmp(method, "POST") == 0) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body != NULL ? body : "{}");
    }
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || status != 200) {
        fail_msg("emulator control %s %s failed: curl %d, HTTP %ld: %s", method, path, (int)rc, status,
                 g.data != NULL ? g.data : "");
    }
    j = cJSON_Parse(g.data != NULL ? g.data : "");
    free(g.data);
    if (j == NULL) {
        fail_msg("emulator control %s %s: answer is not JSON", method, path);
    }
    return j;
}

void rt_emu_reset(void) { cJSON_Delete(rt_control("POST", "/__emulator/reset", "{}")); }
void rt_emu_fault(const char *json) { cJSON_Delete(rt_control("POST", "/__emulator/faults", json)); }
void rt_emu_config(const char *json) { cJSON_Delete(rt_control("POST", "/__emulator/config", json)); }

int rt_emu_registries_named(const char *name) {
    cJSON *st = rt_control("GET", "/__emulator/state", NULL);
    cJSON *regs = cJSON_GetObjectItemCaseSensitive(st, "registries");
    cJSON *r;
    int n = 0;
    cJSON_ArrayForEach(r, regs) {
        cJSON *nm = cJSON_GetObjectItemCaseSensitive(r, "Name");
        if (cJSON_IsString(nm) && strcmp(nm->valuestring, name) == 0) {
            n++;
        }
    }
    cJSON_Delete(st);
    return n;
}

int rt_emu_request_count(void) {
    cJSON *reqs = rt_control("GET", "/__emulator/requests", NULL);
    int n = cJSON_GetArraySize(reqs);
    cJSON_Delete(reqs);
    return n;
}

int rt_emu_outcome_count(const char *outcome) {
    cJSON *st = rt_control("GET", "/__emulator/state", NULL);
    cJSON *stats = cJSON_GetObjectItemCaseSensitive(st, "stats");
    cJSON *by = cJSON_GetObjectItemCaseSensitive(stats, "by_code");
    cJSON *n = cJSON_GetObjectItemCaseSensitive(by, outcome);
    int v = cJSON_IsNumber(n) ? n->valueint : 0;
    cJSON_Delete(st);
    return v;
}

static int b64val(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

char *rt_emu_last_body_raw(size_t *len_out) {
    cJSON *reqs = rt_control("GET", "/__emulator/requests", NULL);
    int n = cJSON_GetArraySize(reqs);
    cJSON *last, *b64;
    const char *s;
    char *raw;
    size_t len = 0, i;
    unsigned acc = 0;
    int bits = 0;
    if (n == 0) {
        cJSON_Delete(reqs);
        return NULL;
    }
    last = cJSON_GetArrayItem(reqs, n - 1);
    b64 = cJSON_GetObjectItemCaseSensitive(last, "body_b64");
    assert_true(cJSON_IsString(b64));
    s = b64->valuestring;
    raw = malloc(strlen(s) + 1);
    assert_non_null(raw);
    for (i = 0; s[i] != '\0'; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0) continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            raw[len++] = (char)((acc >> bits) & 0xff);
        }
    }
    raw[len] = '\0';
    cJSON_Delete(reqs);
    if (len_out != NULL) *len_out = len;
    return raw;
}

cJSON *rt_emu_last_body(void) {
    size_t len;
    char *raw = rt_emu_last_body_raw(&len);
    cJSON *body;
    if (raw == NULL) return NULL;
    body = cJSON_ParseWithLength(raw, len);
    free(raw);
    return body;
}

long long rt_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int rt_closed_port(void) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), port;
    assert_true(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

char *rt_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    struct grow g = {NULL, 0};
    char buf[65536];
    size_t n;
    if (f == NULL) {
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (grow_write(buf, 1, n, &g) != n) {
            fclose(f);
            free(g.data);
            return NULL;
        }
    }
    fclose(f);
    if (g.data == NULL) {
        g.data = calloc(1, 1);
    }
    if (len != NULL) {
        *len = g.len;
    }
    return g.data;
}

static int env_overridden(const char *entry, const char *const env[]) {
    size_t i;
    if (env == NULL) return 0;
    for (i = 0; env[i] != NULL; i++) {
        const char *eq = strchr(env[i], '=');
        size_t n = eq != NULL ? (size_t)(eq - env[i]) : strlen(env[i]);
        if (strncmp(entry, env[i], n) == 0 && entry[n] == '=') return 1;
    }
    return 0;
}

void rt_run(rt_proc *p, char *const argv[], const char *const env[], const char *input) {
    char out_path[] = "/tmp/tcss-rt-out.XXXXXX", err_path[] = "/tmp/tcss-rt-err.XXXXXX",
         in_path[] = "/tmp/tcss-rt-in.XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path), in_fd = mkstemp(in_path);
    size_t n_env = 0, i, k = 0;
    const char **child_env;
    pid_t pid;
    int status = 0;
    memset(p, 0, sizeof *p);
    assert_true(out_fd >= 0 && err_fd >= 0 && in_fd >= 0);
    if (input != NULL) {
        size_t len = strlen(input);
        assert_int_equal(write(in_fd, input, len), (ssize_t)len);
    }
    lseek(in_fd, 0, SEEK_SET);
    unlink(in_path);
    for (i = 0; environ[i] != NULL; i++) n_env++;
    for (i = 0; env != NULL && env[i] != NULL; i++) n_env++;
    child_env = calloc(n_env + 1, sizeof *child_env);
    assert_non_null(child_env);
    for (i = 0; environ[i] != NULL; i++)
        if (!env_overridden(environ[i], env)) child_env[k++] = environ[i];
    for (i = 0; env != NULL && env[i] != NULL; i++)
        if (strchr(env[i], '=') != NULL) child_env[k++] = env[i];
    child_env[k] = NULL;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execve(argv[0], argv, (char *const *)child_env);
        _exit(127);
    }
    free(child_env);
    close(in_fd);
    close(out_fd);
    close(err_fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    p->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    p->out = rt_read_file(out_path, &p->out_len);
    p->err = rt_read_file(err_path, &p->err_len);
    unlink(out_path);
    unlink(err_path);
    assert_non_null(p->out);
    assert_non_null(p->err);
}

void rt_proc_free(rt_proc *p) {
    free(p->out);
    free(p->err);
    memset(p, 0, sizeof *p);
}

const char *rt_cli(void) {
    const char *v = getenv("TCSS_CLI");
    return v != NULL && v[0] != '\0' ? v : NULL;
}

void rt_record(const char *suite, const char *name, cJSON *obj) {
    const char *dir = getenv("TCSS_RELIABILITY_RESULTS");
    char path[1024];
    char *text;
    FILE *f;
    if (dir == NULL || dir[0] == '\0') {
        cJSON_Delete(obj);
        return;
    }
    snprintf(path, sizeof path, "%s", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, suite);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s.json", dir, suite, name);
    text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    assert_non_null(text);
    f = fopen(path, "w");
    if (f == NULL) {
        free(text);
        fail_msg("cannot write %s", path);
    }
    fprintf(f, "%s\n", text);
    fclose(f);
    free(text);
}

int rt_contains(const char *hay, size_t hay_len, const char *needle, size_t len) {
    size_t i;
    if (len == 0 || hay == NULL || hay_len < len) return 0;
    for (i = 0; i + len <= hay_len; i++)
        if (memcmp(hay + i, needle, len) == 0) return 1;
    return 0;
}

void rt_log_capture(int level, const char *line, void *rt_log_ptr) {
    rt_log *b = rt_log_ptr;
    size_t n = strlen(line);
    char *p = realloc(b->text, b->len + n + 2);
    (void)level;
    if (p == NULL) return;
    memcpy(p + b->len, line, n);
    p[b->len + n] = '\n';
    p[b->len + n + 1] = '\0';
    b->text = p;
    b->len += n + 1;
    b->lines++;
}
