/*
 * system.c: what a program asks the kernel about itself and the machine.
 *
 *  - The auxiliary vector (getauxval): AT_PAGESZ 4096, AT_PHDR/AT_PHENT/
 *    AT_PHNUM describing this program's headers, AT_ENTRY its _start, AT_RANDOM
 *    pointing at 16 bytes, AT_UID/AT_EUID/AT_GID/AT_EGID matching the calls,
 *    AT_SECURE 0, AT_CLKTCK 100, AT_HWCAP with the letters of RV64GC, AT_EXECFN
 *    the name the program was started by.
 *  - Thread-local storage from PT_TLS: initial values and zeros, in the
 *    process and in a forked child.
 *  - Identity: gettid is getpid in a single-threaded process; getppid differs;
 *    a child's getppid is its parent; set_tid_address returns the tid.
 *  - uname: Linux, riscv64. prctl PR_SET_NAME/PR_GET_NAME.
 *  - getrandom fills what it is asked to (two draws differ).
 *  - clock_gettime and gettimeofday within range; CLOCK_MONOTONIC never goes
 *    back, and nanosleep of 20 ms moves it on by at least 20 ms.
 *  - sched_yield; prlimit64 through getrlimit, setrlimit and prlimit.
 *
 * Values that differ between kernels, machines or runs (pids, the time, the
 * random bytes, the host name, the limits) are compared, never printed.
 */
#include "check.h"

#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>

extern char _start[];

static __thread long tls_initialised = 0x1234567887654321L;
static __thread char tls_zeros[256];

static void auxv(const char *argv0)
{
    check(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ is 4096");
    check(getauxval(AT_PHENT) == sizeof(Elf64_Phdr), "AT_PHENT is %zu", sizeof(Elf64_Phdr));
    const Elf64_Phdr *ph = (const Elf64_Phdr *) getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM);
    int loads = 0, tls = 0;
    for (unsigned long i = 0; ph != NULL && i < n; i++) {
        loads += ph[i].p_type == PT_LOAD;
        tls += ph[i].p_type == PT_TLS;
    }
    check(ph != NULL && n > 0 && loads > 0 && tls == 1,
          "AT_PHDR and AT_PHNUM: this program's headers, with PT_LOAD and one PT_TLS");
    check(getauxval(AT_ENTRY) == (uintptr_t) _start, "AT_ENTRY is _start");
    const unsigned char *random = (const unsigned char *) getauxval(AT_RANDOM);
    int sum = 0;
    for (int i = 0; random != NULL && i < 16; i++) {
        sum |= random[i];
    }
    check(random != NULL && sum != 0, "AT_RANDOM points at 16 bytes, not all zero");
    check(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid(), "AT_UID and AT_EUID match getuid and geteuid");
    check(getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid(), "AT_GID and AT_EGID match getgid and getegid");
    check(getauxval(AT_SECURE) == 0, "AT_SECURE is 0");
    check(getauxval(AT_CLKTCK) == 100, "AT_CLKTCK is 100");
    /* Linux riscv: bit (letter - 'a') for each single-letter extension (arch/riscv/kernel/cpufeature.c). */
    unsigned long hwcap = getauxval(AT_HWCAP), gc = 0;
    for (const char *l = "imafdc"; *l != '\0'; l++) {
        gc |= 1UL << (*l - 'a');
    }
    check((hwcap & gc) == gc, "AT_HWCAP has the bits of i, m, a, f, d and c");
    const char *execfn = (const char *) getauxval(AT_EXECFN);
    check(execfn != NULL && strcmp(execfn, argv0) == 0, "AT_EXECFN is the name the program was started by");
}

static void thread_local(void)
{
    int zero = 1;
    for (size_t i = 0; i < sizeof tls_zeros; i++) {
        zero &= tls_zeros[i] == 0;
    }
    check(tls_initialised == 0x1234567887654321L && zero, "thread-local variables: an initial value and zeros");
    tls_initialised = 7;
    tls_zeros[100] = 1;
    pid_t child = fork_child(100, "fork");
    if (child == 0) {
        _exit(tls_initialised == 7 && tls_zeros[100] == 1 ? 0 : 101);
    }
    int status;
    check(waitpid(child, &status, 0) == child && status == 0, "a forked child sees the same thread-local values");
}

