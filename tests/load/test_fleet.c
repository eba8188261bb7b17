/*
 * A CI fleet against one account (issue 10 §11), against the emulator.
 *
 *   test_fleet MODE N RATE BOUND_MS
 *
 * N concurrent `tcss add-registry` processes ($TCSS_CLI, default options:
 * 60 s timeout, 3 attempts), each with a Name of its own, against the
 * emulator limited to RATE requests per second with its MODE window
 * (fixed or sliding; with-emulator --rate-window). Every process must exit
 * 0, the emulator must hold exactly N registries, each Name once, and have
 * answered exactly N requests "ok", and the whole fleet (first spawn to last
 * exit) must take at most BOUND_MS. The floor is N / RATE seconds; the
 * bound is twice that.
 *
 * All N are forked first and held at a barrier, then released at once
 * (the wall time starts there), so a slow machine cannot pace the fleet by
 * being slow to start it.
 *
 * The figures go to $TCSS_RELIABILITY_RESULTS/load/fleet_MODE.json before
 * anything is asserted, so a failing run is recorded too.
 */
#define _GNU_SOURCE 1
#include "reltest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_FLEET 512

static const char *window_mode = "fixed";
static int fleet = 100, rate = 20;
static long bound_ms = 10000;

struct runner {
    pid_t pid;
    int exit_code;
    long long ended_ms;
    char name[32];
    char out_path[512];
};

struct tally {
    int ok, rate_limited, other, max_attempts_seen;
    long long wall_ms, slowest_ms;
    char first_failure[512];
};

/* Forks a child that waits on the start barrier (the read end of a pipe
 * whose write end the parent closes to start them all), then execs the CLI:
 * the whole fleet starts at one moment, however slow the machine is to fork
 * a hundred processes. */
static void spawn_runner(struct runner *r, const char *dir, int i, int barrier_rd, int barrier_wr) {
    const char *cli = rt_cli();
    char *argv[] = {(char *)cli,
                    "add-registry",
                    "--name",
                    r->name,
                    "--url",
                    (char *)rt_env("TCSS_MOCK_REGISTRY"),
                    "--registry-type",
                    "harbor",
                    "--username",
                    (char *)rt_env("TCSS_MOCK_REGISTRY_USER"),
                    "--output",
                    "json",
                    NULL};
    int out;
    char c;
    snprintf(r->name, sizeof r->name, "fleet-%03d", i);
    snprintf(r->out_path, sizeof r->out_path, "%s/%03d.out", dir, i);
    out = open(r->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(out >= 0);
    fflush(NULL);
    r->pid = fork();
    assert_true(r->pid >= 0);
    if (r->pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        close(barrier_wr);
        while (read(barrier_rd, &c, 1) > 0) {}
        close(barrier_rd);
        if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(126);
        execve(cli, argv, environ);
        _exit(127);
    }
    close(out);
}

static void reap_all(struct runner *runners, int n, long long started) {
    int left = n, status, i;
    while (left > 0) {
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) fail_msg("waitpid failed with %d processes left", left);
        for (i = 0; i < n; i++) {
            if (runners[i].pid != pid) continue;
            runners[i].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            runners[i].ended_ms = rt_now_ms() - started;
            left--;
            break;
        }
    }
}

/* Exit codes, attempts of the failures (from the CLI's JSON), the slowest. */
static void tally_runners(struct runner *runners, int n, struct tally *t) {
    int i;
    for (i = 0; i < n; i++) {
        struct runner *r = &runners[i];
        char *out = rt_read_file(r->out_path, NULL);
        cJSON *doc = out != NULL ? cJSON_Parse(out) : NULL;
        cJSON *attempts = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "Error"), "Attempts");
        if (r->ended_ms > t->slowest_ms) t->slowest_ms = r->ended_ms;
        if (cJSON_IsNumber(attempts) && attempts->valueint > t->max_attempts_seen)
            t->max_attempts_seen = attempts->valueint;
        if (r->exit_code == 0)
            t->ok++;
        else if (r->exit_code == 5)
            t->rate_limited++;
        else
            t->other++;
        if (r->exit_code != 0 && t->first_failure[0] == '\0')
            snprintf(t->first_failure, sizeof t->first_failure, "%s exited %d: %.400s", r->name, r->exit_code,
                     out != NULL ? out : "(no output)");
        cJSON_Delete(doc);
        free(out);
        unlink(r->out_path);
    }
}

/* Registries in the emulator's state whose Name occurs more than once. */
static int duplicate_names(const cJSON *registries) {
    const cJSON *a, *b;
    int dup = 0;
    cJSON_ArrayForEach(a, registries) {
        const char *na = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "Name"));
        for (b = a->next; b != NULL; b = b->next) {
            const char *nb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "Name"));
            if (na != NULL && nb != NULL && strcmp(na, nb) == 0) dup++;
        }
    }
    return dup;
}

