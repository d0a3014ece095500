/*
 * idle.c (host memory per idle process): `idle N` makes N processes in all,
 * the parent and N - 1 children, each blocked reading a pipe that nobody
 * writes. Once every one of them waits, cowvm's machine stops ("every
 * process is waiting"), and dev.cowvm.bench.GuestPrograms measures what the
 * host holds for them: the Java heap the machine retains and the frames in
 * use. Built for xv6's interface only (-DABI_XV6, freestanding).
 */
#include "args.h"
#include "rt.h"

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 100);
    int fds[2];
    if (rt_syscall(SYS_PIPE, (long) fds, 0, 0) < 0) {
        put("idle: pipe failed\n");
        return 1;
    }
    for (long i = 1; i < n; i++) {
        long pid = rt_syscall(SYS_FORK, 0, 0, 0);
        if (pid < 0) {
            put("idle: fork failed after ");
            put_u64((uint64_t) i);
            put(" processes\n");
            return 2;
        }
        if (pid == 0) {
            break; /* a child: wait below with the others */
        }
    }
    char c;
    rt_syscall(SYS_READ, fds[0], (long) &c, 1); /* never returns: the write end stays open */
    return 3;
}
