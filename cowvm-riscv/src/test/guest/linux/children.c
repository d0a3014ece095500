/*
 * children.c: many children, one after another and several at once.
 *
 * 1. 100 children in sequence: child i checks that its parent is the one that
 *    forked it, then exits with status (i * 37) % 256; the parent collects each
 *    with wait4 before forking the next and checks the status.
 * 2. 10 children alive at once, each exiting with its own status once the
 *    parent closes a pipe; the parent collects them with wait4(-1) in whatever
 *    order the kernel reports them and prints the statuses sorted.
 * 3. With no children left, wait4 fails with ECHILD; with a running child,
 *    WNOHANG returns 0.
 */
#include "check.h"

#include <sys/wait.h>

#define SEQUENTIAL 100
#define AT_ONCE 10

static int by_value(const void *a, const void *b)
{
    return *(const int *) a - *(const int *) b;
}

static void in_sequence(void)
{
    pid_t me = getpid();
    int right = 0;
    for (int i = 1; i <= SEQUENTIAL; i++) {
        pid_t child = fork();
        if (child == 0) {
            _exit(getppid() == me ? (i * 37) % 256 : 255);
        }
        int status = -1;
        pid_t got = wait4(child, &status, 0, NULL);
        int want = (i * 37) % 256;
        if (child > 0 && got == child && WIFEXITED(status) && WEXITSTATUS(status) == want) {
            right++;
            say("child %d: %s\n", i, status_text(status));
        } else {
            check(0, "child %d: fork %s, wait4 %s, %s (exited %d expected)", i,
                  child > 0 ? "ok" : errno_name(errno), got == child ? "ok" : "failed",
                  status_text(status), want);
        }
    }
    check(right == SEQUENTIAL, "%d children in sequence, each exit status as expected", SEQUENTIAL);
}

static void at_once(void)
{
    int gate[2];
    check(pipe(gate) == 0, "a pipe the children wait on");
    for (int i = 0; i < AT_ONCE; i++) {
        pid_t child = fork();
        if (child == 0) {
            char c;
            close(gate[1]);
            while (read(gate[0], &c, 1) < 0 && errno == EINTR) {
            }
            _exit(200 + i);
        }
        if (child < 0) {
            check(0, "fork of child %d of %d at once: %s", i, AT_ONCE, errno_name(errno));
        }
    }
    check(1, "%d children forked, all waiting", AT_ONCE);

    int status;
    pid_t got = wait4(-1, &status, WNOHANG, NULL);
    check(got == 0, "wait4 with WNOHANG while all are still running returns 0");

    close(gate[1]); /* the end of file that lets them all go */
    close(gate[0]);
    int statuses[AT_ONCE];
    int n = 0;
    while (n < AT_ONCE) {
        got = wait4(-1, &status, 0, NULL);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0 || !WIFEXITED(status)) {
            check(0, "wait4(-1) for child %d of %d: %s", n + 1, AT_ONCE,
                  got <= 0 ? errno_name(errno) : status_text(status));
        }
        statuses[n++] = WEXITSTATUS(status);
    }
    qsort(statuses, AT_ONCE, sizeof statuses[0], by_value);
    int right = 1;
    for (int i = 0; i < AT_ONCE; i++) {
        say("at once: a child exited %d\n", statuses[i]);
        right &= statuses[i] == 200 + i;
    }
    check(right, "wait4(-1) collected %d children with statuses 200 to %d", AT_ONCE, 200 + AT_ONCE - 1);
    EXPECT_ERRNO(wait4(-1, &status, 0, NULL), ECHILD, "wait4(-1) with no children left");
    EXPECT_ERRNO(wait4(-1, &status, WNOHANG, NULL), ECHILD, "wait4(-1, WNOHANG) with no children left");
}

int main(void)
{
    in_sequence();
    at_once();
    say("children: done\n");
    return 0;
}
