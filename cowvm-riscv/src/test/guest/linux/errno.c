/*
 * errno.c: system calls that fail, and the errno each gets, as Linux gives it.
 *
 *  EFAULT  bad pointers: NULL, an unmapped page, a read-only page for a call
 *          that writes into user memory (read, pipe2, fstat, wait4, uname...)
 *  EBADF   descriptors that are not open, or open the wrong way
 *  ENOENT  missing names; EEXIST names that exist; ENOTDIR a file used as a
 *          directory; EISDIR a directory used as a file; ENOTEMPTY; ESPIPE
 *  EINVAL  bad flags and arguments
 *  ENOTTY  terminal ioctls on a pipe and a regular file
 *  ENOSYS  a system call number that no kernel implements, through syscall(2)
 *
 * A bad pointer is never handed to a call whose Linux implementation ignores
 * it (a write to /dev/null, say), since there the kernels may differ. The
 * program works in a directory errno.d that it makes in the current
 * directory and removes at the end.
 */
#include "check.h"

/* NULL is passed on purpose, to see the kernel's EFAULT. */
#pragma GCC diagnostic ignored "-Wnonnull"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

#define PAGE 4096

/* A system call number beyond every table (Linux's riscv64 table ends below 500). */
#define NO_SUCH_CALL 1000

static void *unmapped_page(void)
{
    char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(p != MAP_FAILED && munmap(p, PAGE) == 0, "an unmapped page, for bad pointers");
    return p;
}

static void *read_only_page(void)
{
    char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(p != MAP_FAILED, "a read-only page, for bad pointers to write into");
    return p;
}

static void efault(void)
{
    /* The read-only page first: a kernel may hand an address just unmapped out
     * again to the next mmap (Linux's top-down search does), which would make
     * gone and ro the same page. */
    void *ro = read_only_page();
    void *gone = unmapped_page();
    int p[2];
    check(pipe(p) == 0, "a pipe");
    check(write(p[1], "abcdefgh", 8) == 8, "8 bytes into it");

    EXPECT_ERRNO(read(p[0], NULL, 4), EFAULT, "read into NULL");
    EXPECT_ERRNO(read(p[0], gone, 4), EFAULT, "read into an unmapped page");
    EXPECT_ERRNO(read(p[0], ro, 4), EFAULT, "read into a read-only page");
    char buf[8];
    check(read(p[0], buf, 8) == 8 && memcmp(buf, "abcdefgh", 8) == 0,
          "the failed reads took nothing from the pipe");
    EXPECT_ERRNO(write(p[1], NULL, 4), EFAULT, "write from NULL to a pipe");
    EXPECT_ERRNO(write(p[1], gone, 4), EFAULT, "write from an unmapped page to a pipe");
    struct iovec bad[2] = {{buf, 2}, {gone, 2}};
    EXPECT_ERRNO(readv(p[0], NULL, 1), EFAULT, "readv with an iovec array at NULL");
    EXPECT_ERRNO(writev(p[1], bad + 1, 1), EFAULT, "writev of a buffer in an unmapped page");
    close(p[0]);
    close(p[1]);

    EXPECT_ERRNO(open(NULL, O_RDONLY), EFAULT, "open of a NULL path");
    EXPECT_ERRNO(open(gone, O_RDONLY), EFAULT, "open of a path in an unmapped page");
    struct stat st;
    EXPECT_ERRNO(stat(NULL, &st), EFAULT, "stat of a NULL path");
    EXPECT_ERRNO(stat(".", gone), EFAULT, "stat into an unmapped page");
    EXPECT_ERRNO(stat(".", ro), EFAULT, "stat into a read-only page");
    EXPECT_ERRNO(fstat(0, gone), EFAULT, "fstat into an unmapped page");
    EXPECT_ERRNO(pipe(gone), EFAULT, "pipe into an unmapped page");
    EXPECT_ERRNO(pipe2(ro, 0), EFAULT, "pipe2 into a read-only page");
    EXPECT_ERRNO(uname(gone), EFAULT, "uname into an unmapped page");
    EXPECT_ERRNO(clock_gettime(CLOCK_MONOTONIC, gone), EFAULT, "clock_gettime into an unmapped page");
    EXPECT_ERRNO(getcwd(gone, 64) == NULL ? -1 : 0, EFAULT, "getcwd into an unmapped page");
    EXPECT_ERRNO(chdir(gone), EFAULT, "chdir to a path in an unmapped page");
    EXPECT_ERRNO(mkdir(gone, 0755), EFAULT, "mkdir of a path in an unmapped page");
    EXPECT_ERRNO(unlink(gone), EFAULT, "unlink of a path in an unmapped page");
    EXPECT_ERRNO(readlink("/proc/self/exe", gone, 64), EFAULT, "readlink into an unmapped page");
    EXPECT_ERRNO(getrandom(gone, 16, 0), EFAULT, "getrandom into an unmapped page");
    EXPECT_ERRNO(nanosleep(gone, NULL), EFAULT, "nanosleep from an unmapped page");
    EXPECT_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, gone, NULL, 8), EFAULT, "rt_sigaction from an unmapped page");
    EXPECT_ERRNO(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, gone), EFAULT, "prlimit64 into an unmapped page");
    char *argv[] = {"x", NULL};
    EXPECT_ERRNO(execve(gone, argv, argv + 1), EFAULT, "execve of a path in an unmapped page");

    pid_t child = fork_child(100, "fork a child that exits 0");
    if (child == 0) {
        _exit(0);
    }
    EXPECT_ERRNO(wait4(child, ro, 0, NULL), EFAULT, "wait4 with its status in a read-only page");
    /* Linux collects the child first and fails only when it writes the status. */
    int status;
    EXPECT_ERRNO(waitpid(child, &status, 0), ECHILD, "the child was collected all the same");
    munmap(ro, PAGE);
}

