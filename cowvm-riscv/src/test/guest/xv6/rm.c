/* rm PATH...: removes each name (an empty directory too, as xv6's unlink
 * allows); exits 1 if any cannot be removed. */
#include "xv6.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(2, "usage: rm PATH...\n");
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (unlink(argv[i]) < 0) {
      fprintf(2, "rm: cannot remove %s\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
