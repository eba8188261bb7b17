/*
 * Bulk registrations on the public API, for tests/bench/bench.py.
 *
 *   bench_bulk limited THREADS CALLS_PER_THREAD PREFIX URL
 *       one client at its default pacing (20 requests/s), THREADS threads
 *       each registering CALLS_PER_THREAD registries; reports the wall time
 *   bench_bulk reuse CALLS PREFIX URL
 *       one client, no client-side limit, CALLS registrations one after
 *       another (its pooled connection is reused)
 *   bench_bulk fresh CALLS PREFIX URL
 *       the same, but a new client (so a new connection) for every call
 *   ... reuse|fresh CALLS PREFIX URL --same-name
 *       every call registers the name PREFIX: after the first, the service
 *       answers NameRepeatErr (success, already_existed) without running
 *       its health check or storing anything, its cheapest path, so the
 *       client's own cost per call shows
 *
 * Registries are named PREFIX-<thread>-<call>; URL is their registry URL.
 * The endpoint and credentials come from the environment (TCSS_ENDPOINT,
 * TENCENTCLOUD_SECRET_ID/_KEY), the registry password from
 * TCSS_REGISTRY_PASSWORD, an https endpoint's CA file from
 * TCSS_BENCH_CA_FILE. Prints one JSON object on stdout: the wall time of
 * the calls (client creation is inside it for `fresh`, outside for the
 * others), how many calls failed and how, and how many needed a retry.
 * Exits 1 when any call failed, so a broken run is never read as a figure.
 */
#define _POSIX_C_SOURCE 200809L

#include <tcss/tcss.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct job {
    tcss_client *client; /* NULL: a new client per call */
    const char *prefix;
    const char *url;
    const char *password;
    int thread;
    int calls;
    int unlimited;
    int same_name;
    /* results */
    int errors;
    int rate_limited;
    int retried;
    int already_existed;
    char first_error[256];
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int new_client(tcss_client **out, int unlimited) {
    tcss_client_options opts = TCSS_CLIENT_OPTIONS_INIT;
    opts.ca_file = getenv("TCSS_BENCH_CA_FILE");
    if (unlimited) opts.requests_per_second = TCSS_RATE_UNLIMITED;
    return tcss_client_new(out, &opts);
}

static void note_error(struct job *job, const char *what) {
    const tcss_error *err = tcss_error_last();
    job->errors++;
    if (tcss_error_code_of(err) == TCSS_ERATELIMIT) job->rate_limited++;
    if (job->first_error[0] == '\0')
        snprintf(job->first_error, sizeof job->first_error, "%s: %s (%s)", what, tcss_error_message(err),
                 tcss_error_service_code(err));
}

static void *run_job(void *arg) {
    struct job *job = arg;
    char name[128];
    for (int i = 0; i < job->calls; i++) {
        tcss_client *client = job->client;
        if (client == NULL && new_client(&client, job->unlimited) != 0) {
            note_error(job, "tcss_client_new");
            continue;
        }
        if (job->same_name)
            snprintf(name, sizeof name, "%s", job->prefix);
        else
            snprintf(name, sizeof name, "%s-%d-%d", job->prefix, job->thread, i);
        tcss_registry_spec spec = TCSS_REGISTRY_SPEC_INIT;
        spec.name = name;
        spec.username = "bench";
        spec.password = job->password;
        spec.url = job->url;
        spec.registry_type = "harbor";
        spec.net_type = "public";
        spec.registry_version = "V2";
        tcss_registry_result *result = NULL;
        if (tcss_add_registry(&result, client, &spec) != 0) {
            note_error(job, "tcss_add_registry");
        } else {
            if (result->attempts > 1) job->retried++;
            if (result->already_existed) job->already_existed++;
            tcss_registry_result_free(result);
        }
        if (job->client == NULL) tcss_client_free(client);
    }
    return NULL;
}

static int usage(void) {
    fprintf(stderr, "usage: bench_bulk limited THREADS CALLS_PER_THREAD PREFIX URL\n"
                    "       bench_bulk reuse|fresh CALLS PREFIX URL [--same-name]\n");
    return 2;
}

static int positive(const char *s, int *out) {
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 1 || v > 100000) return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv) {
    int threads = 1, calls = 0, unlimited = 1, shared = 1, same_name = 0;
    const char *prefix, *url;
    if (argc == 6 && strcmp(argv[1], "limited") == 0) {
        if (positive(argv[2], &threads) != 0 || positive(argv[3], &calls) != 0) return usage();
        unlimited = 0;
        prefix = argv[4];
        url = argv[5];
    } else if ((argc == 5 || (argc == 6 && strcmp(argv[5], "--same-name") == 0)) &&
               (strcmp(argv[1], "reuse") == 0 || strcmp(argv[1], "fresh") == 0)) {
        if (positive(argv[2], &calls) != 0) return usage();
        same_name = argc == 6;
        shared = strcmp(argv[1], "reuse") == 0;
        prefix = argv[3];
        url = argv[4];
    } else {
        return usage();
    }
    const char *password = getenv("TCSS_REGISTRY_PASSWORD");
    if (password == NULL || password[0] == '\0') password = "bench-registry-password";

    tcss_client *client = NULL;
    if (shared && new_client(&client, unlimited) != 0) {
        fprintf(stderr, "bench_bulk: tcss_client_new: %s\n", tcss_error_message(tcss_error_last()));
        return 1;
    }

    struct job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (jobs == NULL || ids == NULL) {
        fprintf(stderr, "bench_bulk: out of memory\n");
        return 1;
    }
    for (int t = 0; t < threads; t++) {
        jobs[t].client = client;
        jobs[t].prefix = prefix;
        jobs[t].url = url;
        jobs[t].password = password;
        jobs[t].thread = t;
        jobs[t].calls = calls;
        jobs[t].unlimited = unlimited;
        jobs[t].same_name = same_name;
    }

    const double start = now_seconds();
    int started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&ids[started], NULL, run_job, &jobs[started]) != 0) break;
    }
    for (int t = 0; t < started; t++) pthread_join(ids[t], NULL);
    const double wall = now_seconds() - start;
    tcss_client_free(client);
    if (started != threads) {
        fprintf(stderr, "bench_bulk: could not start thread %d\n", started);
        return 1;
    }

    int errors = 0, rate_limited = 0, retried = 0, already = 0;
    const char *first_error = "";
    for (int t = 0; t < threads; t++) {
        errors += jobs[t].errors;
        rate_limited += jobs[t].rate_limited;
        retried += jobs[t].retried;
        already += jobs[t].already_existed;
        if (first_error[0] == '\0') first_error = jobs[t].first_error;
    }
    const int total = threads * calls;
    printf("{\"calls\": %d, \"threads\": %d, \"wall_s\": %.4f, \"calls_per_s\": %.2f, "
           "\"errors\": %d, \"rate_limited_errors\": %d, \"retried_calls\": %d, "
           "\"already_existed\": %d}\n",
           total, threads, wall, total / wall, errors, rate_limited, retried, already);
    if (errors != 0) fprintf(stderr, "bench_bulk: %d of %d calls failed; first: %s\n", errors, total, first_error);
    free(jobs);
    free(ids);
    return errors == 0 ? 0 : 1;
}
