/*
 * linux_ref: the Linux side of cowvm's benchmarks (docs/performance.md).
 *
 * Measures, on this machine's kernel, what cowvm-bench measures on cowvm:
 *
 *   fork            fork() of a process with N MiB of written private anonymous memory,
 *                   timed in the parent from the call to its return
 *   fork_sparse     fork() of a process with one written page every S MiB across 255 GiB
 *   cow_copy_fault  first write to a page a forked child shares with its parent (a copy)
 *   cow_reuse_fault first write by the parent after that child exited (a reuse, no copy)
 *   zero_fill_write first write to a page of fresh anonymous memory (a zeroed page)
 *   zero_page_read  first read of a page of fresh anonymous memory (the zero page mapped)
 *   memcpy_4k       a bare 4 KiB memcpy, memset_4k a bare 4 KiB memset, over as many pages
 *
 * Every region is private anonymous memory with transparent huge pages turned off
 * (MADV_NOHUGEPAGE), so every fault and every entry concerns one 4 KiB page, as in cowvm.
 * Before each fork every page is written again, so the parent's entries are writable and
 * exclusive, as they are before each fork of cowvm's benchmark.
 *
 * Output: one line per figure, "<figure> key=value ...", where ns is the median over the
 * runs (per fork for fork and fork_sparse, per page for the others) and min_ns the
 * fastest run. Lines starting with '#' are comments. Exit status 0 unless a system call
 * failed.
 *
 * Usage: linux_ref [--quick]
 * Build: gcc -O2 -o linux_ref linux_ref.c  (bench/run does this; no binary is kept)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define MIB (1UL << 20)
#define GIB (1UL << 30)
#define FAULT_PAGES 4096UL /* 16 MiB, as CopyOnWriteFaultBenchmark.PAGES */
#define MAX_RUNS 64

