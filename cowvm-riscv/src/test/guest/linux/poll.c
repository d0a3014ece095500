/*
 * poll.c: poll(2), which glibc makes as ppoll, on pipes.
 *
 *  - Nothing to read: a zero timeout returns 0 at once; a short timeout returns
 *    0 after it; the write end is writable.
 *  - A byte written makes the read end readable; a closed write end makes it
 *    POLLHUP; a descriptor that is not open is POLLNVAL; a negative one is
 *    ignored.
 *  - A poll with no timeout waits until a child writes, for one pipe and for
 *    the second of two pipes.
 *  - A write end whose reader is gone is POLLERR.
 */
#include "check.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

/* A child that waits for the parent's go on `go`, then writes one byte to `fd`. */
static pid_t writer_after_go(int go, int fd)
{
    pid_t child = fork();
    if (child == 0) {
        char c;
        if (read(go, &c, 1) != 1 || write(fd, "w", 1) != 1) {
            _exit(1);
        }
        _exit(0);
    }
    check(child > 0, "fork of a writer");
    return child;
}

static void reap(pid_t child, const char *what)
{
    int status;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "%s exited 0", what);
}

int main(void)
{
    int p[2];
    check(pipe(p) == 0, "a pipe");
    struct pollfd in = {p[0], POLLIN, 0};
    check(poll(&in, 1, 0) == 0 && in.revents == 0, "an empty pipe: a zero timeout returns 0");
    check(poll(&in, 1, 20) == 0 && in.revents == 0, "an empty pipe: a 20 ms timeout returns 0");
    struct pollfd out = {p[1], POLLOUT, 0};
    check(poll(&out, 1, -1) == 1 && out.revents == POLLOUT, "the write end is writable");

    check(write(p[1], "x", 1) == 1, "a byte written");
    check(poll(&in, 1, -1) == 1 && in.revents == POLLIN, "the read end is readable");
    char c;
    check(read(p[0], &c, 1) == 1 && c == 'x', "the byte read");

    struct pollfd odd[3] = {{-1, POLLIN, 0}, {1000, POLLIN, 0}, {p[1], POLLOUT, 0}};
    check(poll(odd, 3, 0) == 2 && odd[0].revents == 0 && odd[1].revents == POLLNVAL && odd[2].revents == POLLOUT,
          "a negative descriptor is ignored, one not open is POLLNVAL");

    int go[2];
    check(pipe(go) == 0, "a pipe to start the writer");
    pid_t child = writer_after_go(go[0], p[1]);
    check(write(go[1], "g", 1) == 1, "the writer is told to write");
    in.revents = 0;
    check(poll(&in, 1, -1) == 1 && in.revents == POLLIN, "a poll with no timeout waits for the writer");
    check(read(p[0], &c, 1) == 1 && c == 'w', "the writer's byte");
    reap(child, "the writer");

    int q[2];
    check(pipe(q) == 0, "a second pipe");
    child = writer_after_go(go[0], q[1]);
    check(write(go[1], "g", 1) == 1, "the writer to the second pipe is told to write");
    struct pollfd two[2] = {{p[0], POLLIN, 0}, {q[0], POLLIN, 0}};
    check(poll(two, 2, -1) == 1 && two[0].revents == 0 && two[1].revents == POLLIN,
          "a poll of two pipes wakes for the second");
    check(read(q[0], &c, 1) == 1 && c == 'w', "its byte");
    reap(child, "the second writer");

    close(p[1]);
    in.revents = 0;
    check(poll(&in, 1, -1) == 1 && (in.revents & POLLHUP), "with the write end closed, POLLHUP");
    close(q[0]);
    signal(SIGPIPE, SIG_IGN);
    struct pollfd gone = {q[1], POLLOUT, 0};
    check(poll(&gone, 1, 0) == 1 && (gone.revents & POLLERR), "with the reader gone, the write end is POLLERR");
    say("poll: done\n");
    return 0;
}
