/*
 * files.c: the file-system calls a shell and glibc use, beyond open/read/write.
 *
 *  - getcwd and chdir; mkdirat, linkat, unlinkat (with and without
 *    AT_REMOVEDIR) relative to a directory descriptor; newfstatat and fstat
 *    (type, size, link count, the same inode for two links); faccessat.
 *  - umask applied to the modes of new files and directories.
 *  - lseek (SEEK_SET, SEEK_CUR, SEEK_END), O_APPEND, O_TRUNC; readv and writev.
 *  - getdents64 through readdir: every entry, with its type.
 *  - dup takes the lowest free descriptor; fcntl F_GETFD/F_SETFD, F_DUPFD,
 *    F_DUPFD_CLOEXEC, F_GETFL/F_SETFL (O_NONBLOCK on a pipe gives EAGAIN).
 *  - readlink of /proc/self/exe names this program: an absolute path, the
 *    same as realpath(argv[0]).
 *
 * It works in a directory files.d that it makes in the current directory and
 * removes at the end. Paths are printed relative to where it started.
 */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    size_t n = strlen(text);
    check(fd >= 0 && write(fd, text, n) == (ssize_t) n && close(fd) == 0, "write %s", path);
}

static void cwd(void)
{
    char start[PATH_MAX], now[PATH_MAX];
    check(getcwd(start, sizeof start) != NULL && start[0] == '/', "getcwd gives an absolute path");
    check(mkdirat(AT_FDCWD, "files.d", 0755) == 0, "mkdirat files.d");
    check(chdir("files.d") == 0, "chdir files.d");
    char want[PATH_MAX + 16];
    snprintf(want, sizeof want, "%s/files.d", strcmp(start, "/") == 0 ? "" : start);
    check(getcwd(now, sizeof now) != NULL && strcmp(now, want) == 0, "getcwd is the start directory + /files.d");
    check(chdir("..") == 0, "chdir ..");
    check(getcwd(now, sizeof now) != NULL && strcmp(now, start) == 0, "getcwd is the start directory again");
    EXPECT_ERRNO(getcwd(now, 1) == NULL ? -1 : 0, ERANGE, "getcwd into a buffer of 1 byte");
}

static void modes(void)
{
    umask(027);
    check(umask(027) == 027, "umask returns the mask set before");
    int fd = open("files.d/masked", O_WRONLY | O_CREAT | O_EXCL, 0666);
    struct stat st;
    check(fd >= 0 && fstat(fd, &st) == 0, "create files.d/masked with mode 0666");
    check(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640, "under umask 027 its mode is 0640 (got 0%o)",
          st.st_mode & 07777);
    close(fd);
    check(mkdir("files.d/maskdir", 0777) == 0 && stat("files.d/maskdir", &st) == 0, "mkdir files.d/maskdir 0777");
    check(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0750, "under umask 027 its mode is 0750 (got 0%o)",
          st.st_mode & 07777);
    check(umask(022) == 027, "umask 022 returns 027");
    check(unlink("files.d/masked") == 0 && rmdir("files.d/maskdir") == 0, "remove them");
}

