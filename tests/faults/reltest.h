/*
 * Shared helpers of the reliability tests (tests/faults, hostile, load,
 * secrets): the emulator's control API over libcurl, running the tcss CLI as
 * a child with captured output, and the machine-readable result records that
 * scripts/reliability-report renders into RELIABILITY.md.
 *
 * Everything here fails the running CMocka test (fail_msg) on a harness
 * problem, so a test body only asserts behaviour.
 */
#ifndef TCSS_RELTEST_H
#define TCSS_RELTEST_H

#include <stddef.h>

#include <cJSON.h>

/* $NAME, or fail the test when it is unset (run under with-emulator). */
const char *rt_env(const char *name);

/* A request to the emulator's control API ($TCSS_EMULATOR + path). Returns
 * the parsed JSON answer (caller frees with cJSON_Delete); fails the test on
 * anything but HTTP 200 with JSON. */
cJSON *rt_control(const char *method, const char *path, const char *body);
void rt_emu_reset(void);
/* Queue one fault: a JSON object as the control API takes it. */
void rt_emu_fault(const char *json);
void rt_emu_config(const char *json);
/* How many stored registries have this Name. */
int rt_emu_registries_named(const char *name);
/* How many API requests the emulator received since the last reset. */
int rt_emu_request_count(void);
/* The decoded body of the last API request, parsed (caller frees), or NULL
 * when there was none. */
cJSON *rt_emu_last_body(void);
/* The emulator's per-outcome count ("ok", "RequestLimitExceeded", ...). */
/* The decoded bytes of the last API request's body (NUL-terminated; caller
 * frees), or NULL when there was none. */
char *rt_emu_last_body_raw(size_t *len);
int rt_emu_outcome_count(const char *outcome);

/* Monotonic milliseconds. */
long long rt_now_ms(void);

/* A port on 127.0.0.1 that nothing listens on (bound, then closed). */
int rt_closed_port(void);

/* A child process's outcome. */
typedef struct rt_proc {
    int exit_code; /* 128+signal when killed by a signal */
    char *out;     /* captured stdout, NUL-terminated */
    size_t out_len;
    char *err; /* captured stderr, NUL-terminated */
    size_t err_len;
} rt_proc;

/* Runs argv[0] (a path) with the current environment changed by `env`:
 * "NAME=VALUE" sets, "NAME" unsets; NULL-terminated, may be NULL. `input`
 * (may be NULL: empty) is fed on stdin. Waits for it. */
void rt_run(rt_proc *p, char *const argv[], const char *const env[], const char *input);
void rt_proc_free(rt_proc *p);

/* Path of the tcss CLI ($TCSS_CLI), or NULL when the CLI is not built. */
const char *rt_cli(void);

/* Records one result line for RELIABILITY.md:
 * $TCSS_RELIABILITY_RESULTS/<suite>/<name>.json (overwritten per run).
 * `obj` is consumed. Without the variable, nothing is written. */
void rt_record(const char *suite, const char *name, cJSON *obj);

/* The library's log lines, one after the other, each ending in '\n'. */
typedef struct rt_log {
    char *text; /* NUL-terminated; NULL before the first line; caller frees */
    size_t len;
    int lines;
} rt_log;

/* A tcss_log_fn that appends to the rt_log passed as its user data. */
void rt_log_capture(int level, const char *line, void *rt_log_ptr);

/* Reads a whole file; NULL when missing. Caller frees. */
char *rt_read_file(const char *path, size_t *len);

/* True when `needle` (len bytes) occurs in hay (hay_len bytes). */
int rt_contains(const char *hay, size_t hay_len, const char *needle, size_t len);

#endif
