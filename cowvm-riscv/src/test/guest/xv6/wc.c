/* wc [FILE...]: counts lines, words and bytes of each file, or of standard
 * input when there is none; with several files, a total line follows. */
#include "xv6.h"

static char buf[1024];
static long total_lines, total_words, total_bytes;

static int count(int fd, const char *name) {
  long lines = 0, words = 0, bytes = 0;
  int in_word = 0, n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    bytes += n;
    for (int i = 0; i < n; i++) {
      char c = buf[i];
      if (c == '\n')
        lines++;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        words++;
      }
    }
  }
  if (n < 0) {
    fprintf(2, "wc: cannot read %s\n", name);
    return 1;
  }
  printf("%ld %ld %ld %s\n", lines, words, bytes, name);
  total_lines += lines;
  total_words += words;
  total_bytes += bytes;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return count(0, "");
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      status = 1;
      continue;
    }
    status |= count(fd, argv[i]);
    close(fd);
  }
  if (argc > 2)
    printf("%ld %ld %ld total\n", total_lines, total_words, total_bytes);
  return status;
}
