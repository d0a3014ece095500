/*
 * badptr: bad user pointers and bad accesses.
 *
 * Cases 1-3: a system call given a pointer the program may not use returns -1
 * and the program goes on: null and text where the kernel would write, memory
 * past the break, the stack's guard page, kernel addresses, addresses at or
 * above 2^38 (xv6's MAXVA), and a buffer that runs off the end of the heap.
 * Case 4: the same for pipes and the console, where xv6 stops at the first
 * bad byte and returns the count so far (0 here), so -1 or 0 is accepted.
 * Cases 5-8: an access the program may not make kills it with status -1:
 * memory given back by sbrk with a negative argument, the stack guard page
 * and a stack overflow, stores into text and read-only data, kernel and
 * too-high addresses, executing the heap, an illegal instruction.
 *
 * Assumes xv6's layout: text from address 0, one stack page with an
 * inaccessible guard page just below it, the heap above the stack.
 */
#include "xv6.h"

#define DATA_FILE "badptr.tmp"
#define SCRATCH "badptr.out"
#define MARKER "badptr.exec"
#define KERNBASE 0x80000000UL

static uint64 stack_page; /* the page main's stack pointer is in */
static const char *self;  /* our own path, for exec */

/* A function that is never called: its bytes are a target for writes into
 * text (a kernel without the check overwrites them harmlessly). */
__attribute__((noinline)) int never_called(int x) {
  return x * 3 + 1;
}

static uint64 heap_end(void) {
  return (uint64)sbrk(0);
}

/* --- system calls where the kernel writes to the pointer --- */

static int bad_read(uint64 addr, int n) {
  int fd = open(DATA_FILE, O_RDONLY);
  int r = read(fd, (void *)addr, n);
  close(fd);
  return r;
}

static int bad_fstat(uint64 addr) {
  int fd = open(DATA_FILE, O_RDONLY);
  int r = fstat(fd, (struct stat *)addr);
  close(fd);
  return r;
}

/* --- system calls where the kernel reads from the pointer --- */

static int bad_write(uint64 addr, int n) {
  int fd = open(SCRATCH, O_CREATE | O_TRUNC | O_WRONLY);
  int r = write(fd, (void *)addr, n);
  close(fd);
  return r;
}

/* exec must fail, so it runs in a child: if it wrongly succeeded, the new
 * program (this one again) finds MARKER and exits 1. */
static int bad_exec(const char *path, char **argv) {
  int fd = open(MARKER, O_CREATE | O_WRONLY);
  close(fd);
  int pid = fork();
  if (pid == 0)
    exit(exec(path, argv) == -1 ? 0 : 2);
  int status = -99;
  wait(&status);
  unlink(MARKER);
  return status == 0 ? -1 : 0;
}

struct bad {
  const char *what;
  uint64 addr;
};

static struct bad bads[16];
static int nbads;

static void add(const char *what, uint64 addr) {
  bads[nbads].what = what;
  bads[nbads].addr = addr;
  nbads++;
}

