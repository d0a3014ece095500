/*
 * forks.c (fork-heavy): a 64 MiB parent forks 100 children; each child writes
 * one page of its own and exits; then the parent waits for all of them and
 * checks that its own pages are unchanged. Under copy-on-write each child
 * copies one page; a naive fork would copy 64 MiB a hundred times.
 *
 * Two builds of this one source:
 *   -DABI_XV6  freestanding (rt.h): xv6's fork 1, exit 2, wait 3, sbrk 12,
 *              write 16, with rt.h's own start-up code;
 *   otherwise  glibc, statically linked: fork, waitpid, malloc.
 */
#define PARENT_BYTES (64L << 20)
#define PAGE 4096L
#define PAGES (PARENT_BYTES / PAGE)
#define CHILDREN 100

#if defined(ABI_XV6)
#include "rt.h"

static long do_fork(void)
{
    return rt_syscall(SYS_FORK, 0, 0, 0);
}

/* Returns 1 if a child was collected and it exited 0 (xv6's wait gives exit's argument). */
static int collect(void)
{
    int status = -1;
    return rt_syscall(SYS_WAIT, (long) &status, 0, 0) > 0 && status == 0;
}

static char *grow(long bytes)
{
    long old = rt_syscall(SYS_SBRK, bytes, 0, 0);
    return old == -1 ? 0 : (char *) old;
}

#define child_exit(status) rt_exit(status)
#else
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void put(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(1, s, n);
        if (w <= 0) {
            _exit(120);
        }
        s += w;
        n -= (size_t) w;
    }
}

static void put_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = '\0';
    do {
        buf[--i] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(buf + i);
}

static long do_fork(void)
{
    return fork();
}

static int collect(void)
{
    int status;
    return wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static char *grow(long bytes)
{
    return malloc((size_t) bytes); /* glibc maps a block this large with mmap */
}

#define child_exit(status) _exit(status)
#endif

int main(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    char *mem = grow(PARENT_BYTES);
    if (mem == 0) {
        put("forks: no memory for the parent\n");
        return 1;
    }
    for (long p = 0; p < PAGES; p++) {
        *(long *) (mem + p * PAGE) = p;
    }
    for (int i = 0; i < CHILDREN; i++) {
        long pid = do_fork();
        if (pid < 0) {
            put("forks: fork failed\n");
            return 2;
        }
        if (pid == 0) {
            long page = (i * 163L) % PAGES;
            *(long *) (mem + page * PAGE) = -1 - i;
            child_exit(0);
        }
    }
    int exited = 0;
    for (int i = 0; i < CHILDREN; i++) {
        exited += collect();
    }
    long wrong = 0;
    for (long p = 0; p < PAGES; p++) {
        wrong += *(long *) (mem + p * PAGE) != p;
    }
    put("forks: ");
    put_u64((uint64_t) exited);
    put(" of 100 children of a 64 MiB parent exited 0; the parent's pages changed: ");
    put_u64((uint64_t) wrong);
    put("\n");
    return exited == CHILDREN && wrong == 0 ? 0 : 3;
}
