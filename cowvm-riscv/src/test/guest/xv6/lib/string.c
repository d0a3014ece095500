/*
 * String and memory functions, plus the two small functions xv6 programs expect
 * from their library: reading a line and stat() by path.
 *
 * The compiler may emit calls to memset, memcpy and memmove for structure
 * copies and initializers, so these must exist even in programs that do not
 * call them by name.
 */
#include "xv6.h"

uint strlen(const char *s) {
  const char *end = s;
  while (*end != '\0')
    end++;
  return end - s;
}

char *strcpy(char *dst, const char *src) {
  uint i = 0;
  do {
    dst[i] = src[i];
  } while (src[i++] != '\0');
  return dst;
}

int strcmp(const char *a, const char *b) {
  const uchar *x = (const uchar *)a, *y = (const uchar *)b;
  while (*x != '\0' && *x == *y) {
    x++;
    y++;
  }
  return (int)*x - (int)*y;
}

int strncmp(const char *a, const char *b, uint n) {
  for (uint i = 0; i < n; i++) {
    uchar x = a[i], y = b[i];
    if (x != y)
      return (int)x - (int)y;
    if (x == '\0')
      break;
  }
  return 0;
}

char *strchr(const char *s, char c) {
  for (;; s++) {
    if (*s == c)
      return (char *)s;
    if (*s == '\0')
      return NULL;
  }
}

void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  uchar byte = (uchar)c;
  /* Head bytes up to an 8-byte boundary, then whole words, then the tail. */
  while (n > 0 && ((uint64)d & 7) != 0) {
    *d++ = byte;
    n--;
  }
  uint64 word = byte * 0x0101010101010101UL;
  for (; n >= 8; n -= 8, d += 8)
    *(uint64 *)d = word;
  while (n-- > 0)
    *d++ = byte;
  return dst;
}

void *memmove(void *dst, const void *src, uint n) {
  uchar *d = dst;
  const uchar *s = src;
  if (d == s || n == 0)
    return dst;
  if (d < s || d >= s + n) {
    /* No overlap that a forward copy could trample. */
    if ((((uint64)d | (uint64)s) & 7) == 0) {
      for (; n >= 8; n -= 8, d += 8, s += 8)
        *(uint64 *)d = *(const uint64 *)s;
    }
    while (n-- > 0)
      *d++ = *s++;
  } else {
    /* dst starts inside src: copy from the end backwards. */
    d += n;
    s += n;
    while (n-- > 0)
      *--d = *--s;
  }
  return dst;
}

void *memcpy(void *dst, const void *src, uint n) {
  return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint n) {
  const uchar *x = a, *y = b;
  for (uint i = 0; i < n; i++) {
    if (x[i] != y[i])
      return (int)x[i] - (int)y[i];
  }
  return 0;
}

/* Decimal digits after optional blanks and an optional sign; stops at the
 * first other character. */
int atoi(const char *s) {
  int sign = 1, value = 0;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '-' || *s == '+') {
    if (*s == '-')
      sign = -1;
    s++;
  }
  while (*s >= '0' && *s <= '9')
    value = value * 10 + (*s++ - '0');
  return sign * value;
}

/* Reads one byte at a time up to and including a newline, so nothing past the
 * line is consumed: a child that inherits fd then reads from the right place.
 * Stores at most max-1 bytes and a NUL. Returns the bytes stored, 0 at end of
 * input, -1 on a read error before any byte. */
int readline(int fd, char *buf, int max) {
  int len = 0;
  while (len + 1 < max) {
    char c;
    int r = read(fd, &c, 1);
    if (r < 0 && len == 0)
      return -1;
    if (r <= 0)
      break;
    buf[len++] = c;
    if (c == '\n')
      break;
  }
  buf[len] = '\0';
  return len;
}

int stat(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}