static void die(const char *what) {
    fprintf(stderr, "linux_ref: %s: %s\n", what, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts the samples, prints the median and the minimum divided by per. */
static void report(const char *figure, const char *keys, uint64_t *samples, int runs, uint64_t per) {
    qsort(samples, (size_t)runs, sizeof samples[0], by_value);
    double median = runs % 2 ? (double)samples[runs / 2] : (samples[runs / 2 - 1] + samples[runs / 2]) / 2.0;
    printf("%s %s runs=%d ns=%.1f min_ns=%.1f\n", figure, keys, runs, median / per, (double)samples[0] / per);
    fflush(stdout);
}

/* Private anonymous memory without transparent huge pages. */
static char *anon(size_t bytes) {
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) die("mmap");
    if (madvise(p, bytes, MADV_NOHUGEPAGE) != 0) die("madvise(MADV_NOHUGEPAGE)");
    return p;
}

/* One 8-byte store at the start of every stride-th byte: one fault per page the first time. */
static void dirty(char *p, size_t pages, size_t stride) {
    for (size_t i = 0; i < pages; i++) *(volatile uint64_t *)(p + i * stride) = i;
}

static uint64_t read_all(const char *p, size_t pages) {
    uint64_t sum = 0;
    for (size_t i = 0; i < pages; i++) sum += *(const volatile uint64_t *)(p + i * PAGE);
    return sum;
}

/* Times fork() in the parent; the child exits at once. */
static uint64_t timed_fork(void) {
    uint64_t t0 = now_ns();
    pid_t pid = fork();
    uint64_t t1 = now_ns();
    if (pid < 0) die("fork");
    if (pid == 0) _exit(0);
    if (waitpid(pid, NULL, 0) != pid) die("waitpid");
    return t1 - t0;
}

static void fork_figure(const char *figure, const char *keys, char *p, size_t pages, size_t stride, int runs) {
    uint64_t samples[MAX_RUNS];
    for (int r = -2; r < runs; r++) { /* two runs to warm up, not counted */
        dirty(p, pages, stride);
        uint64_t t = timed_fork();
        if (r >= 0) samples[r] = t;
    }
    report(figure, keys, samples, runs, 1);
}

static void fork_latency(size_t mib, int runs) {
    size_t bytes = mib * MIB, pages = bytes / PAGE;
    char *p = anon(bytes);
    char keys[64];
    snprintf(keys, sizeof keys, "mib=%zu pages=%zu", mib, pages);
    fork_figure("fork", keys, p, pages, PAGE, runs);
    munmap(p, bytes);
}

static void fork_sparse(size_t spacing_mib, int runs) {
    size_t span = 255 * GIB, stride = spacing_mib * MIB, pages = span / stride;
    char *p = anon(span);
    char keys[64];
    snprintf(keys, sizeof keys, "spacing_mib=%zu pages=%zu", spacing_mib, pages);
    fork_figure("fork_sparse", keys, p, pages, stride, runs);
    munmap(p, span);
}

/*
 * Per run: fork; the child times its first write to every page (copies: the parent still
 * maps them) and sends the time through a pipe, then exits; once it is reaped the parent
 * times its own first write to every page (reuses: no one else maps them any more).
 */
static void cow_faults(int runs) {
    size_t pages = FAULT_PAGES;
    char *p = anon(pages * PAGE);
    uint64_t copies[MAX_RUNS], reuses[MAX_RUNS];
    dirty(p, pages, PAGE);
    for (int r = -1; r < runs; r++) {
        int fd[2];
        if (pipe(fd) != 0) die("pipe");
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {
            uint64_t t0 = now_ns();
            dirty(p, pages, PAGE);
            uint64_t t = now_ns() - t0;
            if (write(fd[1], &t, sizeof t) != sizeof t) _exit(1);
            _exit(0);
        }
        uint64_t t;
        if (read(fd[0], &t, sizeof t) != sizeof t) die("read from child");
        close(fd[0]);
        close(fd[1]);
        if (waitpid(pid, NULL, 0) != pid) die("waitpid");
        uint64_t t0 = now_ns();
        dirty(p, pages, PAGE);
        uint64_t reuse = now_ns() - t0;
        if (r >= 0) {
            copies[r] = t;
            reuses[r] = reuse;
        }
    }
    char keys[32];
    snprintf(keys, sizeof keys, "pages=%zu", pages);
    report("cow_copy_fault", keys, copies, runs, pages);
    report("cow_reuse_fault", keys, reuses, runs, pages);
    munmap(p, pages * PAGE);
}

/* Per run: a fresh mapping, its first access to every page timed, then unmapped. */
static void zero_faults(int runs) {
    size_t pages = FAULT_PAGES, bytes = pages * PAGE;
    uint64_t writes[MAX_RUNS], reads[MAX_RUNS], sink = 0;
    for (int r = -1; r < runs; r++) {
        char *p = anon(bytes);
        uint64_t t0 = now_ns();
        dirty(p, pages, PAGE);
        uint64_t w = now_ns() - t0;
        munmap(p, bytes);
        p = anon(bytes);
        t0 = now_ns();
        sink += read_all(p, pages);
        uint64_t rd = now_ns() - t0;
        munmap(p, bytes);
        if (r >= 0) {
            writes[r] = w;
            reads[r] = rd;
        }
    }
    char keys[32];
    snprintf(keys, sizeof keys, "pages=%zu", pages);
    report("zero_fill_write", keys, writes, runs, pages);
    report("zero_page_read", keys, reads, runs, pages);
    if (sink != 0) fprintf(stderr, "linux_ref: fresh memory was not zero\n");
}

/* The bare operations, over as many distinct pages as the faults touch. */
static void bare(int runs) {
    size_t pages = FAULT_PAGES, bytes = pages * PAGE;
    char *from = anon(bytes), *to = anon(bytes);
    uint64_t copies[MAX_RUNS], fills[MAX_RUNS];
    memset(from, 0x5a, bytes);
    memset(to, 0, bytes);
    for (int r = -1; r < runs; r++) {
        uint64_t t0 = now_ns();
        for (size_t i = 0; i < pages; i++) memcpy(to + i * PAGE, from + i * PAGE, PAGE);
        uint64_t c = now_ns() - t0;
        __asm__ volatile("" : : "r"(to) : "memory");
        t0 = now_ns();
        for (size_t i = 0; i < pages; i++) memset(to + i * PAGE, 0, PAGE);
        uint64_t f = now_ns() - t0;
        __asm__ volatile("" : : "r"(to) : "memory");
        if (r >= 0) {
            copies[r] = c;
            fills[r] = f;
        }
    }
    char keys[32];
    snprintf(keys, sizeof keys, "pages=%zu", pages);
    report("memcpy_4k", keys, copies, runs, pages);
    report("memset_4k", keys, fills, runs, pages);
    munmap(from, bytes);
    munmap(to, bytes);
}

/* MemAvailable from /proc/meminfo, in bytes; 0 if unknown. */
static size_t available_bytes(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return 0;
    char line[256];
    size_t kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %zu kB", &kib) == 1) break;
    fclose(f);
    return kib * 1024;
}

int main(int argc, char **argv) {
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    if (argc > 1 && !quick) {
        fprintf(stderr, "usage: linux_ref [--quick]\n");
        return 2;
    }
    struct utsname u;
    uname(&u);
    printf("# linux_ref kernel=%s machine=%s cpus=%ld quick=%d\n", u.release, u.machine,
           sysconf(_SC_NPROCESSORS_ONLN), quick);

    int runs = quick ? 5 : 21;
    bare(runs);
    cow_faults(runs);
    zero_faults(runs);

    static const size_t sizes[] = {1, 16, 256, 1024, 4096};
    size_t n = quick ? 3 : sizeof sizes / sizeof sizes[0];
    for (size_t i = 0; i < n; i++) {
        /* The parent's pages, and headroom for the page tables and the rest of the machine. */
        if (sizes[i] * MIB + GIB > available_bytes()) {
            printf("# skipped fork mib=%zu: MemAvailable is %zu MiB\n", sizes[i], available_bytes() / MIB);
            continue;
        }
        fork_latency(sizes[i], sizes[i] >= 1024 ? (quick ? 3 : 7) : runs);
    }
    fork_sparse(1024, runs);
    if (!quick) fork_sparse(2, 5);
    return 0;
}
