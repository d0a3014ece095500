/*
 * copyout: the kernel writes into user memory that a fork left shared
 * copy-on-write. Such a write (read() into a buffer, wait()'s status, pipe()'s
 * descriptors, fstat()'s struct stat) must break the sharing exactly as a store
 * by the program would: the writer gets its own copy, the other process keeps
 * seeing the old bytes.
 *
 * On a kernel that copies at fork these pass trivially; they are meant for
 * one that shares.
 */
#include "xv6.h"

#define PAGES 4
#define LEN (2 * PGSIZE + 500) /* spans three pages from an unaligned start */
#define FILE_NAME "copyout.tmp"

static char *heap;                                    /* PAGES pages from sbrk */
static char bss_buf[PAGES * PGSIZE] __attribute__((aligned(PGSIZE)));
static int shared_status = 12345;                     /* in .data */
static int shared_fds[2] = {-7, -7};
static struct stat shared_st;

static char pattern(int i) {
  return (char)(i * 7 + 3);
}

static void fill(char *b, char c) {
  memset(b, c, PAGES * PGSIZE);
}

/* b holds pattern bytes at [off, off+len) and c everywhere else? */
static int holds(const char *b, int off, int len, char c) {
  for (int i = 0; i < PAGES * PGSIZE; i++) {
    char want = i >= off && i < off + len ? pattern(i - off) : c;
    if (b[i] != want)
      return 0;
  }
  return 1;
}

/* Reads exactly n bytes unless the input ends first; returns the count. */
static int read_fully(int fd, char *dst, int n) {
  int got = 0;
  while (got < n) {
    int r = read(fd, dst + got, n - got);
    if (r <= 0)
      break;
    got += r;
  }
  return got;
}

static void write_pattern(int fd, int len) {
  static char chunk[512];
  for (int done = 0; done < len;) {
    int n = len - done < (int)sizeof(chunk) ? len - done : (int)sizeof(chunk);
    for (int i = 0; i < n; i++)
      chunk[i] = pattern(done + i);
    write(fd, chunk, n);
    done += n;
  }
}

static int make_file(void) {
  int fd = open(FILE_NAME, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0)
    return -1;
  write_pattern(fd, LEN);
  close(fd);
  return 0;
}

static int wait_for(int pid) {
  int status = -99;
  while (wait(&status) != pid)
    ;
  return status;
}

/* A watcher is a child that sleeps on the pipe `go` until the parent has done
 * its kernel write, then checks its own view of the memory. */
static int go[2];
static void start_watcher(void) {
  pipe(go);
}
static void release_watcher(void) {
  write(go[1], "g", 1);
  close(go[0]);
  close(go[1]);
}
static void watcher_wait(void) {
  char c;
  close(go[1]);
  read(go[0], &c, 1);
}

/* 1 (pipe) and 2 (file): the child reads into a buffer it shares with us. */
static void child_reads(int case_number, char *buf, int through_file) {
  int off = 100;
  fill(buf, 'P');
  int p[2] = {-1, -1};
  if (!through_file)
    pipe(p);
  int pid = fork();
  if (pid == 0) {
    int got;
    if (through_file) {
      int fd = open(FILE_NAME, O_RDONLY);
      got = read(fd, buf + off, LEN); /* one call: the kernel crosses three pages */
      close(fd);
    } else {
      close(p[1]);
      got = read_fully(p[0], buf + off, LEN);
    }
    exit(got == LEN && holds(buf, off, LEN, 'P') ? 0 : 1);
  }
  if (!through_file) {
    close(p[0]);
    write_pattern(p[1], LEN);
    close(p[1]);
  }
  int status = wait_for(pid);
  check(status == 0, case_number, "%s: the child reads %d bytes into %s pages shared with us and sees them",
        through_file ? "file" : "pipe", LEN, buf == heap ? "heap" : "bss");
  check(holds(buf, 0, 0, 'P'), case_number, "%s: our copy is unchanged", through_file ? "file" : "pipe");
}

