/*
 * init: the first process. It gives itself the console as standard input,
 * output and error (creating the device node "console" if the file system
 * has none), then runs /sh, waits for it, and runs it again when it ends.
 * Waiting also collects orphans, which the kernel hands to init.
 *
 * When a fresh shell finds its input already at the end (sh exits with
 * status 2), nobody is left to type: init stops starting shells and exits.
 * That lets a script piped into `cowvm exec --root DIR /init` end the run. On
 * xv6 it would take two end-of-input keys in a row at the console, and the
 * kernel then stops with "init exiting".
 */
#include "xv6.h"

#define SH_NO_INPUT 2

static int open_console(void) {
  int fd = open("console", O_RDWR);
  if (fd < 0) {
    mknod("console", CONSOLE, 0);
    fd = open("console", O_RDWR);
  }
  return fd;
}

int main(void) {
  int fd = open_console();
  if (fd < 0)
    exit(1); /* nowhere to even say why */
  /* The first open got the lowest free descriptor; make 0, 1 and 2 all refer
   * to the console. */
  while (fd < 2)
    fd = dup(fd);
  if (fd > 2)
    close(fd);

  char *argv[] = {"sh", 0};
  for (;;) {
    printf("init: starting /sh\n");
    int pid = fork();
    if (pid < 0) {
      printf("init: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec("/sh", argv);
      printf("init: cannot run /sh\n");
      exit(1);
    }
    int status = 0;
    for (;;) {
      int who = wait(&status);
      if (who == pid)
        break;
      if (who < 0) {
        printf("init: wait failed\n");
        exit(1);
      }
      /* Another process: an orphan that ended. Nothing more to do. */
    }
    if (status == SH_NO_INPUT) {
      /* Collect whatever is still running, then end. */
      while (wait(0) >= 0)
        ;
      printf("init: no more input\n");
      exit(0);
    }
  }
}