static void identity(void)
{
    pid_t me = getpid();
    check(me > 0 && gettid() == me, "gettid is getpid");
    check(getppid() > 0 && getppid() != me, "getppid is another process");
    check(syscall(SYS_set_tid_address, &(int) {0}) == me, "set_tid_address returns the tid");
    pid_t child = fork_child(110, "fork");
    if (child == 0) {
        _exit(getppid() == me && getpid() != me && gettid() == getpid() ? 0 : 111);
    }
    int status;
    check(waitpid(child, &status, 0) == child && status == 0, "the child's getppid is its parent, its pid its own");
    check(getuid() == geteuid() && getgid() == getegid(), "the real and effective ids agree");
}

static void machine(void)
{
    struct utsname u;
    check(uname(&u) == 0, "uname");
    check(strcmp(u.sysname, "Linux") == 0, "sysname is %s", u.sysname);
    check(strcmp(u.machine, "riscv64") == 0, "machine is %s", u.machine);
    check(u.release[0] != '\0' && u.version[0] != '\0' && u.nodename[0] != '\0', "release, version and nodename are set");

    char name[32] = {0};
    check(prctl(PR_SET_NAME, "system-test-long-name") == 0, "prctl PR_SET_NAME");
    check(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "system-test-lon") == 0,
          "prctl PR_GET_NAME: %s (cut to 15 bytes)", name);

    unsigned char a[32], b[32];
    check(getrandom(a, sizeof a, 0) == sizeof a && getrandom(b, sizeof b, 0) == sizeof b,
          "getrandom fills 32 bytes, twice");
    check(memcmp(a, b, sizeof a) != 0, "the two draws differ");
    check(getrandom(a, 0, 0) == 0, "getrandom of 0 bytes returns 0");
}

static long long nanos(const struct timespec *t)
{
    return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void time_passes(void)
{
    struct timespec m1, m2, r;
    struct timeval tv;
    check(clock_gettime(CLOCK_MONOTONIC, &m1) == 0 && m1.tv_nsec >= 0 && m1.tv_nsec < 1000000000,
          "clock_gettime CLOCK_MONOTONIC");
    check(clock_gettime(CLOCK_REALTIME, &r) == 0 && r.tv_sec >= 0 && r.tv_nsec >= 0 && r.tv_nsec < 1000000000,
          "clock_gettime CLOCK_REALTIME");
    check(gettimeofday(&tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000 && tv.tv_sec >= r.tv_sec,
          "gettimeofday, no earlier than CLOCK_REALTIME before it");
    check(clock_gettime(CLOCK_MONOTONIC, &m2) == 0 && nanos(&m2) >= nanos(&m1), "CLOCK_MONOTONIC did not go back");
    struct timespec nap = {0, 20 * 1000 * 1000};
    check(nanosleep(&nap, NULL) == 0, "nanosleep 20 ms");
    check(clock_gettime(CLOCK_MONOTONIC, &m1) == 0 && nanos(&m1) - nanos(&m2) >= 20 * 1000 * 1000,
          "CLOCK_MONOTONIC moved on by at least 20 ms");
    check(sched_yield() == 0, "sched_yield");
}

static void limits(void)
{
    struct rlimit r;
    check(getrlimit(RLIMIT_STACK, &r) == 0 && (r.rlim_max == RLIM_INFINITY || r.rlim_cur <= r.rlim_max),
          "getrlimit RLIMIT_STACK: the soft limit is within the hard one");
    check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur >= 64, "getrlimit RLIMIT_NOFILE: at least 64");
    struct rlimit none = {0, 0};
    check(setrlimit(RLIMIT_CORE, &none) == 0 && getrlimit(RLIMIT_CORE, &r) == 0 && r.rlim_cur == 0 && r.rlim_max == 0,
          "setrlimit RLIMIT_CORE to 0 and read it back");
    struct rlimit old, lower = {32, 32};
    check(prlimit(0, RLIMIT_NOFILE, NULL, &old) == 0, "prlimit reads RLIMIT_NOFILE");
    check(prlimit(0, RLIMIT_NOFILE, &lower, NULL) == 0 && getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 32,
          "prlimit lowers it to 32");
    EXPECT_ERRNO(prlimit(0, 99, NULL, &old), EINVAL, "prlimit of resource 99");
}

int main(int argc, char **argv)
{
    (void) argc;
    auxv(argv[0]);
    thread_local();
    identity();
    machine();
    time_passes();
    limits();
    say("system: done\n");
    return 0;
}