static void offsets(void)
{
    write_file("files.d/text", "hello world\n");
    int fd = open("files.d/text", O_RDWR);
    char buf[32];
    check(fd >= 0, "open files.d/text O_RDWR");
    check(lseek(fd, 6, SEEK_SET) == 6 && read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0,
          "lseek to 6 and read 5 bytes: world");
    check(lseek(fd, 0, SEEK_CUR) == 11, "lseek SEEK_CUR gives 11");
    check(lseek(fd, -2, SEEK_END) == 10, "lseek -2 from SEEK_END gives 10");
    check(lseek(fd, 20, SEEK_SET) == 20 && write(fd, "!", 1) == 1, "write one byte at 20, past the end");
    struct stat st;
    check(fstat(fd, &st) == 0 && st.st_size == 21, "fstat: the size is 21 (got %lld)", (long long) st.st_size);
    check(lseek(fd, 12, SEEK_SET) == 12 && read(fd, buf, 9) == 9 && memcmp(buf, "\0\0\0\0\0\0\0\0!", 9) == 0,
          "the gap reads as zeros");
    close(fd);

    fd = open("files.d/text", O_WRONLY | O_APPEND);
    check(fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "+", 1) == 1, "O_APPEND: write after lseek to 0");
    check(fstat(fd, &st) == 0 && st.st_size == 22, "the byte went to the end: the size is 22");
    close(fd);

    fd = open("files.d/text", O_WRONLY | O_TRUNC);
    check(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC: the size is 0");
    char a[] = "one ", b[] = "two ", c[] = "three";
    struct iovec out[3] = {{a, 4}, {b, 4}, {c, 5}};
    check(writev(fd, out, 3) == 13, "writev of 3 buffers, 13 bytes");
    close(fd);
    fd = open("files.d/text", O_RDONLY);
    char x[6] = {0}, y[8] = {0};
    struct iovec in[2] = {{x, 5}, {y, 8}};
    check(fd >= 0 && readv(fd, in, 2) == 13, "readv into 2 buffers of 5 and 8 bytes");
    check(strcmp(x, "one t") == 0 && strcmp(y, "wo three") == 0, "they hold \"one t\" and \"wo three\"");
    check(read(fd, x, 1) == 0, "read at the end gives 0");
    close(fd);
    check(unlink("files.d/text") == 0, "unlink files.d/text");
}

static void links(void)
{
    int dir = open("files.d", O_RDONLY | O_DIRECTORY);
    check(dir >= 0, "open files.d O_DIRECTORY");
    write_file("files.d/a", "contents of a\n");
    check(mkdirat(dir, "sub", 0755) == 0, "mkdirat sub relative to files.d");
    check(linkat(dir, "a", dir, "b", 0) == 0, "linkat a to b");
    struct stat sa, sb;
    check(fstatat(dir, "a", &sa, 0) == 0 && fstatat(dir, "b", &sb, 0) == 0, "fstatat a and b");
    check(sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev, "a and b are the same inode");
    check(sa.st_nlink == 2 && sb.st_nlink == 2, "with 2 links (got %lu)", (unsigned long) sa.st_nlink);
    check(faccessat(dir, "b", F_OK, 0) == 0, "faccessat b F_OK");
    EXPECT_ERRNO(faccessat(dir, "missing", F_OK, 0), ENOENT, "faccessat missing F_OK");
    check(unlinkat(dir, "a", 0) == 0, "unlinkat a");
    EXPECT_ERRNO(fstatat(dir, "a", &sa, 0), ENOENT, "fstatat a after unlinkat");
    check(fstatat(dir, "b", &sb, 0) == 0 && sb.st_nlink == 1 && sb.st_size == 14, "b has 1 link and 14 bytes");
    int fd = openat(dir, "b", O_RDONLY);
    char buf[32] = {0};
    check(fd >= 0 && read(fd, buf, sizeof buf - 1) == 14 && strcmp(buf, "contents of a\n") == 0,
          "b holds what was written to a");
    struct stat sf;
    check(fstat(fd, &sf) == 0 && sf.st_ino == sb.st_ino && S_ISREG(sf.st_mode), "fstat of the open b: the same inode");
    close(fd);
    write_file("files.d/c", "");
    EXPECT_ERRNO(unlinkat(dir, "sub", 0), EISDIR, "unlinkat sub without AT_REMOVEDIR");
    check(fstatat(dir, "sub", &sb, 0) == 0 && S_ISDIR(sb.st_mode), "sub is a directory");
    EXPECT_ERRNO(unlinkat(dir, "b", AT_REMOVEDIR), ENOTDIR, "unlinkat b with AT_REMOVEDIR");
    close(dir);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *) x, *(char *const *) y);
}

