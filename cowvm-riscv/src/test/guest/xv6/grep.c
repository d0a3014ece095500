/* grep PATTERN [FILE...]: prints the lines that contain PATTERN. The pattern
 * language is small: '.' is any character, 'x*' is any number of x (longest
 * first), a leading '^' anchors at the line's start and a trailing '$' at its
 * end; every other character stands for itself. Exit status: 0 when some line
 * matched, 1 when none did, 2 on an error. */
#include "xv6.h"

static int match_at(const char *p, const char *t);

/* c* followed by rest: take as many c as possible, then give them back one at
 * a time until rest matches. */
static int match_repeat(char c, const char *rest, const char *t) {
  const char *end = t;
  while (*end != '\0' && (c == '.' || *end == c))
    end++;
  for (;;) {
    if (match_at(rest, end))
      return 1;
    if (end == t)
      return 0;
    end--;
  }
}

/* Does pattern p match a prefix of t? */
static int match_at(const char *p, const char *t) {
  for (;;) {
    if (p[0] == '\0')
      return 1;
    if (p[1] == '*')
      return match_repeat(p[0], p + 2, t);
    if (p[0] == '$' && p[1] == '\0')
      return t[0] == '\0';
    if (t[0] == '\0' || (p[0] != '.' && p[0] != t[0]))
      return 0;
    p++;
    t++;
  }
}

static int contains(const char *pattern, const char *line) {
  if (pattern[0] == '^')
    return match_at(pattern + 1, line);
  for (const char *t = line;; t++) {
    if (match_at(pattern, t))
      return 1;
    if (*t == '\0')
      return 0;
  }
}

static char buf[2048];
static int matched;

/* Reads fd to the end and tests each line. A line longer than the buffer is
 * tested in buffer-sized pieces. */
static int scan(const char *pattern, int fd) {
  int have = 0, n;
  for (;;) {
    n = read(fd, buf + have, sizeof(buf) - 1 - have);
    if (n < 0)
      return -1;
    int at_end = n == 0;
    have += n;
    int start = 0;
    for (int i = 0; i < have; i++) {
      if (buf[i] != '\n')
        continue;
      buf[i] = '\0';
      if (contains(pattern, buf + start)) {
        buf[i] = '\n';
        write(1, buf + start, i + 1 - start);
        matched = 1;
      }
      start = i + 1;
    }
    if ((at_end && start < have) || (start == 0 && have == (int)sizeof(buf) - 1)) {
      /* A last line without a newline, or no newline in a full buffer. */
      buf[have] = '\0';
      if (contains(pattern, buf + start)) {
        write(1, buf + start, have - start);
        write(1, "\n", 1);
        matched = 1;
      }
      start = have;
    }
    memmove(buf, buf + start, have - start);
    have -= start;
    if (at_end)
      return 0;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(2, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  if (argc == 2) {
    if (scan(argv[1], 0) < 0) {
      fprintf(2, "grep: read error\n");
      return 2;
    }
    return matched ? 0 : 1;
  }
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      return 2;
    }
    int r = scan(argv[1], fd);
    close(fd);
    if (r < 0) {
      fprintf(2, "grep: cannot read %s\n", argv[i]);
      return 2;
    }
  }
  return matched ? 0 : 1;
}
