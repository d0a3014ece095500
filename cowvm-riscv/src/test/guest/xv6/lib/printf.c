/*
 * printf to a file descriptor.
 *
 * Output is gathered in a small buffer on the stack and handed to write() in
 * as few calls as possible, so one printf from one process usually reaches the
 * console in one piece even when other processes print at the same time. The
 * buffer is small because an xv6 process has a single 4096-byte stack page.
 *
 * snprintf() formats into a string instead, cut to the given size.
 *
 * Conversions: %d %i %u %x %p %s %c %%. A length modifier l or ll makes the
 * integer conversions 64-bit; a width pads on the left with spaces, or with
 * zeros after a '0', or on the right after a '-'.
 */
#include "xv6.h"

/* Where formatted text goes: a file descriptor through buf, or, when dst is
 * set, a caller's string of dst_size bytes (always NUL-terminated). */
struct out {
  int fd;
  int len;
  char buf[96];
  char *dst;
  int dst_size;
  int dst_len;
};

static void flush(struct out *o) {
  if (o->dst == NULL && o->len > 0)
    write(o->fd, o->buf, o->len);
  o->len = 0;
}

static void put(struct out *o, char c) {
  if (o->dst != NULL) {
    if (o->dst_len + 1 < o->dst_size)
      o->dst[o->dst_len++] = c;
    return;
  }
  if (o->len == (int)sizeof(o->buf))
    flush(o);
  o->buf[o->len++] = c;
}

static void pad(struct out *o, char c, int n) {
  while (n-- > 0)
    put(o, c);
}

/* Writes text of length len inside a field of the given width. */
static void field(struct out *o, const char *text, int len, int width, int left, char fill) {
  if (!left)
    pad(o, fill, width - len);
  for (int i = 0; i < len; i++)
    put(o, text[i]);
  if (left)
    pad(o, ' ', width - len);
}

static void number(struct out *o, uint64 value, int is_signed, int base, int width, int left, char fill) {
  char digits[24];
  int n = 0, negative = 0;
  if (is_signed && (long)value < 0) {
    negative = 1;
    value = -value;
  }
  do {
    digits[n++] = "0123456789abcdef"[value % base];
    value /= base;
  } while (value != 0);
  if (negative && fill == '0') {
    /* The sign goes before the zeros: -0042, not 00-42. */
    put(o, '-');
    width--;
    negative = 0;
  }
  if (negative)
    digits[n++] = '-';
  char text[24];
  for (int i = 0; i < n; i++)
    text[i] = digits[n - 1 - i];
  field(o, text, n, width, left, fill);
}

static void format(struct out *out, const char *fmt, va_list ap) {
  struct out o = *out;
  for (const char *p = fmt; *p != '\0'; p++) {
    if (*p != '%') {
      put(&o, *p);
      continue;
    }
    p++;
    int left = 0, width = 0, longs = 0;
    char fill = ' ';
    if (*p == '-') {
      left = 1;
      p++;
    }
    if (*p == '0') {
      fill = '0';
      p++;
    }
    while (*p >= '0' && *p <= '9')
      width = width * 10 + (*p++ - '0');
    while (*p == 'l') {
      longs++;
      p++;
    }
    switch (*p) {
    case 'd':
    case 'i':
      number(&o, longs ? va_arg(ap, long) : va_arg(ap, int), 1, 10, width, left, fill);
      break;
    case 'u':
      number(&o, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 0, 10, width, left, fill);
      break;
    case 'x':
      number(&o, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 0, 16, width, left, fill);
      break;
    case 'p':
      put(&o, '0');
      put(&o, 'x');
      number(&o, (uint64)va_arg(ap, void *), 0, 16, width, left, fill);
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == NULL)
        s = "(null)";
      field(&o, s, strlen(s), width, left, ' ');
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      field(&o, &c, 1, width, left, ' ');
      break;
    }
    case '%':
      put(&o, '%');
      break;
    case '\0':
      /* A lone '%' at the end: print it and stop. */
      put(&o, '%');
      p--;
      break;
    default:
      /* Unknown conversion: show it as written. */
      put(&o, '%');
      put(&o, *p);
      break;
    }
  }
  flush(&o);
  *out = o;
}

void vfprintf(int fd, const char *fmt, va_list ap) {
  struct out o;
  o.fd = fd;
  o.len = 0;
  o.dst = NULL;
  format(&o, fmt, ap);
}

int vsnprintf(char *dst, int size, const char *fmt, va_list ap) {
  struct out o;
  o.fd = -1;
  o.len = 0;
  o.dst = dst;
  o.dst_size = size;
  o.dst_len = 0;
  format(&o, fmt, ap);
  if (size > 0)
    dst[o.dst_len] = '\0';
  return o.dst_len;
}

int snprintf(char *dst, int size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(dst, size, fmt, ap);
  va_end(ap);
  return n;
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(fd, fmt, ap);
  va_end(ap);
}

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(1, fmt, ap);
  va_end(ap);
}