static void listing(void)
{
    DIR *d = opendir("files.d");
    check(d != NULL, "opendir files.d");
    char *names[16];
    int n = 0;
    struct dirent *e;
    while (n < 16 && (e = readdir(d)) != NULL) {
        const char *type = e->d_type == DT_REG ? "file" : e->d_type == DT_DIR ? "directory" : "other";
        char *line = malloc(300);
        snprintf(line, 300, "%s (%s)", e->d_name, type);
        names[n++] = line;
    }
    closedir(d);
    qsort(names, (size_t) n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        say("files.d holds %s\n", names[i]);
        free(names[i]);
    }
    check(n == 5, "readdir of files.d: 5 entries (., .., b, c, sub)");

    int dir = open("files.d", O_RDONLY | O_DIRECTORY);
    check(dir >= 0 && unlinkat(dir, "sub", AT_REMOVEDIR) == 0, "unlinkat sub with AT_REMOVEDIR");
    check(unlinkat(dir, "b", 0) == 0 && unlinkat(dir, "c", 0) == 0, "unlinkat b and c");
    d = fdopendir(dir);
    n = 0;
    while (d != NULL && (e = readdir(d)) != NULL) {
        n++;
    }
    check(d != NULL && n == 2, "readdir of the emptied files.d: 2 entries");
    closedir(d);
}

static void descriptors(void)
{
    int a = open("files.d", O_RDONLY), b = open("files.d", O_RDONLY);
    check(a >= 0 && b > a, "two descriptors");
    close(a);
    check(dup(b) == a, "dup takes the lowest free descriptor");
    check(fcntl(a, F_GETFD) == 0, "F_GETFD: a dup is not close-on-exec");
    check(fcntl(a, F_SETFD, FD_CLOEXEC) == 0 && fcntl(a, F_GETFD) == FD_CLOEXEC, "F_SETFD FD_CLOEXEC");
    int c = fcntl(b, F_DUPFD, 30);
    check(c >= 30 && fcntl(c, F_GETFD) == 0, "F_DUPFD 30 gives a descriptor at 30 or above, not close-on-exec");
    int d = fcntl(b, F_DUPFD_CLOEXEC, 30);
    check(d > c && fcntl(d, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC gives the next one, close-on-exec");
    close(a);
    close(b);
    close(c);
    close(d);

    int fd = open("files.d/flags", O_RDWR | O_CREAT | O_APPEND, 0644);
    int fl = fcntl(fd, F_GETFL);
    check(fd >= 0 && (fl & O_ACCMODE) == O_RDWR && (fl & O_APPEND) != 0, "F_GETFL: O_RDWR|O_APPEND");
    close(fd);
    unlink("files.d/flags");

    int p[2];
    char ch;
    check(pipe(p) == 0, "a pipe");
    check(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0,
          "F_SETFL O_NONBLOCK on its read end");
    EXPECT_ERRNO(read(p[0], &ch, 1), EAGAIN, "read of the empty pipe");
    check(write(p[1], "z", 1) == 1 && read(p[0], &ch, 1) == 1 && ch == 'z', "a byte written can be read");
    close(p[1]);
    check(read(p[0], &ch, 1) == 0, "with the write end closed, read gives 0");
    close(p[0]);
}

static void self(const char *argv0)
{
    char exe[PATH_MAX + 1], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    check(n > 0, "readlink /proc/self/exe");
    exe[n > 0 ? n : 0] = '\0';
    check(exe[0] == '/', "it is an absolute path");
    check(realpath(argv0, real) != NULL && strcmp(real, exe) == 0, "it is realpath(argv[0])");
    const char *base = strrchr(exe, '/') + 1;
    say("/proc/self/exe ends in /%s\n", base);
    EXPECT_ERRNO(readlink("files.d", exe, sizeof exe), EINVAL, "readlink of a directory, no symbolic link");
}

int main(int argc, char **argv)
{
    (void) argc;
    cwd();
    modes();
    offsets();
    links();
    listing();
    descriptors();
    self(argv[0]);
    check(rmdir("files.d") == 0, "rmdir files.d");
    say("files: done\n");
    return 0;
}