static void record(const struct tally *t, int registries, int dups, int emu_requests, int emu_ok, int emu_limited) {
    char name[32];
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "rate_window", window_mode);
    cJSON_AddNumberToObject(rec, "processes", fleet);
    cJSON_AddNumberToObject(rec, "rate_limit", rate);
    cJSON_AddNumberToObject(rec, "floor_ms", 1000.0 * fleet / rate);
    cJSON_AddNumberToObject(rec, "bound_ms", (double)bound_ms);
    cJSON_AddNumberToObject(rec, "wall_ms", (double)t->wall_ms);
    cJSON_AddNumberToObject(rec, "succeeded", t->ok);
    cJSON_AddNumberToObject(rec, "failed_rate_limited", t->rate_limited);
    cJSON_AddNumberToObject(rec, "failed_other", t->other);
    cJSON_AddNumberToObject(rec, "max_attempts_of_a_failure", t->max_attempts_seen);
    cJSON_AddNumberToObject(rec, "registries", registries);
    cJSON_AddNumberToObject(rec, "duplicate_names", dups);
    cJSON_AddNumberToObject(rec, "emulator_requests", emu_requests);
    cJSON_AddNumberToObject(rec, "emulator_ok", emu_ok);
    cJSON_AddNumberToObject(rec, "emulator_rate_limited", emu_limited);
    cJSON_AddBoolToObject(
        rec, "passed", t->ok == fleet && t->wall_ms <= bound_ms && dups == 0 && registries == fleet && emu_ok == fleet);
    snprintf(name, sizeof name, "fleet_%s", window_mode);
    rt_record("load", name, rec);
}

static void test_fleet(void **state) {
    static struct runner runners[MAX_FLEET];
    struct tally t;
    char dir[] = "/tmp/tcss-fleet.XXXXXX";
    cJSON *config, *snap;
    long long started;
    int i, registries, dups, emu_requests, emu_ok, emu_limited, barrier[2];
    (void)state;
    if (rt_cli() == NULL) skip();
    memset(&t, 0, sizeof t);
    memset(runners, 0, sizeof runners);
    rt_emu_reset();
    config = rt_control("POST", "/__emulator/config", "{}");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(config, "rate_window")), window_mode);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(config, "rate_limit")->valueint, rate);
    cJSON_Delete(config);
    assert_non_null(mkdtemp(dir));
    /* The password goes through the environment, never argv. */
    assert_int_equal(setenv("TCSS_REGISTRY_PASSWORD", rt_env("TCSS_MOCK_REGISTRY_PASSWORD"), 1), 0);

    assert_int_equal(pipe(barrier), 0);
    for (i = 0; i < fleet; i++) spawn_runner(&runners[i], dir, i, barrier[0], barrier[1]);
    close(barrier[0]);
    started = rt_now_ms();
    close(barrier[1]); /* go */
    reap_all(runners, fleet, started);
    t.wall_ms = rt_now_ms() - started;
    tally_runners(runners, fleet, &t);
    rmdir(dir);

    snap = rt_control("GET", "/__emulator/state", NULL);
    registries = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(snap, "registries"));
    dups = duplicate_names(cJSON_GetObjectItemCaseSensitive(snap, "registries"));
    emu_requests =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(snap, "stats"), "requests")->valueint;
    cJSON_Delete(snap);
    emu_ok = rt_emu_outcome_count("ok");
    emu_limited = rt_emu_outcome_count("RequestLimitExceeded");
    record(&t, registries, dups, emu_requests, emu_ok, emu_limited);

    print_message("fleet (%s window): %d processes at %d/s: %d succeeded, %d rate limited (up to %d attempts), "
                  "%d other failures; wall %lld ms (bound %ld, floor %d), slowest process %lld ms; "
                  "emulator: %d requests, %d ok, %d RequestLimitExceeded, %d registries, %d duplicate names\n",
                  window_mode, fleet, rate, t.ok, t.rate_limited, t.max_attempts_seen, t.other, t.wall_ms, bound_ms,
                  1000 * fleet / rate, t.slowest_ms, emu_requests, emu_ok, emu_limited, registries, dups);
    if (t.first_failure[0] != '\0') print_message("first failure: %s\n", t.first_failure);
    assert_int_equal(t.ok, fleet);
    for (i = 0; i < fleet; i++) assert_int_equal(rt_emu_registries_named(runners[i].name), 1);
    assert_int_equal(dups, 0);
    assert_int_equal(registries, fleet);
    assert_int_equal(emu_ok, fleet);
    assert_true(t.wall_ms <= bound_ms);
}

int main(int argc, char **argv) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fleet)};
    if (argc != 5 || (strcmp(argv[1], "fixed") != 0 && strcmp(argv[1], "sliding") != 0)) {
        fprintf(stderr, "usage: test_fleet fixed|sliding PROCESSES RATE BOUND_MS\n");
        return 2;
    }
    window_mode = argv[1];
    fleet = atoi(argv[2]);
    rate = atoi(argv[3]);
    bound_ms = atol(argv[4]);
    if (fleet < 1 || fleet > MAX_FLEET || rate < 1 || bound_ms < 1) return 2;
    return cmocka_run_group_tests_name("load.fleet", tests, NULL, NULL);
}
