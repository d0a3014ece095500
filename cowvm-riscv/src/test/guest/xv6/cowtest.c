/*
 * cowtest: copy-on-write fork, the kind of test the xv6 copy-on-write lab
 * gives, written for our library.
 *
 *  1  how much memory can one process take? A child grows its heap 1 MiB at a
 *     time, touching every page, until sbrk fails (or the kernel kills it),
 *     reporting each step through a pipe.
 *  2  hold 2/3 of that, write every page, fork: the fork must succeed, since a
 *     copying fork would need more memory than is left. The child reads every
 *     page and writes some; neither sees the other's writes. Three rounds, so
 *     frames lost by one round make the next fail.
 *  3  three generations share a quarter of memory and each writes an
 *     overlapping half of it at the same time; every page holds what its
 *     process wrote or what was there at its fork, before and after the
 *     others end.
 *  4  children read from pipes into a page they share with their parent:
 *     the kernel's write must break the sharing like a store does.
 *  5  100 rounds of fork, fork, fork where the middle processes exit at once:
 *     the orphans write shared pages, report failures through a pipe, and are
 *     collected by init.
 *  6  afterwards a process can take as much memory as in case 1 (1 MiB of
 *     slack): nothing leaked.
 *
 * Case 2 needs a kernel that shares pages at fork; a copying kernel (xv6 as
 * shipped, or `cowvm exec --fork-mode copy`) fails it and passes the rest.
 */
#include "xv6.h"

#define MIB (1 << 20)
#define PAGES_PER_MIB (MIB / PGSIZE)
#define PROBE_LIMIT_MIB 4096
#define WORDS (PGSIZE / 8)

/* --- pages that say who wrote them --- */

static uint64 value(int gen, uint64 page) {
  return ((uint64)gen << 56) ^ (page * 0x9e3779b97f4a7c15UL) ^ 0x5a5a5a5aUL;
}

/* Three words of a page carry its value: the first, one in the middle that
 * moves with the page number, and the last (negated). */
static void stamp(char *base, uint64 page, uint64 v) {
  uint64 *w = (uint64 *)(base + page * PGSIZE);
  w[0] = v;
  w[1 + page % (WORDS - 2)] = v + 1;
  w[WORDS - 1] = ~v;
}

static int stamped(char *base, uint64 page, uint64 v) {
  uint64 *w = (uint64 *)(base + page * PGSIZE);
  return w[0] == v && w[1 + page % (WORDS - 2)] == v + 1 && w[WORDS - 1] == ~v;
}

static void stamp_range(char *base, uint64 from, uint64 to, int gen) {
  for (uint64 p = from; p < to; p++)
    stamp(base, p, value(gen, p));
}

/* Counts the pages in [from, to) that do not hold generation gen's value. */
static uint64 wrong_in(char *base, uint64 from, uint64 to, int gen) {
  uint64 wrong = 0;
  for (uint64 p = from; p < to; p++)
    if (!stamped(base, p, value(gen, p)))
      wrong++;
  return wrong;
}

static int read_fully(int fd, void *dst, int n) {
  int got = 0;
  while (got < n) {
    int r = read(fd, (char *)dst + got, n - got);
    if (r <= 0)
      break;
    got += r;
  }
  return got;
}

/* Waits for one particular child when it is the only one we have; other
 * children that end meanwhile can only be orphans handed to us when this
 * program runs as the first process, and are collected and ignored. */
static int wait_for(int pid) {
  int status = -99;
  for (;;) {
    int who = wait(&status);
    if (who == pid || who < 0)
      return who < 0 ? -98 : status;
  }
}

/* --- 1 and 6: how much memory can a process take? --- */

static int probe_mib(void) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
  int pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (pid == 0) {
    close(p[0]);
    for (int mib = 1; mib <= PROBE_LIMIT_MIB; mib++) {
      char *m = sbrk(MIB);
      if (m == (char *)-1)
        break;
      for (int off = 0; off < MIB; off += PGSIZE)
        m[off] = 1; /* a kernel that allocates lazily must find a frame now */
      write(p[1], &mib, sizeof(mib));
    }
    exit(0);
  }
  close(p[1]);
  int last = 0, mib;
  while (read_fully(p[0], &mib, sizeof(mib)) == sizeof(mib))
    last = mib;
  close(p[0]);
  wait_for(pid); /* 0 when sbrk said no, -1 when the kernel ran out and killed it */
  return last;
}

