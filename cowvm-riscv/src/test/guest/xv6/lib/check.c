/*
 * How our test programs report. A program calls check_begin() once, then
 * check() for each thing it verifies, then exits with check_end()'s result:
 * 0 when everything passed, else the number of the first case that failed.
 * Each check prints one line, "program: N what: ok" (or FAILED), in a single
 * write() so lines from processes running at the same time do not mix.
 */
#include "xv6.h"

static const char *program = "test";
static int first_failure;
static int checks, failures;

void check_begin(const char *name) {
  program = name;
  first_failure = 0;
  checks = 0;
  failures = 0;
}

static void line(const char *prefix, const char *fmt, va_list ap, const char *suffix) {
  static char text[200];
  int n = snprintf(text, sizeof(text), "%s", prefix);
  n += vsnprintf(text + n, sizeof(text) - n, fmt, ap);
  n += snprintf(text + n, sizeof(text) - n, "%s\n", suffix);
  write(1, text, n);
}

void check(int ok, int case_number, const char *what, ...) {
  char prefix[64];
  checks++;
  if (!ok) {
    failures++;
    if (first_failure == 0)
      first_failure = case_number;
  }
  snprintf(prefix, sizeof(prefix), "%s: %d ", program, case_number);
  va_list ap;
  va_start(ap, what);
  line(prefix, what, ap, ok ? ": ok" : ": FAILED");
  va_end(ap);
}

void check_note(const char *fmt, ...) {
  char prefix[48];
  snprintf(prefix, sizeof(prefix), "%s: ", program);
  va_list ap;
  va_start(ap, fmt);
  line(prefix, fmt, ap, "");
  va_end(ap);
}

int check_end(void) {
  if (first_failure == 0) {
    printf("%s: all %d checks passed\n", program, checks);
    return 0;
  }
  printf("%s: %d of %d checks FAILED, first in case %d\n", program, failures, checks, first_failure);
  return first_failure;
}
