/*
 * Process hardening done first thing in main(): a core dump taken while a
 * call is in flight would hold the registry password and the SecretKey, so
 * the command switches core dumps off for itself (issue 10, item 6).
 *
 * RLIMIT_CORE 0 stops the kernel writing a core file; PR_SET_DUMPABLE 0
 * also stops a core-dump pipe handler (systemd-coredump, apport), which
 * ignores RLIMIT_CORE, and keeps other processes of the same user from
 * attaching with ptrace or reading /proc/<pid>/mem.
 */
#define _GNU_SOURCE 1

#include "cli.h"

#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

void cli_disable_core_dumps(void) {
    struct rlimit none;
    none.rlim_cur = 0;
    none.rlim_max = 0;
    /* Best effort: neither call can fail for an unprivileged process
     * lowering its own limits, and nothing better could be done if it did. */
    (void)setrlimit(RLIMIT_CORE, &none);
#if defined(__linux__)
    (void)prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
#endif
}
