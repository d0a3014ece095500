/* ln EXISTING NEW: gives a file a second name (a hard link). */
#include "xv6.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(2, "usage: ln EXISTING NEW\n");
    return 1;
  }
  if (link(argv[1], argv[2]) < 0) {
    fprintf(2, "ln: cannot link %s to %s\n", argv[2], argv[1]);
    return 1;
  }
  return 0;
}
