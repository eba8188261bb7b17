/*
 * bench_spawn OUT_FILE ERR_FILE PROGRAM [ARGS...]
 *
 * Runs PROGRAM as a fresh process (fork + execvp, stdin from /dev/null,
 * stdout to OUT_FILE, stderr to ERR_FILE), waits for it with wait4() and
 * prints one line: "<exit status> <wall ns> <peak RSS KiB>". The environment
 * is passed through unchanged.
 *
 * Why a C helper rather than the Python driver spawning directly: a child's
 * ru_maxrss also counts the memory image it had before exec(), and a child
 * of the Python driver starts as a copy of a ~20 MiB interpreter. Forked
 * from this program it starts at about 1 MiB, well below every peer measured
 * (as with /usr/bin/time). Only fork-to-reap is timed, so the helper's own
 * start-up is in no figure.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int redirect(const char *path, int flags, int fd) {
    int f = open(path, flags, 0600);
    if (f < 0) return -1;
    if (f != fd) {
        if (dup2(f, fd) < 0) return -1;
        close(f);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_spawn OUT_FILE ERR_FILE PROGRAM [ARGS...]\n");
        return 2;
    }
    const long long start = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_spawn: fork");
        return 1;
    }
    if (pid == 0) {
        if (redirect("/dev/null", O_RDONLY, 0) != 0 || redirect(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 1) != 0 ||
            redirect(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 2) != 0)
            _exit(126);
        execvp(argv[3], argv + 3);
        fprintf(stderr, "bench_spawn: cannot run %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("bench_spawn: wait4");
            return 1;
        }
    }
    const long long wall = now_ns() - start;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%d %lld %ld\n", code, wall, usage.ru_maxrss);
    return 0;
}