static void ebadf(void)
{
    char c;
    struct stat st;
    EXPECT_ERRNO(read(-1, &c, 1), EBADF, "read of descriptor -1");
    EXPECT_ERRNO(write(999, &c, 1), EBADF, "write to descriptor 999, not open");
    EXPECT_ERRNO(close(999), EBADF, "close of descriptor 999");
    EXPECT_ERRNO(fstat(999, &st), EBADF, "fstat of descriptor 999");
    EXPECT_ERRNO(dup(999), EBADF, "dup of descriptor 999");
    EXPECT_ERRNO(dup3(999, 50, 0), EBADF, "dup3 of descriptor 999");
    EXPECT_ERRNO(lseek(999, 0, SEEK_SET), EBADF, "lseek on descriptor 999");
    EXPECT_ERRNO(fcntl(999, F_GETFD), EBADF, "fcntl on descriptor 999");
    EXPECT_ERRNO(fstatat(999, "x", &st, 0), EBADF, "fstatat relative to descriptor 999");
    EXPECT_ERRNO(openat(999, "x", O_RDONLY), EBADF, "openat relative to descriptor 999");
    int p[2];
    check(pipe(p) == 0, "a pipe");
    EXPECT_ERRNO(write(p[0], "x", 1), EBADF, "write to a pipe's read end");
    EXPECT_ERRNO(read(p[1], &c, 1), EBADF, "read from a pipe's write end");
    close(p[0]);
    close(p[1]);
    EXPECT_ERRNO(read(p[0], &c, 1), EBADF, "read of a closed descriptor");
    int fd = open("errno.d/file", O_RDONLY);
    check(fd >= 0, "open errno.d/file read-only");
    EXPECT_ERRNO(write(fd, "x", 1), EBADF, "write to a descriptor open read-only");
    close(fd);
}