/* --- 2: fork while holding 2/3 of memory --- */

static void share_most(int available_mib, int round) {
  int mib = available_mib * 2 / 3;
  uint64 pages = (uint64)mib * PAGES_PER_MIB;
  char *region = sbrk(mib * MIB);
  if (region == (char *)-1) {
    check(0, 2, "round %d: take %d MiB", round, mib);
    return;
  }
  stamp_range(region, 0, pages, 0);
  int pid = fork();
  if (pid == 0) {
    /* Read all, then write every 16th page: a few copies, not many. */
    uint64 wrong = wrong_in(region, 0, pages, 0);
    for (uint64 p = 0; p < pages; p += 16)
      stamp(region, p, value(1, p));
    for (uint64 p = 0; p < pages; p++)
      if (!stamped(region, p, value(p % 16 == 0 ? 1 : 0, p)))
        wrong++;
    exit(wrong == 0 ? 0 : 1);
  }
  check(pid > 0, 2, "round %d: fork while holding %d of %d MiB succeeds", round, mib, available_mib);
  if (pid > 0) {
    int status = wait_for(pid);
    check(status == 0, 2, "round %d: the child sees all %d pages, and its writes to every 16th page", round,
          (int)pages);
    check(wrong_in(region, 0, pages, 0) == 0, 2, "round %d: our pages are unchanged by the child's writes", round);
  }
  sbrk(-(mib * MIB));
}

/* --- 3: three generations, overlapping halves --- */

static void three_generations(int available_mib, int round) {
  int mib = available_mib / 4;
  uint64 n = (uint64)mib * PAGES_PER_MIB;
  char *r = sbrk(mib * MIB);
  if (r == (char *)-1) {
    check(0, 3, "round %d: take %d MiB", round, mib);
    return;
  }
  stamp_range(r, 0, n, 0);
  int child = fork();
  if (child == 0) {
    int grandchild = fork();
    if (grandchild == 0) {
      /* Generation 2 writes the upper half. */
      stamp_range(r, n / 2, n, 2);
      uint64 wrong = wrong_in(r, 0, n / 2, 0) + wrong_in(r, n / 2, n, 2);
      exit(wrong == 0 ? 0 : 2);
    }
    /* Generation 1 writes the middle half. */
    stamp_range(r, n / 4, 3 * n / 4, 1);
    uint64 wrong = wrong_in(r, 0, n / 4, 0) + wrong_in(r, n / 4, 3 * n / 4, 1) + wrong_in(r, 3 * n / 4, n, 0);
    int status = grandchild < 0 ? -97 : wait_for(grandchild);
    wrong += wrong_in(r, 0, n / 4, 0) + wrong_in(r, n / 4, 3 * n / 4, 1) + wrong_in(r, 3 * n / 4, n, 0);
    if (status != 0)
      exit(status == 2 ? 2 : 3);
    exit(wrong == 0 ? 0 : 1);
  }
  /* Generation 0 writes the lower half with a value of its own. */
  stamp_range(r, 0, n / 2, 3);
  uint64 wrong = wrong_in(r, 0, n / 2, 3) + wrong_in(r, n / 2, n, 0);
  int status = child < 0 ? -97 : wait_for(child);
  wrong += wrong_in(r, 0, n / 2, 3) + wrong_in(r, n / 2, n, 0);
  check(status == 0, 3, "round %d: child and grandchild each see their own writes over %d MiB (status %d)", round,
        mib, status);
  check(wrong == 0, 3, "round %d: the parent sees only its own writes, before and after they end", round);
  sbrk(-(mib * MIB));
}

/* --- 4: pipe reads into a shared page --- */

static char shared_page[PGSIZE] __attribute__((aligned(PGSIZE)));

