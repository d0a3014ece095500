/*
 * signals.c: the signals a real program meets.
 *
 *  - A handler run by kill(getpid()): before kill returns, with its own signal
 *    blocked while it runs, and the mask restored by rt_sigreturn after.
 *  - A blocked signal stays pending and is delivered once when unblocked.
 *  - A SIGCHLD handler with SA_SIGINFO runs when a child exits, and tells who
 *    and how (si_code CLD_EXITED, si_status).
 *  - A SIGSEGV handler gets the faulting address and leaves by siglongjmp.
 *  - Children that die: of SIGSEGV (a store to address 16), of SIGPIPE (a write
 *    to a pipe with no reader), of SIGKILL and SIGTERM from the parent; and one
 *    whose SIGTERM handler exits with a status of its own. wait4's status is
 *    checked in full, in Linux's encoding (a signal death is the signal's
 *    number, with no core-dump bit: the children set RLIMIT_CORE to 0).
 *  - With SIGPIPE ignored, the write fails with EPIPE instead.
 *  - Refusals: a handler for SIGKILL (EINVAL), signal 999 (EINVAL), a process
 *    that no longer exists (ESRCH).
 *
 * Children that die of a signal first close their standard error, so that a
 * message an emulator prints about the signal is not part of the output.
 */
#include "check.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile sig_atomic_t usr1_runs;
static volatile sig_atomic_t usr1_blocked_inside;
static volatile sig_atomic_t usr2_runs;

static volatile sig_atomic_t chld_runs;
static volatile int chld_code;
static volatile int chld_status;
static volatile pid_t chld_pid;

static sigjmp_buf segv_return;
static void *volatile segv_addr;
static volatile int segv_code;

static void on_usr1(int sig)
{
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    usr1_blocked_inside = sigismember(&now, sig);
    usr1_runs++;
}

static void on_usr2(int sig)
{
    (void) sig;
    usr2_runs++;
}

static void on_chld(int sig, siginfo_t *info, void *context)
{
    (void) sig;
    (void) context;
    chld_code = info->si_code;
    chld_status = info->si_status;
    chld_pid = info->si_pid;
    chld_runs++;
}

static void on_segv(int sig, siginfo_t *info, void *context)
{
    (void) sig;
    (void) context;
    segv_addr = info->si_addr;
    segv_code = info->si_code;
    siglongjmp(segv_return, 1);
}

static void on_term_exit(int sig)
{
    (void) sig;
    _exit(42);
}

static void handle(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) {
        check(0, "sigaction for SIG%s: %s", sigabbrev_np(sig), errno_name(errno));
    }
}

static void handler_runs(void)
{
    handle(SIGUSR1, on_usr1);
    struct sigaction old;
    check(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_usr1,
          "sigaction reads back the SIGUSR1 handler just installed");
    check(kill(getpid(), SIGUSR1) == 0, "kill(getpid(), SIGUSR1)");
    check(usr1_runs == 1, "the SIGUSR1 handler ran once, before kill returned (ran %d times)", (int) usr1_runs);
    check(usr1_blocked_inside, "SIGUSR1 was blocked while its handler ran");
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    check(!sigismember(&now, SIGUSR1), "after the handler returned, SIGUSR1 is unblocked again");
    check(kill(getpid(), 0) == 0, "kill(getpid(), 0) checks that the process exists");
}

static void pending(void)
{
    handle(SIGUSR2, on_usr2);
    sigset_t block, set;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    check(sigprocmask(SIG_BLOCK, &block, NULL) == 0, "block SIGUSR2");
    check(raise(SIGUSR2) == 0, "raise(SIGUSR2) while it is blocked");
    check(usr2_runs == 0, "the handler did not run while SIGUSR2 is blocked");
    sigemptyset(&set);
    check(sigpending(&set) == 0 && sigismember(&set, SIGUSR2), "SIGUSR2 is pending");
    check(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0, "unblock SIGUSR2");
    check(usr2_runs == 1, "the handler ran once, on unblocking (ran %d times)", (int) usr2_runs);
}