static void pointer_calls(void) {
  /* Bad for the kernel to read from, and so to write to. */
  nbads = 0;
  add("past the break", heap_end() + 8 * PGSIZE);
  add("the stack guard page", stack_page - PGSIZE);
  add("KERNBASE 0x80000000", KERNBASE);
  add("the trampoline page MAXVA-4096", MAXVA - PGSIZE);
  add("the trapframe page MAXVA-8192", MAXVA - 2 * PGSIZE);
  add("MAXVA 2^38", MAXVA);
  add("2^39", 1UL << 39);
  add("0xffffffffffff0000", 0xffffffffffff0000UL);
  add("0xfffffffffffffff0 (wraps around)", 0xfffffffffffffff0UL);
  const int readable_bad = nbads;
  /* Readable, but bad for the kernel to write to. */
  add("null (text at address 0)", 0);
  add("the text of a function", (uint64)never_called);

  for (int i = 0; i < nbads; i++) {
    uint64 a = bads[i].addr;
    check(bad_read(a, 16) == -1, 1, "read from a file into %s returns -1", bads[i].what);
    check(bad_fstat(a) == -1, 1, "fstat into %s returns -1", bads[i].what);
    check(pipe((int *)a) == -1, 1, "pipe into %s returns -1", bads[i].what);
    if (a == 0)
      continue; /* wait(0) is how a program says it wants no status */
    int child = fork();
    if (child == 0)
      exit(5);
    int r = wait((int *)a);
    check(r == -1, 1, "wait storing the status into %s returns -1", bads[i].what);
    check(r == child || wait(0) == child, 1, "the child is then still there for wait(0)");
  }

  for (int i = 0; i < readable_bad; i++) {
    uint64 a = bads[i].addr;
    const char *w = bads[i].what;
    check(bad_write(a, 16) == -1, 2, "write to a file from %s returns -1", w);
    check(open((char *)a, O_RDONLY) == -1, 2, "open with its path at %s returns -1", w);
    check(open((char *)a, O_CREATE | O_RDWR) == -1, 2, "open(O_CREATE) with its path at %s returns -1", w);
    check(mkdir((char *)a) == -1, 2, "mkdir with its path at %s returns -1", w);
    check(mknod((char *)a, CONSOLE, 0) == -1, 2, "mknod with its path at %s returns -1", w);
    check(unlink((char *)a) == -1, 2, "unlink with its path at %s returns -1", w);
    check(chdir((char *)a) == -1, 2, "chdir with its path at %s returns -1", w);
    check(link((char *)a, "badptr.link") == -1, 2, "link from a path at %s returns -1", w);
    check(link(DATA_FILE, (char *)a) == -1, 2, "link to a path at %s returns -1", w);
    char *good_argv[] = {"badptr", 0};
    check(bad_exec((char *)a, good_argv) == -1, 2, "exec with its path at %s returns -1", w);
    check(bad_exec(self, (char **)a) == -1, 2, "exec with argv at %s returns -1", w);
    char *argv[] = {(char *)a, 0};
    check(bad_exec(self, argv) == -1, 2, "exec with argv[0] at %s returns -1", w);
    char *argv2[] = {"badptr", (char *)a, 0};
    check(bad_exec(self, argv2) == -1, 2, "exec with argv[1] at %s returns -1", w);
  }

  /* 3: a buffer that starts on the heap and runs past its end. */
  uint64 edge = heap_end() - 100;
  check(bad_read(edge, 200) == -1, 3, "read from a file into a buffer running 100 bytes past the break returns -1");
  check(bad_write(edge, 200) == -1, 3, "write to a file from a buffer running 100 bytes past the break returns -1");
  /* As on xv6, only the bytes that move must be in good memory: a huge count
   * into a small buffer is fine when the file is short. */
  check(bad_read(heap_end() - PGSIZE, 0x7fffffff) == 300, 3,
        "read of 300 bytes with a count of 2^31-1 into the last heap page returns 300");
  struct stat st;
  check(stat(DATA_FILE, &st) == 0 && st.size == 300, 3, "the file read from is untouched (300 bytes)");

  /* No descriptor leaks from all the failed pipe() calls. */
  int probe = dup(0);
  close(probe);
  int again = dup(0);
  close(again);
  check(probe == again && probe >= 0 && probe < 6, 3, "no descriptors leaked: the lowest free one is still %d", probe);
}

/* 4: pipes and the console. */
static void device_calls(void) {
  int p[2];
  pipe(p);
  uint64 where[] = {heap_end() + 8 * PGSIZE, MAXVA, KERNBASE};
  const char *names[] = {"past the break", "MAXVA", "KERNBASE"};
  for (int i = 0; i < 3; i++) {
    int r = write(p[1], (void *)where[i], 10);
    check(r == -1 || r == 0, 4, "write to a pipe from %s moves nothing (%d)", names[i], r);
  }
  write(p[1], "ok", 2);
  char got[8];
  int n = read(p[0], got, sizeof(got));
  check(n == 2 && got[0] == 'o' && got[1] == 'k', 4, "the pipe holds only what was written from good memory");
  write(p[1], "abc", 3);
  int r = read(p[0], (void *)MAXVA, 3);
  check(r == -1 || r == 0, 4, "read from a pipe into MAXVA returns -1 or 0 (%d)", r);
  close(p[0]);
  close(p[1]);
  for (int i = 0; i < 3; i++) {
    int w = write(1, (void *)where[i], 10);
    check(w == -1 || w == 0, 4, "write to the console from %s prints nothing (%d)", names[i], w);
  }
}

/* --- accesses that must kill --- */

typedef void (*action)(void);

/* Runs `act` in a child and returns its exit status: -1 when the kernel
 * killed it, 0 when the access went through. */
static int in_child(action act) {
  int pid = fork();
  if (pid == 0) {
    act();
    exit(0);
  }
  int status = -99;
  while (wait(&status) != pid)
    ;
  return status;
}

static volatile char *target;
static volatile uint64 sink;

static void load(void) {
  sink = *target;
}
static void store(void) {
  *target = 1;
}
static void load_word(void) {
  sink = *(volatile uint64 *)target;
}
static void jump(void) {
  ((void (*)(void))target)();
}

