/*
 * libtest: our user library itself: string and memory functions, printf's
 * conversions, malloc and free, readline. The other programs trust these.
 */
#include "xv6.h"

static char a[64], b[64];

static void strings(void) {
  check(strlen("") == 0 && strlen("cowvm") == 5, 1, "strlen");
  check(strcmp("abc", "abc") == 0 && strcmp("abc", "abd") < 0 && strcmp("b", "abc") > 0 && strcmp("ab", "abc") < 0 &&
            strcmp("\xff", "a") > 0,
        1, "strcmp orders by unsigned bytes, a prefix first");
  check(strncmp("abcx", "abcy", 3) == 0 && strncmp("abcx", "abcy", 4) < 0 && strncmp("a", "a\0z", 3) == 0, 1,
        "strncmp stops at n and at the end of a string");
  const char *s = "fork/exec";
  check(strchr(s, '/') == s + 4 && strchr(s, 'z') == 0 && strchr(s, '\0') == s + 9, 1, "strchr");
  check(strcmp(strcpy(a, "copy"), "copy") == 0, 1, "strcpy");
  check(atoi("42") == 42 && atoi("  -17x") == -17 && atoi("+8") == 8 && atoi("x") == 0, 1, "atoi");

  /* memset from every alignment and length up to 40 touches exactly its bytes. */
  int ok = 1;
  for (int off = 0; off < 8; off++) {
    for (int len = 0; len <= 40; len++) {
      memset(a, '.', sizeof(a));
      memset(a + off, 'x', len);
      for (int i = 0; i < (int)sizeof(a); i++)
        if (a[i] != (i >= off && i < off + len ? 'x' : '.'))
          ok = 0;
    }
  }
  check(ok, 1, "memset from each alignment, lengths 0 to 40");

  /* memmove with overlap both ways, aligned and not. */
  ok = 1;
  for (int shift = -9; shift <= 9; shift++) {
    for (int i = 0; i < (int)sizeof(a); i++)
      a[i] = b[i] = (char)i;
    memmove(a + 20 + shift, a + 20, 24);
    for (int i = 0; i < 24; i++)
      b[20 + shift + i] = (char)(20 + i);
    if (memcmp(a, b, sizeof(a)) != 0)
      ok = 0;
  }
  check(ok, 1, "memmove with overlapping ranges, shifted -9 to 9");
  check(memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abd", 2) == 0 && memcmp("\x80", "\x01", 1) > 0, 1, "memcmp");
}

static int formats(const char *want, const char *fmt, ...) {
  static char got[80];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(got, sizeof(got), fmt, ap);
  va_end(ap);
  if (strcmp(got, want) == 0)
    return 1;
  printf("libtest: \"%s\" gave \"%s\", not \"%s\"\n", fmt, got, want);
  return 0;
}

static void printing(void) {
  int ok = 1;
  ok &= formats("0 -1 2147483647 -2147483648", "%d %d %d %d", 0, -1, 2147483647, -2147483647 - 1);
  ok &= formats("4294967295 ff 0x1000", "%u %x %p", -1, 255, (void *)0x1000);
  ok &= formats("-9223372036854775808 ffffffffffffffff", "%ld %lx", (long)(1UL << 63), ~0UL);
  ok &= formats("18446744073709551615 12", "%lu %lld", ~0UL, 12L);
  ok &= formats("[   42][42   ][00042][-0042]", "[%5d][%-5d][%05d][%05d]", 42, 42, 42, -42);
  ok &= formats("[  ab][ab  ][x][(null)]", "[%4s][%-4s][%c][%s]", "ab", "ab", 'x', (char *)0);
  ok &= formats("100% done %q", "100%% done %q");
  check(ok, 2, "printf conversions: %%d %%u %%x %%p %%ld %%lx %%lu %%lld %%s %%c %%%%, widths, '-', '0'");
  char small[6];
  int n = snprintf(small, sizeof(small), "%s", "truncated");
  check(n == 5 && strcmp(small, "trunc") == 0, 2, "snprintf cuts to the buffer and ends it with a NUL");
}

#define BLOCKS 64
static char *blocks[BLOCKS];
static uint sizes[BLOCKS];

static int intact(int i) {
  for (uint k = 0; k < sizes[i]; k++)
    if (blocks[i][k] != (char)(i + k))
      return 0;
  return 1;
}

static void allocate(int i) {
  sizes[i] = 1 + (i * 37) % 700;
  blocks[i] = malloc(sizes[i]);
  if (blocks[i] != 0)
    for (uint k = 0; k < sizes[i]; k++)
      blocks[i][k] = (char)(i + k);
}

static void memory(void) {
  int ok = 1;
  for (int i = 0; i < BLOCKS; i++) {
    allocate(i);
    if (blocks[i] == 0 || ((uint64)blocks[i] & 15) != 0)
      ok = 0;
  }
  check(ok, 3, "malloc gives %d blocks of 1 to 700 bytes, 16-byte aligned", BLOCKS);
  ok = 1;
  for (int i = 0; i < BLOCKS; i++)
    if (!intact(i))
      ok = 0;
  check(ok, 3, "no block overlaps another");

  for (int i = 0; i < BLOCKS; i += 2) {
    free(blocks[i]);
    blocks[i] = 0;
  }
  char *brk = sbrk(0);
  ok = 1;
  for (int i = 0; i < BLOCKS; i += 2)
    allocate(i);
  for (int i = 0; i < BLOCKS; i++)
    if (blocks[i] == 0 || !intact(i))
      ok = 0;
  check(ok && sbrk(0) == brk, 3, "freed blocks are reused: allocating them again does not grow the heap");

  for (int i = 0; i < BLOCKS; i++)
    free(blocks[i]);
  char *big = malloc(1 << 20);
  ok = big != 0;
  if (ok) {
    memset(big, 7, 1 << 20);
    free(big);
  }
  char *again = malloc(1 << 20);
  check(ok && again == big, 3, "1 MiB from malloc, freed, comes back at the same address");
  free(again);
  free(0);
  check(malloc(0x7fffffff) == 0, 3, "malloc of 2 GiB, more than sbrk can take in one call, returns 0");
}

static void lines(void) {
  int p[2];
  pipe(p);
  const char *text = "first\nsecond line\nlast";
  write(p[1], text, strlen(text));
  close(p[1]);
  char buf[8];
  int n1 = readline(p[0], buf, sizeof(buf));
  int ok = n1 == 6 && strcmp(buf, "first\n") == 0;
  int n2 = readline(p[0], buf, sizeof(buf));
  ok = ok && n2 == 7 && strcmp(buf, "second ") == 0;
  int n3 = readline(p[0], buf, sizeof(buf));
  ok = ok && n3 == 5 && strcmp(buf, "line\n") == 0;
  check(ok, 4, "readline stops after a newline, or when the buffer is full");
  int n4 = readline(p[0], buf, sizeof(buf));
  check(n4 == 4 && strcmp(buf, "last") == 0 && readline(p[0], buf, sizeof(buf)) == 0, 4,
        "readline returns a last line without a newline, then 0");
  close(p[0]);
}

int main(void) {
  check_begin("libtest");
  strings();
  printing();
  memory();
  lines();
  return check_end();
}
