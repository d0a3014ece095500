/*
 * cow.c: copy-on-write across fork, checked page by page.
 *
 * The parent maps 64 MiB (16384 pages of 4 KiB) and gives every page values of
 * its own. After fork, while both processes are alive, the child writes the odd
 * pages and the parent the even ones; the two take turns through pipes so that
 * the order (and so the output) is the same on every run. Then each checks every
 * page: its own writes where it wrote, the values from before the fork where the
 * other side wrote.
 *
 * Under a copy-on-write fork every one of those 16384 writes hits a frame that
 * the other process still maps, so each copies exactly one page: 8192 for the
 * child, 8192 for the parent (plus the few pages of stack and data that both
 * touch after the fork).
 */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
#define PAGES 16384 /* 64 MiB */
#define WORDS (PAGE / 8)

/* The three words of a page that carry its values: first, last, and one between. */
static size_t word_at(size_t page, int which)
{
    switch (which) {
    case 0:
        return 0;
    case 1:
        return WORDS - 1;
    default:
        return 1 + page % (WORDS - 2);
    }
}

static uint64_t before_fork(size_t page, int which)
{
    return (page + 1) * 0x9e3779b97f4a7c15ULL ^ (uint64_t) which << 56;
}

static uint64_t after_fork(size_t page, int which)
{
    return ~before_fork(page, which);
}

static void write_pages(uint64_t *mem, size_t first, size_t step, uint64_t (*value)(size_t, int))
{
    for (size_t p = first; p < PAGES; p += step) {
        for (int w = 0; w < 3; w++) {
            mem[p * WORDS + word_at(p, w)] = value(p, w);
        }
    }
}

/*
 * Returns the first page whose words differ from what they should be (pages with
 * the parity `mine` hold after_fork values, the others before_fork), or -1.
 */
static long first_wrong_page(const uint64_t *mem, size_t mine)
{
    for (size_t p = 0; p < PAGES; p++) {
        for (int w = 0; w < 3; w++) {
            uint64_t want = p % 2 == mine ? after_fork(p, w) : before_fork(p, w);
            if (mem[p * WORDS + word_at(p, w)] != want) {
                return (long) p;
            }
        }
    }
    return -1;
}

static void signal_other(int fd)
{
    char c = 'x';
    if (write(fd, &c, 1) != 1) {
        say("a write to the turn-taking pipe failed: %s\n", errno_name(errno));
        fail_now();
    }
}

static void await_other(int fd)
{
    char c;
    ssize_t n;
    do {
        n = read(fd, &c, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
        say("a read from the turn-taking pipe gave %ld (%s)\n", (long) n, errno_name(errno));
        fail_now();
    }
}

int main(void)
{
    uint64_t *mem = mmap(NULL, (size_t) PAGES * PAGE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(mem != MAP_FAILED, "mmap of 64 MiB (%d pages of %d bytes)", PAGES, PAGE);
    write_pages(mem, 0, 1, before_fork);
    check(first_wrong_page(mem, 2) == -1, "the parent wrote values into all %d pages", PAGES);

    int to_parent[2], to_child[2];
    check(pipe(to_parent) == 0 && pipe(to_child) == 0, "two pipes for taking turns");

    pid_t child = fork_child(100, "fork");
    if (child == 0) {
        write_pages(mem, 1, 2, after_fork);
        say("child: wrote the %d odd pages\n", PAGES / 2);
        signal_other(to_parent[1]);
        await_other(to_child[0]);
        long wrong = first_wrong_page(mem, 1);
        if (wrong != -1) {
            say("child: page %ld is wrong\n", wrong);
        }
        check(wrong == -1, "child: all %d pages hold the child's values (odd) or the values from before the fork (even)",
              PAGES);
        _exit(0);
    }

    await_other(to_parent[0]);
    write_pages(mem, 0, 2, after_fork);
    say("parent: wrote the %d even pages while the child is alive\n", PAGES / 2);
    signal_other(to_child[1]);

    int status;
    check(waitpid(child, &status, 0) == child, "wait for the child");
    check(status == 0, "the child %s", status_text(status));

    long wrong = first_wrong_page(mem, 0);
    if (wrong != -1) {
        say("parent: page %ld is wrong\n", wrong);
    }
    check(wrong == -1, "parent: all %d pages hold the parent's values (even) or the values from before the fork (odd)",
          PAGES);
    check(munmap(mem, (size_t) PAGES * PAGE) == 0, "munmap of the 64 MiB");
    say("cow: done\n");
    return 0;
}
