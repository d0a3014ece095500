/*
 * spawn.c: posix_spawn from a parent of a given size. The parent maps SIZE MiB
 * (default 1) and writes every page, so all of it is resident, then spawns
 * COUNT children (default 20) one after another, each running this program
 * again (/proc/self/exe) with the argument "child", which exits at once.
 * glibc spawns with clone(CLONE_VM|CLONE_VFORK): the child runs on the
 * parent's memory until it execs, so the parent's size should not matter.
 * The spawns alone (from the first posix_spawn to the last waitpid, not the
 * writes before them) are timed with CLOCK_MONOTONIC and printed in
 * microseconds: on cowvm that is the host's clock only on a machine built with
 * hostClock (dev.cowvm.bench.LinuxPrograms builds one for this program).
 *
 *   spawn [SIZE_MIB [COUNT]]
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        return 0;
    }
    long mib = argc > 1 ? atol(argv[1]) : 1;
    long count = argc > 2 ? atol(argv[2]) : 20;
    size_t bytes = (size_t) mib << 20;
    char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mib <= 0 || count <= 0 || mem == MAP_FAILED) {
        fprintf(stderr, "usage: spawn [SIZE_MIB [COUNT]] (and enough memory for SIZE_MIB)\n");
        return 2;
    }
    for (size_t i = 0; i < bytes; i += 4096) {
        mem[i] = 1;
    }
    char *child_argv[] = {"spawn", "child", NULL};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long ok = 0;
    for (long i = 0; i < count; i++) {
        pid_t pid;
        int status;
        if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, child_argv, environ) == 0
                && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            ok++;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    long us = (end.tv_sec - start.tv_sec) * 1000000L + (end.tv_nsec - start.tv_nsec) / 1000;
    printf("spawn: %ld of %ld children spawned from a %ld MiB parent exited 0; spawns took %ld us\n", ok, count,
           mib, us);
    return ok == count ? 0 : 1;
}