/* 3: we read into the shared buffer; the child keeps the old bytes. */
static void parent_reads(void) {
  fill(heap, 'Q');
  start_watcher();
  int pid = fork();
  if (pid == 0) {
    watcher_wait();
    exit(holds(heap, 0, 0, 'Q') ? 0 : 1);
  }
  int fd = open(FILE_NAME, O_RDONLY);
  int got = read(fd, heap + 300, LEN);
  close(fd);
  check(got == LEN && holds(heap, 300, LEN, 'Q'), 3, "file: we read into pages shared with a child and see the data");
  release_watcher();
  check(wait_for(pid) == 0, 3, "file: the child's copy is unchanged");
}

/* 4: wait() stores the status into a shared .data page. */
static void wait_status(void) {
  shared_status = 12345;
  start_watcher();
  int watcher = fork();
  if (watcher == 0) {
    watcher_wait();
    exit(shared_status == 12345 ? 0 : 1);
  }
  int quitter = fork();
  if (quitter == 0)
    exit(77);
  /* Only the quitter can end now: the watcher waits for us. */
  int who = wait(&shared_status);
  check(who == quitter && shared_status == 77, 4, "wait stores status 77 into a page shared with another child");
  release_watcher();
  check(wait_for(watcher) == 0, 4, "that child still sees its old value");
}

/* 5: pipe() stores two descriptors into a shared .data page. */
static void pipe_fds(void) {
  start_watcher();
  int watcher = fork();
  if (watcher == 0) {
    watcher_wait();
    exit(shared_fds[0] == -7 && shared_fds[1] == -7 ? 0 : 1);
  }
  int r = pipe(shared_fds);
  char c = 0;
  int works = r == 0 && write(shared_fds[1], "x", 1) == 1 && read(shared_fds[0], &c, 1) == 1 && c == 'x';
  check(works, 5, "pipe stores its descriptors into a page shared with a child, and they work");
  close(shared_fds[0]);
  close(shared_fds[1]);
  release_watcher();
  check(wait_for(watcher) == 0, 5, "the child still sees -7 -7");
  shared_fds[0] = shared_fds[1] = -7;
}

/* 6: fstat() stores 24 bytes into a shared .bss page. */
static void fstat_st(void) {
  memset(&shared_st, 0x5a, sizeof(shared_st));
  start_watcher();
  int watcher = fork();
  if (watcher == 0) {
    watcher_wait();
    const uchar *b = (const uchar *)&shared_st;
    for (uint i = 0; i < sizeof(shared_st); i++)
      if (b[i] != 0x5a)
        exit(1);
    exit(0);
  }
  int fd = open(FILE_NAME, O_RDONLY);
  int r = fstat(fd, &shared_st);
  close(fd);
  check(r == 0 && shared_st.type == T_FILE && shared_st.size == LEN, 6,
        "fstat stores type 2 and size %d into a page shared with a child", LEN);
  release_watcher();
  check(wait_for(watcher) == 0, 6, "the child still sees its old bytes");
}

int main(void) {
  check_begin("copyout");
  heap = sbrk(PAGES * PGSIZE + PGSIZE);
  if (heap == (char *)-1) {
    check(0, 1, "sbrk for the buffer");
    return check_end();
  }
  heap = (char *)(((uint64)heap + PGSIZE - 1) & ~(uint64)(PGSIZE - 1));
  if (make_file() < 0) {
    check(0, 2, "create %s", FILE_NAME);
    return check_end();
  }
  child_reads(1, heap, 0);
  child_reads(1, bss_buf, 0);
  child_reads(2, heap, 1);
  child_reads(2, bss_buf, 1);
  parent_reads();
  wait_status();
  pipe_fds();
  fstat_st();
  unlink(FILE_NAME);
  return check_end();
}
