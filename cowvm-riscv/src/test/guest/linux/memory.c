/*
 * memory.c: mmap, munmap, mprotect, mremap, madvise and brk.
 *
 *  - Anonymous memory reads as zeros and keeps what is written.
 *  - madvise(MADV_DONTNEED) on part of a private anonymous mapping: the next
 *    touch of those pages reads zeros; the pages around keep their bytes.
 *  - mremap growth with MREMAP_MAYMOVE keeps the contents and adds zero pages;
 *    shrinking keeps the rest; glibc's realloc of a large block (an mmap'ed
 *    chunk, which it grows with mremap) keeps the contents.
 *  - mprotect: a child that writes to a page made read-only, or touches one
 *    made PROT_NONE, dies of SIGSEGV; made writable again, the page still holds
 *    its bytes. A child that touches a page after munmap dies of SIGSEGV.
 *  - mmap with MAP_FIXED over a mapping replaces those pages with zero pages.
 *  - brk through sbrk: the break grows, the new memory is zero and usable, and
 *    shrinks back.
 *  - Refusals: length 0, an unaligned address, neither MAP_SHARED nor
 *    MAP_PRIVATE (EINVAL); a growth without MREMAP_MAYMOVE where the next page
 *    is taken (ENOMEM).
 */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PAGE 4096

static char *map(size_t pages)
{
    char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(p != MAP_FAILED, "mmap of %zu pages, private and anonymous", pages);
    return p;
}

/* The byte at offset i of a pattern that differs on every page. */
static char pattern(size_t i)
{
    return (char) ((i / PAGE) * 7 + i % 251 + 1);
}

static void fill(char *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        p[i] = pattern(i);
    }
}

/* True if bytes [from, to) hold the pattern. */
static int holds_pattern(const char *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (p[i] != pattern(i)) {
            return 0;
        }
    }
    return 1;
}

static int all_zero(const char *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }
    return 1;
}

static void basics(void)
{
    char *p = map(8);
    check(all_zero(p, 0, 8 * PAGE), "a new anonymous mapping reads as zeros");
    fill(p, 0, 8 * PAGE);
    check(holds_pattern(p, 0, 8 * PAGE), "and keeps what is written to it");
    check(munmap(p, 8 * PAGE) == 0, "munmap");
}

static void dontneed(void)
{
    char *p = map(16);
    fill(p, 0, 16 * PAGE);
    check(madvise(p + 4 * PAGE, 4 * PAGE, MADV_DONTNEED) == 0, "madvise(MADV_DONTNEED) of pages 4 to 7 of 16");
    check(all_zero(p, 4 * PAGE, 8 * PAGE), "pages 4 to 7 read as zeros on the next touch");
    check(holds_pattern(p, 0, 4 * PAGE) && holds_pattern(p, 8 * PAGE, 16 * PAGE),
          "pages 0 to 3 and 8 to 15 keep their bytes");
    fill(p, 4 * PAGE, 8 * PAGE);
    check(holds_pattern(p, 0, 16 * PAGE), "pages 4 to 7 can be written again");
    check(munmap(p, 16 * PAGE) == 0, "munmap");
}

static void remap(void)
{
    char *p = map(64);
    fill(p, 0, 64 * PAGE);
    char *q = mremap(p, 64 * PAGE, 1024 * PAGE, MREMAP_MAYMOVE);
    check(q != MAP_FAILED, "mremap from 64 to 1024 pages with MREMAP_MAYMOVE");
    check(holds_pattern(q, 0, 64 * PAGE), "the first 64 pages keep their bytes");
    check(all_zero(q, 64 * PAGE, 1024 * PAGE), "the 960 new pages read as zeros");
    fill(q, 0, 1024 * PAGE);
    char *r = mremap(q, 1024 * PAGE, 16 * PAGE, 0);
    check(r == q, "mremap shrinking to 16 pages stays in place");
    check(holds_pattern(r, 0, 16 * PAGE), "the 16 pages kept keep their bytes");
    check(munmap(r, 16 * PAGE) == 0, "munmap");

    /* Growth in place is refused where the next page is taken and moving is not allowed. */
    char *two = map(2);
    check(mprotect(two + PAGE, PAGE, PROT_READ) == 0, "mprotect the second page to PROT_READ (a mapping of its own)");
    EXPECT_ERRNO(mremap(two, PAGE, 2 * PAGE, 0) == MAP_FAILED ? -1 : 0, ENOMEM,
                 "mremap growth without MREMAP_MAYMOVE into a taken page");
    check(munmap(two, 2 * PAGE) == 0, "munmap");

    size_t small = 1 << 20, large = 4 << 20;
    char *block = malloc(small);
    check(block != NULL, "malloc of 1 MiB");
    fill(block, 0, small);
    char *grown = realloc(block, large);
    check(grown != NULL, "realloc to 4 MiB");
    check(holds_pattern(grown, 0, small), "the first MiB keeps its bytes");
    fill(grown, 0, large);
    check(holds_pattern(grown, 0, large), "and all 4 MiB can be written");
    free(grown);
}

