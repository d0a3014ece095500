/* echo ARG...: prints its arguments separated by blanks, then a newline, in
 * one write when they fit, so a pipe reader gets the line in one piece. */
#include "xv6.h"

static char line[512];

int main(int argc, char **argv) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    uint len = strlen(argv[i]);
    if (n + len + 1 > sizeof(line)) {
      write(1, line, n);
      n = 0;
    }
    if (len + 1 > sizeof(line)) {
      write(1, argv[i], len);
    } else {
      memcpy(line + n, argv[i], len);
      n += len;
    }
    line[n++] = i + 1 < argc ? ' ' : '\n';
  }
  if (argc < 2)
    line[n++] = '\n';
  write(1, line, n);
  return 0;
}
