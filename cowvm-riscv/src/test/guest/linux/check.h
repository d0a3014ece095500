/*
 * check.h: what every Linux test program shares.
 *
 * Each program makes a sequence of numbered checks. A passing check prints
 * "ok N: what was checked"; a failing one prints "FAIL N: what, and what came
 * instead" and the program exits with status N, so the status names the case.
 * All output goes straight to file descriptor 1 with write(2), one line per
 * call: no stdio buffer is copied by fork or lost by _exit, and the lines of
 * parent and children appear in the order the program synchronises them.
 *
 * The output must be the same on every run and under every faithful Linux
 * (cowvm's, qemu-riscv64's, a real riscv64 kernel's): nothing prints a pid, an
 * address, a time, a file descriptor number, a random byte or a host path.
 * What varies is compared, and only the comparison is printed.
 */
#ifndef COWVM_CHECK_H
#define COWVM_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The number of the last check made; the next one is case_number + 1. */
static int case_number;

__attribute__((unused)) static void say_v(const char *fmt, va_list ap)
{
    char line[1024];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0) {
        _exit(125);
    }
    if (n > (int) sizeof line - 1) {
        n = (int) sizeof line - 1;
    }
    const char *p = line;
    while (n > 0) {
        ssize_t w = write(1, p, (size_t) n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            _exit(126);
        }
        p += w;
        n -= (int) w;
    }
}

/* Prints one line (the format ends with its own newline). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((unused)) static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say_v(fmt, ap);
    va_end(ap);
}

/* Ends the program as failing case n would. */
__attribute__((unused)) static void fail_now(void)
{
    _exit(case_number > 0 && case_number < 256 ? case_number : 255);
}

/*
 * One check: prints "ok N: what" if cond holds, otherwise "FAIL N: what" and
 * exits with N. Returns only when the check passed.
 */
static void check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
__attribute__((unused)) static void check(int cond, const char *fmt, ...)
{
    case_number++;
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (cond) {
        say("ok %d: %s\n", case_number, what);
        return;
    }
    say("FAIL %d: %s\n", case_number, what);
    fail_now();
}

/* The symbolic name of an errno value ("EFAULT"), or its number. */
__attribute__((unused)) static const char *errno_name(int e)
{
    static char number[16];
    const char *name = e == 0 ? "no error" : strerrorname_np(e);
    if (name != NULL) {
        return name;
    }
    snprintf(number, sizeof number, "errno %d", e);
    return number;
}

/*
 * Checks that a call returned -1 with errno e. Takes the call's result and
 * errno right after it, and says what came instead when it did not fail so.
 */
__attribute__((unused)) static void check_errno(long result, int got, int e, const char *what)
{
    if (result == -1 && got == e) {
        check(1, "%s: %s", what, errno_name(e));
    } else if (result == -1) {
        check(0, "%s: %s expected, %s came", what, errno_name(e), errno_name(got));
    } else {
        check(0, "%s: %s expected, the call returned %ld", what, errno_name(e), result);
    }
}

/* Runs CALL, then checks that it failed with errno E; WHAT names the case. */
#define EXPECT_ERRNO(CALL, E, WHAT)                                            \
    do {                                                                       \
        errno = 0;                                                             \
        long result_ = (long) (CALL);                                          \
        check_errno(result_, errno, (E), (WHAT));                              \
    } while (0)

/* Runs CALL, then checks that it did not fail (returned something but -1). */
#define EXPECT_OK(CALL, WHAT)                                                  \
    do {                                                                       \
        errno = 0;                                                             \
        long result_ = (long) (CALL);                                          \
        int errno_ = errno;                                                    \
        if (result_ == -1) {                                                   \
            check(0, "%s: failed with %s", (WHAT), errno_name(errno_));         \
        } else {                                                               \
            check(1, "%s", (WHAT));                                            \
        }                                                                      \
    } while (0)

/*
 * fork(), checked in the parent. The child numbers its own cases from base + 1,
 * so that its lines and its exit status cannot be taken for the parent's.
 */
__attribute__((unused)) static pid_t fork_child(int base, const char *what)
{
    pid_t pid = fork();
    if (pid == 0) {
        case_number = base;
        return 0;
    }
    int e = errno;
    if (pid < 0) {
        check(0, "%s: fork failed with %s", what, errno_name(e));
    }
    check(1, "%s", what);
    return pid;
}

/* A description of a wait status in Linux's encoding, e.g. "exited 3". */
__attribute__((unused)) static const char *status_text(int status)
{
    static char text[64];
    if ((status & 0x7f) == 0) {
        snprintf(text, sizeof text, "exited %d", (status >> 8) & 0xff);
    } else if ((status & 0xff) == 0x7f) {
        snprintf(text, sizeof text, "stopped by %s", sigabbrev_np((status >> 8) & 0xff));
    } else {
        const char *sig = sigabbrev_np(status & 0x7f);
        snprintf(text, sizeof text, "killed by SIG%s%s", sig != NULL ? sig : "?",
                 (status & 0x80) != 0 ? " (core dumped)" : "");
    }
    return text;
}

#endif