static int overflow(int depth) {
  volatile char frame[256];
  frame[0] = (char)depth;
  frame[sizeof(frame) - 1] = (char)depth;
  if (depth > 100000)
    return 0; /* 25 MB of stack and no fault: give up */
  return overflow(depth + 1) + frame[0] + frame[sizeof(frame) - 1];
}
static void recurse(void) {
  sink = overflow(0);
}
static void illegal(void) {
  asm volatile("unimp");
}

static void shrink(void) {
  /* Start from a page boundary so the pages given back are whole. */
  uint64 brk = heap_end();
  sbrk((int)(((brk + PGSIZE - 1) & ~(uint64)(PGSIZE - 1)) - brk));
  char *p = sbrk(2 * PGSIZE);
  p[0] = 'a';
  p[PGSIZE] = 'b';
  char *old = sbrk(-2 * PGSIZE);
  check(old == p + 2 * PGSIZE && sbrk(0) == p, 5, "sbrk(-8192) returns the old break and moves it back");
  target = p;
  check(in_child(load) == -1, 5, "a load from memory given back by sbrk kills the child (status -1)");
  target = p + PGSIZE + 100;
  check(in_child(store) == -1, 5, "a store into memory given back by sbrk kills the child");

  /* Grow by 2 MB and shrink again, 100 times: 200 MB in all, more than the
   * machine has, so frames that were not given back would run out. */
  int ok = 1;
  for (int round = 0; round < 100 && ok; round++) {
    char *q = sbrk(2 << 20);
    if (q == (char *)-1) {
      ok = 0;
      break;
    }
    for (int off = 0; off < (2 << 20); off += PGSIZE)
      q[off] = (char)round;
    ok = q[PGSIZE] == (char)round;
    sbrk(-(2 << 20));
  }
  check(ok, 5, "sbrk +2 MB, touch, -2 MB, 100 times: the memory comes back each time");
}

static void faults(void) {
  target = (char *)(stack_page - PGSIZE + 64);
  check(in_child(load) == -1, 6, "a load from the stack guard page kills the child");
  check(in_child(recurse) == -1, 6, "a stack overflow kills the child");

  target = (char *)never_called;
  check(in_child(store) == -1, 7, "a store into text kills the child");
  target = (char *)"a string literal in read-only data";
  check(in_child(store) == -1, 7, "a store into read-only data kills the child");

  target = (char *)MAXVA;
  check(in_child(load) == -1, 8, "a load from 2^38 kills the child");
  check(in_child(store) == -1, 8, "a store to 2^38 kills the child");
  check(in_child(jump) == -1, 8, "a jump to 2^38 kills the child");
  target = (char *)(MAXVA - 8);
  check(in_child(load_word) == -1, 8, "a load from the trampoline page at MAXVA-8 kills the child");
  target = (char *)(1UL << 39);
  check(in_child(load) == -1, 8, "a load from 2^39 kills the child");
  target = (char *)0xffffffffffffff00UL;
  check(in_child(load) == -1, 8, "a load from 0xffffffffffffff00 kills the child");
  target = (char *)KERNBASE;
  check(in_child(load) == -1, 8, "a load from KERNBASE 0x80000000 kills the child");
  target = (char *)(heap_end() + 8 * PGSIZE);
  check(in_child(load) == -1, 8, "a load past the break kills the child");

  /* The heap is readable and writable, not executable. */
  char *code = sbrk(PGSIZE);
  code[0] = 0x82; /* c.ret */
  code[1] = 0x80;
  asm volatile("fence.i" ::: "memory");
  target = code;
  check(in_child(jump) == -1, 8, "a jump into the heap kills the child");
  check(in_child(illegal) == -1, 8, "an illegal instruction kills the child");
}

int main(int argc, char **argv) {
  struct stat st;
  if (stat(MARKER, &st) == 0) {
    printf("badptr: an exec that should have failed ran this program\n");
    exit(1);
  }
  uint64 sp;
  asm volatile("mv %0, sp" : "=r"(sp));
  stack_page = sp & ~(uint64)(PGSIZE - 1);
  self = argc > 0 && argv[0] != 0 ? argv[0] : "badptr";

  check_begin("badptr");
  /* A heap page of our own, so "the end of the heap" is not the stack page. */
  sbrk(PGSIZE);
  int fd = open(DATA_FILE, O_CREATE | O_TRUNC | O_WRONLY);
  static char data[300];
  memset(data, 'd', sizeof(data));
  write(fd, data, sizeof(data));
  close(fd);

  pointer_calls();
  device_calls();
  shrink();
  faults();

  unlink(DATA_FILE);
  unlink(SCRATCH);
  return check_end();
}
