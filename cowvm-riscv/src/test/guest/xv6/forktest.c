/*
 * forktest: fork until the process table is full, then collect every child;
 * exit statuses, wait's rules, many children at once, kill.
 *
 * Assumes a process table smaller than FORK_LIMIT (xv6 has NPROC = 64 slots,
 * so from the shell, with init and sh alive, 61 forks succeed).
 */
#include "xv6.h"

#define FORK_LIMIT 1000

static int pids[FORK_LIMIT];

/* Waits for one child; -1 when there are none. */
static int reap(int *status) {
  *status = 0x7eadbeef;
  return wait(status);
}

/* 1, 2: fork until fork fails. Each child blocks reading a pipe, so every
 * child is alive (not merely a zombie) when the table fills. Closing the write
 * end releases them all; each exits with a status made from its index. */
static void fill_table(void) {
  int p[2];
  if (pipe(p) < 0) {
    check(0, 1, "pipe for the children");
    return;
  }
  int n = 0;
  while (n < FORK_LIMIT) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      char c;
      close(p[1]);
      read(p[0], &c, 1); /* returns 0 once the parent closes its end */
      exit(1000 + n);
    }
    pids[n++] = pid;
  }
  check(n > 0 && n < FORK_LIMIT, 1, "fork until it fails: %d children, then fork returned -1", n);
  close(p[0]);
  close(p[1]);

  int collected = 0, wrong = 0;
  for (int i = 0; i < n; i++) {
    int status;
    int who = reap(&status);
    int k = 0;
    while (k < n && pids[k] != who)
      k++;
    if (k == n || status != 1000 + k)
      wrong++;
    else
      pids[k] = -1; /* each child is collected once */
    collected++;
  }
  int status;
  check(collected == n && wrong == 0, 1, "wait collects each of the %d children once, with its status", n);
  check(reap(&status) == -1, 1, "then wait returns -1");

  int pid = fork();
  if (pid == 0)
    exit(7);
  int who = reap(&status);
  check(pid > 0 && who == pid && status == 7, 2, "fork works again once the children are gone");
}

/* 3: wait returns the exact int passed to exit: xv6 keeps all 32 bits. */
static void statuses(void) {
  static const int values[] = {0, 1, 42, 255, 256, 65536, -1, -2147483647 - 1};
  const int count = sizeof(values) / sizeof(values[0]);
  int ok = 1;
  for (int i = 0; i < count; i++) {
    int pid = fork();
    if (pid == 0)
      exit(values[i]);
    pids[i] = pid;
  }
  for (int i = 0; i < count; i++) {
    int status;
    int who = reap(&status);
    int k = 0;
    while (k < count && pids[k] != who)
      k++;
    if (k == count || status != values[k])
      ok = 0;
  }
  check(ok, 3, "exit statuses 0 1 42 255 256 65536 -1 INT_MIN arrive unchanged");
}

/* 4: fork's result in the parent is the child's getpid(); the child gets 0. */
static void pids_agree(void) {
  int parent = getpid();
  int pid = fork();
  if (pid == 0)
    exit(getpid() != parent ? getpid() : -5);
  int status;
  int who = reap(&status);
  check(pid > 0 && who == pid && status == pid, 4, "the child's getpid() is what fork returned to the parent");
}

/* 5: a tree: 8 children, each with 6 children of its own, all alive at once
 * (57 processes counting this one; with init and sh, 59 of xv6's 64). A
 * child only ever collects its own children. */
static void tree(void) {
  const int kids = 8, grandkids = 6;
  int release[2];
  pipe(release);
  for (int i = 0; i < kids; i++) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      close(release[1]);
      for (int j = 0; j < grandkids; j++) {
        int g = fork();
        if (g == 0) {
          char c;
          read(release[0], &c, 1);
          exit(j + 1);
        }
        if (g < 0)
          exit(200);
      }
      close(release[0]);
      int sum = 0, status;
      for (int j = 0; j < grandkids; j++) {
        if (wait(&status) < 0)
          exit(201);
        sum += status;
      }
      if (wait(&status) != -1)
        exit(202); /* a grandchild of someone else, or a miscount */
      exit(100 * i + sum);
    }
    pids[i] = pid;
  }
  close(release[0]);
  close(release[1]);
  int ok = 1;
  for (int i = 0; i < kids; i++) {
    int status;
    int who = reap(&status);
    int k = 0;
    while (k < kids && pids[k] != who)
      k++;
    if (k == kids || status != 100 * k + 21)
      ok = 0;
  }
  int status;
  check(ok && reap(&status) == -1, 5, "%d children with %d children each, all alive at once, each collects its own",
        kids, grandkids);
}

/* 6: kill ends a process that is computing and one that is asleep; wait then
 * reports status -1, as for any process the kernel ends. */
static void killing(void) {
  int spinner = fork();
  if (spinner == 0) {
    for (volatile int i = 0;; i++)
      ;
  }
  int sleeper = fork();
  if (sleeper == 0) {
    sleep(100000);
    exit(0);
  }
  sleep(1);
  int k1 = kill(spinner), k2 = kill(sleeper);
  int status1, status2;
  int w1 = reap(&status1);
  int w2 = reap(&status2);
  int both = (w1 == spinner && w2 == sleeper) || (w1 == sleeper && w2 == spinner);
  check(k1 == 0 && k2 == 0 && both && status1 == -1 && status2 == -1, 6,
        "kill ends a spinning child and a sleeping child, each with status -1");
  check(kill(spinner) == -1, 6, "kill of a process that is gone returns -1");
}

/* 7: orphans do not use up the process table: 200 times a child forks a
 * grandchild and exits before or after it ends; whoever adopts the orphans (xv6's
 * init, or the host) reaps them, so fork never fails for want of a slot. */
static void orphans(void) {
  int failed = 0;
  for (int i = 0; i < 200 && !failed; i++) {
    int pid = fork();
    if (pid < 0) {
      failed = 1;
      break;
    }
    if (pid == 0) {
      int g = fork();
      if (g < 0)
        exit(1);
      if (g > 0 && i % 2)
        sleep(1); /* the grandchild ends first and is a zombie when orphaned */
      exit(0);
    }
    int status;
    if (reap(&status) != pid || status != 0)
      failed = 1;
  }
  check(!failed, 7, "200 children each leave an orphan behind; fork and wait still work");
}

int main(void) {
  check_begin("forktest");
  int status;
  check(wait(&status) == -1, 1, "wait with no children returns -1");
  fill_table();
  statuses();
  pids_agree();
  tree();
  killing();
  orphans();
  return check_end();
}