static void sigchld_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    check(sigaction(SIGCHLD, &sa, NULL) == 0, "sigaction SIGCHLD with SA_SIGINFO");

    /* Blocked until sigsuspend, so the handler runs at one known point. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t child = fork_child(100, "fork a child that exits 7");
    if (child == 0) {
        _exit(7);
    }
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGCHLD);
    while (chld_runs == 0) {
        sigsuspend(&wait_mask);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    check(chld_runs == 1, "the SIGCHLD handler ran once");
    check(chld_code == CLD_EXITED, "its si_code is CLD_EXITED (%d; got %d)", CLD_EXITED, chld_code);
    check(chld_status == 7, "its si_status is the exit status 7 (got %d)", chld_status);
    check(chld_pid == child, "its si_pid is the child's");
    int status;
    check(waitpid(child, &status, 0) == child && status == 7 << 8, "waitpid: the child %s", status_text(status));
    signal(SIGCHLD, SIG_DFL);
}

static void segv_handler(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *none = mmap(NULL, (size_t) page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(none != MAP_FAILED, "mmap of a PROT_NONE page");
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    check(sigaction(SIGSEGV, &sa, &old) == 0, "sigaction SIGSEGV");
    if (sigsetjmp(segv_return, 1) == 0) {
        *(volatile char *) (none + 8) = 1;
        check(0, "a store to a PROT_NONE page did not fault");
    }
    check(segv_addr == none + 8, "the SIGSEGV handler ran and si_addr is the address stored to");
    check(segv_code == SEGV_ACCERR, "si_code is SEGV_ACCERR (%d; got %d)", SEGV_ACCERR, segv_code);
    sigaction(SIGSEGV, &old, NULL);
    munmap(none, (size_t) page);
}

/* What a child does before it dies of a signal: no core file, no message. */
static void prepare_to_die(void)
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    close(2);
}

static void expect_death(pid_t child, int sig, const char *what)
{
    int status;
    pid_t got = waitpid(child, &status, 0);
    check(got == child && WIFSIGNALED(status) && WTERMSIG(status) == sig && status == sig,
          "%s: the child was %s (status 0x%x; 0x%x expected)", what, got == child ? status_text(status) : "was not collected",
          got == child ? status : -1, sig);
}

static void deaths(void)
{
    pid_t child = fork_child(110, "fork a child that stores to address 16");
    if (child == 0) {
        int *volatile low = (int *) (uintptr_t) 16;
        prepare_to_die();
        *low = 1;
        _exit(111);
    }
    expect_death(child, SIGSEGV, "a store to address 16");

    child = fork_child(120, "fork a child that writes to a pipe with no reader");
    if (child == 0) {
        int p[2];
        prepare_to_die();
        if (pipe(p) != 0) {
            _exit(121);
        }
        close(p[0]);
        write(p[1], "x", 1);
        _exit(122);
    }
    expect_death(child, SIGPIPE, "a write to a pipe with no reader");

    int sigs[] = {SIGKILL, SIGTERM};
    for (int i = 0; i < 2; i++) {
        int gate[2];
        check(pipe(gate) == 0, "a pipe for the child to wait on");
        child = fork_child(130 + 10 * i, "fork a child that waits on the pipe");
        if (child == 0) {
            char c;
            prepare_to_die();
            close(gate[1]);
            read(gate[0], &c, 1);
            _exit(131);
        }
        close(gate[0]);
        check(kill(child, sigs[i]) == 0, "kill(child, SIG%s)", sigabbrev_np(sigs[i]));
        expect_death(child, sigs[i], sigs[i] == SIGKILL ? "SIGKILL" : "SIGTERM");
        close(gate[1]);
    }

    int ready[2];
    check(pipe(ready) == 0, "a pipe for the child to say it is ready");
    child = fork_child(150, "fork a child with a SIGTERM handler that exits 42");
    if (child == 0) {
        handle(SIGTERM, on_term_exit);
        close(ready[0]);
        write(ready[1], "r", 1);
        sigset_t none;
        sigemptyset(&none);
        for (;;) {
            sigsuspend(&none); /* not pause(): glibc makes that a ppoll */
        }
    }
    close(ready[1]);
    char c;
    check(read(ready[0], &c, 1) == 1, "the child's handler is installed");
    close(ready[0]);
    check(kill(child, SIGTERM) == 0, "kill(child, SIGTERM)");
    int status;
    check(waitpid(child, &status, 0) == child && status == 42 << 8, "the child's handler ran: the child %s",
          status_text(status));

    EXPECT_ERRNO(kill(child, SIGTERM), ESRCH, "kill of a child already collected");
}

static void sigpipe_ignored(void)
{
    int p[2];
    check(pipe(p) == 0, "a pipe");
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    EXPECT_ERRNO(write(p[1], "x", 1), EPIPE, "with SIGPIPE ignored, a write to a pipe with no reader");
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
}

static void refusals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL, "sigaction for SIGKILL");
    EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL, "sigaction for SIGSTOP");
    EXPECT_ERRNO(kill(getpid(), 999), EINVAL, "kill with signal 999");
}

int main(void)
{
    handler_runs();
    pending();
    sigchld_handler();
    segv_handler();
    deaths();
    sigpipe_ignored();
    refusals();
    say("signals: done\n");
    return 0;
}
