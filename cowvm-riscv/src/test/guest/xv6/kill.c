/* kill PID...: asks the kernel to kill each process. */
#include "xv6.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(2, "usage: kill PID...\n");
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (kill(atoi(argv[i])) < 0) {
      fprintf(2, "kill: no process %s\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