static void names(void)
{
    struct stat st;
    EXPECT_ERRNO(open("errno.d/missing", O_RDONLY), ENOENT, "open of a missing file");
    EXPECT_ERRNO(open("errno.d/missing/x", O_RDONLY), ENOENT, "open below a missing directory");
    EXPECT_ERRNO(stat("errno.d/missing", &st), ENOENT, "stat of a missing file");
    EXPECT_ERRNO(stat("", &st), ENOENT, "stat of the empty path");
    EXPECT_ERRNO(unlink("errno.d/missing"), ENOENT, "unlink of a missing file");
    EXPECT_ERRNO(rmdir("errno.d/missing"), ENOENT, "rmdir of a missing directory");
    EXPECT_ERRNO(chdir("errno.d/missing"), ENOENT, "chdir to a missing directory");
    EXPECT_ERRNO(link("errno.d/missing", "errno.d/new"), ENOENT, "link of a missing file");
    EXPECT_ERRNO(opendir("errno.d/missing") == NULL ? -1 : 0, ENOENT, "opendir of a missing directory");

    EXPECT_ERRNO(mkdir("errno.d", 0755), EEXIST, "mkdir of an existing directory");
    EXPECT_ERRNO(mkdir("errno.d/file", 0755), EEXIST, "mkdir over an existing file");
    EXPECT_ERRNO(open("errno.d/file", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST, "open O_CREAT|O_EXCL of an existing file");
    EXPECT_ERRNO(link("errno.d/file", "errno.d/dir"), EEXIST, "link onto an existing name");

    EXPECT_ERRNO(open("errno.d/file/x", O_RDONLY), ENOTDIR, "open below a file");
    EXPECT_ERRNO(open("errno.d/file/x", O_WRONLY | O_CREAT, 0644), ENOTDIR, "create below a file");
    EXPECT_ERRNO(mkdir("errno.d/file/x", 0755), ENOTDIR, "mkdir below a file");
    EXPECT_ERRNO(stat("errno.d/file/", &st), ENOTDIR, "stat of a file with a trailing slash");
    EXPECT_ERRNO(open("errno.d/file", O_RDONLY | O_DIRECTORY), ENOTDIR, "open O_DIRECTORY of a file");
    EXPECT_ERRNO(chdir("errno.d/file"), ENOTDIR, "chdir to a file");
    EXPECT_ERRNO(rmdir("errno.d/file"), ENOTDIR, "rmdir of a file");

    EXPECT_ERRNO(open("errno.d/dir", O_WRONLY), EISDIR, "open of a directory for writing");
    EXPECT_ERRNO(open("errno.d/dir", O_RDWR), EISDIR, "open of a directory for reading and writing");
    EXPECT_ERRNO(unlink("errno.d/dir"), EISDIR, "unlink of a directory");
    int dir = open("errno.d/dir", O_RDONLY);
    check(dir >= 0, "open of a directory read-only");
    char c;
    EXPECT_ERRNO(read(dir, &c, 1), EISDIR, "read from a directory");
    close(dir);

    EXPECT_ERRNO(rmdir("errno.d"), ENOTEMPTY, "rmdir of a directory that is not empty");
    EXPECT_ERRNO(rmdir("errno.d/dir/."), EINVAL, "rmdir of a path ending in .");

    int p[2];
    check(pipe(p) == 0, "a pipe");
    EXPECT_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe");
    close(p[0]);
    close(p[1]);
}

static void einval(void)
{
    int fd = open("errno.d/file", O_RDONLY);
    check(fd >= 0, "open errno.d/file");
    EXPECT_ERRNO(lseek(fd, 0, 99), EINVAL, "lseek with whence 99");
    EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to offset -1");
    EXPECT_ERRNO(dup3(fd, fd, 0), EINVAL, "dup3 of a descriptor onto itself");
    EXPECT_ERRNO(dup3(fd, 50, 0x4), EINVAL, "dup3 with flags other than O_CLOEXEC");
    EXPECT_ERRNO(fcntl(fd, 9999), EINVAL, "fcntl with command 9999");
    close(fd);
    int status;
    EXPECT_ERRNO(wait4(-1, &status, 0x40000, NULL), EINVAL, "wait4 with an unknown option bit");
    char buf[16];
    EXPECT_ERRNO(getrandom(buf, sizeof buf, 0x100), EINVAL, "getrandom with an unknown flag");
    struct timespec ts;
    EXPECT_ERRNO(clock_gettime(1000, &ts), EINVAL, "clock_gettime of clock 1000");
    struct timespec bad = {0, 1000000000};
    EXPECT_ERRNO(nanosleep(&bad, NULL), EINVAL, "nanosleep of 1000000000 nanoseconds in tv_nsec");
    EXPECT_ERRNO(kill(getpid(), 999), EINVAL, "kill with signal 999");
    struct rlimit r = {10, 5};
    EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &r), EINVAL, "setrlimit with the soft limit above the hard one");
    uint64_t set = 0;
    EXPECT_ERRNO(syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8), EINVAL, "rt_sigprocmask with how 99");
    EXPECT_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL,
                 "rt_sigprocmask with a signal set of 4 bytes");
}

static void enotty(void)
{
    struct termios t;
    struct winsize w;
    int p[2];
    check(pipe(p) == 0, "a pipe");
    EXPECT_ERRNO(ioctl(p[0], TCGETS, &t), ENOTTY, "ioctl TCGETS on a pipe");
    EXPECT_ERRNO(ioctl(p[1], TIOCGWINSZ, &w), ENOTTY, "ioctl TIOCGWINSZ on a pipe");
    close(p[0]);
    close(p[1]);
    int fd = open("errno.d/file", O_RDONLY);
    check(fd >= 0, "open errno.d/file");
    EXPECT_ERRNO(ioctl(fd, TCGETS, &t), ENOTTY, "ioctl TCGETS on a regular file");
    EXPECT_ERRNO(ioctl(fd, TIOCGWINSZ, &w), ENOTTY, "ioctl TIOCGWINSZ on a regular file");
    errno = 0;
    check(isatty(fd) == 0 && errno == ENOTTY, "isatty of a regular file is 0, with ENOTTY");
    close(fd);
}

static void enosys(void)
{
    EXPECT_ERRNO(syscall(NO_SUCH_CALL, 1, 2, 3), ENOSYS, "system call 1000, which no kernel has");
    EXPECT_ERRNO(syscall(-1L), ENOSYS, "system call -1");
}

int main(void)
{
    check(mkdir("errno.d", 0755) == 0, "mkdir errno.d");
    check(mkdir("errno.d/dir", 0755) == 0, "mkdir errno.d/dir");
    int fd = open("errno.d/file", O_WRONLY | O_CREAT | O_EXCL, 0644);
    check(fd >= 0 && write(fd, "data\n", 5) == 5 && close(fd) == 0, "create errno.d/file");

    efault();
    ebadf();
    names();
    einval();
    enotty();
    enosys();

    check(unlink("errno.d/file") == 0 && rmdir("errno.d/dir") == 0 && rmdir("errno.d") == 0, "remove errno.d");
    say("errno: done\n");
    return 0;
}