static void pipe_reads(void) {
  /* Eight pipes at once would take 16 descriptors, more than xv6's NOFILE,
   * so we keep only the write ends: 8 + stdin, stdout, stderr. */
  const int kids = 8;
  int to_kid[8], pids[8];
  int made = 0;
  for (int i = 0; i < PGSIZE; i++)
    shared_page[i] = (char)(i * 13);
  for (int k = 0; k < kids; k++) {
    int p[2];
    if (pipe(p) < 0)
      break;
    pids[k] = fork();
    if (pids[k] == 0) {
      close(p[1]);
      uint64 got = 0;
      char *slot = shared_page + 512 * k + 4; /* unaligned on purpose */
      int n = read_fully(p[0], slot, 8);
      memcpy(&got, slot, 8);
      int wrong = n != 8 || got != value(k, k);
      for (int i = 0; i < PGSIZE; i++)
        if ((i < 512 * k + 4 || i >= 512 * k + 12) && shared_page[i] != (char)(i * 13))
          wrong = 1;
      exit(wrong);
    }
    close(p[0]);
    if (pids[k] < 0) {
      close(p[1]);
      break;
    }
    to_kid[k] = p[1];
    made++;
  }
  /* Each child's read() lands in a page it still shares with us, whether it
   * is already asleep in read() or gets there later. */
  int ok = made == kids;
  for (int k = 0; k < made; k++) {
    uint64 v = value(k, k);
    write(to_kid[k], &v, 8);
    close(to_kid[k]);
  }
  /* The children end in any order: match each one wait returns. */
  int bad_status = 0;
  for (int left = made; left > 0; left--) {
    int status;
    int who = wait(&status);
    int k = 0;
    while (k < made && pids[k] != who)
      k++;
    if (who < 0) {
      ok = 0;
      break;
    }
    if (k == made)
      left++; /* an orphan handed to us when we are the first process */
    else if (status != 0)
      bad_status = status;
  }
  if (bad_status != 0)
    ok = 0;
  check(ok, 4, "%d of %d children each read 8 bytes from a pipe into a page shared with us, and see only their own",
        made, kids);
  if (bad_status != 0)
    check_note("a child's status: %d", bad_status);
  int same = 1;
  for (int i = 0; i < PGSIZE; i++)
    if (shared_page[i] != (char)(i * 13))
      same = 0;
  check(same, 4, "our copy of that page is unchanged");
}

/* --- 5: nested forks with orphans --- */

static void orphans(void) {
  const int rounds = 100, pages = 16;
  char *r = sbrk(pages * PGSIZE);
  stamp_range(r, 0, pages, 0);
  int report[2];
  pipe(report);
  int failed_forks = 0;
  for (int round = 0; round < rounds; round++) {
    int pid = fork();
    if (pid == 0) {
      close(report[0]);
      int p2 = fork();
      if (p2 == 0) {
        int p3 = fork();
        if (p3 == 0) {
          /* An orphan twice over: both its parents exit at once. */
          stamp_range(r, 0, pages, 10 + round);
          if (wrong_in(r, 0, pages, 10 + round) != 0)
            write(report[1], "x", 1);
          exit(0);
        }
        exit(p3 < 0 ? 1 : 0);
      }
      exit(p2 < 0 ? 1 : 0);
    }
    if (pid < 0 || wait_for(pid) != 0)
      failed_forks++;
  }
  close(report[1]);
  /* read() returns 0 only when every orphan has exited and so closed its
   * write end: this waits for processes that are not our children. */
  char buf[16];
  int bad = 0, n;
  while ((n = read(report[0], buf, sizeof(buf))) > 0)
    bad += n;
  close(report[0]);
  check(failed_forks == 0, 5, "%d rounds of fork, fork, fork with the middle two exiting at once", rounds);
  check(bad == 0, 5, "every orphan saw its own writes to %d shared pages (%d did not)", pages, bad);
  check(wrong_in(r, 0, pages, 0) == 0, 5, "our %d pages are unchanged", pages);
  sbrk(-(pages * PGSIZE));
}

int main(void) {
  check_begin("cowtest");
  int before = probe_mib();
  check(before > 3, 1, "a process can take %d MiB (probed in 1 MiB steps)", before);
  if (before <= 3)
    return check_end();
  for (int round = 1; round <= 3; round++)
    share_most(before, round);
  for (int round = 1; round <= 2; round++)
    three_generations(before, round);
  pipe_reads();
  orphans();
  /* When this program is the first process, the orphans were handed to us:
   * collect them. Otherwise we have no children left and this returns -1. */
  while (wait(0) >= 0)
    ;
  /* Exited orphans may wait a moment for init to collect them and free their
   * memory, so look a few times. */
  int after = probe_mib();
  for (int tries = 0; tries < 10 && after < before - 1; tries++) {
    sleep(10);
    after = probe_mib();
  }
  check(after >= before - 1, 6, "afterwards a process can still take %d MiB (before: %d)", after, before);
  return check_end();
}