/* Forks a child that runs touch(p) and checks that it died of SIGSEGV. */
static void dies_of_segv(char *p, int write, const char *what, int base)
{
    pid_t child = fork_child(base, "fork");
    if (child == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        close(2); /* no emulator's message about the signal */
        if (write) {
            *(volatile char *) p = 1;
        } else {
            (void) *(volatile char *) p;
        }
        _exit(base + 1);
    }
    int status;
    check(waitpid(child, &status, 0) == child && status == SIGSEGV, "%s: the child was %s", what,
          status_text(status));
}

static void protect(void)
{
    char *p = map(4);
    fill(p, 0, 4 * PAGE);
    check(mprotect(p + PAGE, PAGE, PROT_READ) == 0, "mprotect page 1 of 4 to PROT_READ");
    check(holds_pattern(p, 0, 4 * PAGE), "all 4 pages can still be read");
    dies_of_segv(p + PAGE + 5, 1, "a write to the read-only page", 100);
    check(mprotect(p + 2 * PAGE, PAGE, PROT_NONE) == 0, "mprotect page 2 of 4 to PROT_NONE");
    dies_of_segv(p + 2 * PAGE + 9, 0, "a read of the PROT_NONE page", 110);
    check(mprotect(p, 4 * PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect all 4 pages back to read and write");
    check(holds_pattern(p, 0, 4 * PAGE), "all 4 pages kept their bytes");
    p[PAGE + 5] = 0;
    p[2 * PAGE + 9] = 0;
    check(p[PAGE + 5] == 0 && p[2 * PAGE + 9] == 0, "and can be written again");

    check(munmap(p + 3 * PAGE, PAGE) == 0, "munmap page 3 of 4");
    dies_of_segv(p + 3 * PAGE, 0, "a read of the unmapped page", 120);

    fill(p, 0, 3 * PAGE);
    char *fixed = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check(fixed == p + PAGE, "mmap MAP_FIXED over page 1");
    check(all_zero(p, PAGE, 2 * PAGE), "page 1 now reads as zeros");
    check(holds_pattern(p, 0, PAGE) && holds_pattern(p, 2 * PAGE, 3 * PAGE), "pages 0 and 2 keep their bytes");
    check(munmap(p, 3 * PAGE) == 0, "munmap the rest");
}

static void brk_grows(void)
{
    char *start = sbrk(0);
    check(start != (char *) -1, "sbrk(0) gives the break");
    check(sbrk(64 * PAGE) == start, "sbrk grows the break by 64 pages");
    check(all_zero(start, 0, 64 * PAGE), "the new memory reads as zeros");
    fill(start, 0, 64 * PAGE);
    check(holds_pattern(start, 0, 64 * PAGE), "and keeps what is written");
    check(sbrk(-64 * PAGE) == start + 64 * PAGE && sbrk(0) == start, "sbrk shrinks it back");
}

static void refusals(void)
{
    EXPECT_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL,
                 "mmap of length 0");
    EXPECT_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL,
                 "mmap with neither MAP_SHARED nor MAP_PRIVATE");
    EXPECT_ERRNO(mmap((void *) (uintptr_t) (16 * PAGE + 1), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                      -1, 0) == MAP_FAILED ? -1 : 0,
                 EINVAL, "mmap MAP_FIXED at an unaligned address");
    char *p = map(2);
    EXPECT_ERRNO(munmap(p + 1, PAGE), EINVAL, "munmap at an unaligned address");
    EXPECT_ERRNO(mprotect(p + 1, PAGE, PROT_READ), EINVAL, "mprotect at an unaligned address");
    check(munmap(p, 2 * PAGE) == 0, "munmap");
}

int main(void)
{
    basics();
    dontneed();
    remap();
    protect();
    brk_grows();
    refusals();
    say("memory: done\n");
    return 0;
}
