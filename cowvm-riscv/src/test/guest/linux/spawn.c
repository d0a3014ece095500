/*
 * spawn.c: starting other programs, the three ways a Linux program does it.
 *
 * 1. fork, then in the child dup3 (a pipe onto standard output) and execve
 *    ./args.elf with arguments, an environment and two more descriptors, one of
 *    them close-on-exec; the parent reads the pipe to its end and collects the
 *    child with wait4.
 * 2. posix_spawn, which glibc does with clone(CLONE_VM|CLONE_VFORK): the child
 *    runs on the parent's memory, with the parent suspended, until it execs.
 * 3. vfork, whose child only _exits.
 * And execve's refusals: a missing file (ENOENT), a file without execute
 * permission (EACCES), an executable file that is no program (ENOEXEC).
 *
 * Needs ./args.elf (args.c) in the current directory, which must be writable.
 */
#include "check.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define ARGS "./args.elf"

/*
 * Reads fd to its end and prints each line it carried as "  > line". How many
 * reads that takes depends on timing, so the reads are checked once, after.
 */
static void show_output(int fd, const char *who)
{
    char buf[8192];
    size_t used = 0;
    ssize_t n;
    for (;;) {
        n = read(fd, buf + used, sizeof buf - 1 - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0 || (used += (size_t) n) == sizeof buf - 1) {
            break;
        }
    }
    check(n == 0, "%s: read its output to the end of the pipe", who);
    buf[used] = '\0';
    for (char *line = buf, *end; *line != '\0'; line = end + 1) {
        end = strchr(line, '\n');
        if (end == NULL) {
            say("  > %s (no newline)\n", line);
            break;
        }
        *end = '\0';
        say("  > %s\n", line);
    }
}

static void fork_exec_pipe(void)
{
    int p[2];
    check(pipe2(p, O_CLOEXEC) == 0, "pipe2 with O_CLOEXEC");
    int keep = open("spawn.keep", O_RDWR | O_CREAT | O_TRUNC, 0644);
    check(keep >= 0, "open spawn.keep");

    pid_t child = fork_child(100, "fork");
    if (child == 0) {
        /* dup3 without O_CLOEXEC: the copy survives execve, the pipe's own ends do not. */
        if (dup3(p[1], 1, 0) != 1) {
            _exit(101);
        }
        if (dup3(keep, 40, O_CLOEXEC) != 40 || dup3(keep, 41, 0) != 41) {
            _exit(102);
        }
        char read_end[32], write_end[32];
        snprintf(read_end, sizeof read_end, "fd:pipe-read:%d", p[0]);
        snprintf(write_end, sizeof write_end, "fd:pipe-write:%d", p[1]);
        char *argv[] = {ARGS, "one", "two words", "", "fd:cloexec:40", "fd:inherited:41",
                        read_end, write_end, "exit:3", NULL};
        char *envp[] = {"COWVM_TEST=spawn", "EMPTY=", "LAST=the end", NULL};
        execve(ARGS, argv, envp);
        say("FAIL: execve %s: %s\n", ARGS, errno_name(errno));
        _exit(103);
    }
    close(p[1]);
    close(keep);
    say("fork+execve %s: its output\n", ARGS);
    show_output(p[0], "fork+execve");
    close(p[0]);
    int status;
    struct rusage usage;
    check(wait4(child, &status, 0, &usage) == child, "wait4 for the child");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 3, "the child %s (3 expected)", status_text(status));
    check(unlink("spawn.keep") == 0, "unlink spawn.keep");
}

static void with_posix_spawn(void)
{
    int p[2];
    check(pipe2(p, O_CLOEXEC) == 0, "pipe2 with O_CLOEXEC for posix_spawn");
    posix_spawn_file_actions_t actions;
    check(posix_spawn_file_actions_init(&actions) == 0, "posix_spawn_file_actions_init");
    check(posix_spawn_file_actions_adddup2(&actions, p[1], 1) == 0, "posix_spawn_file_actions_adddup2 of the pipe onto 1");
    char *argv[] = {ARGS, "spawned", "exit:5", NULL};
    char *envp[] = {"COWVM_TEST=posix_spawn", NULL};
    pid_t child;
    int err = posix_spawn(&child, ARGS, &actions, NULL, argv, envp);
    check(err == 0, "posix_spawn %s: %s", ARGS, err == 0 ? "started" : errno_name(err));
    posix_spawn_file_actions_destroy(&actions);
    close(p[1]);
    say("posix_spawn %s: its output\n", ARGS);
    show_output(p[0], "posix_spawn");
    close(p[0]);
    int status;
    check(waitpid(child, &status, 0) == child, "waitpid for the spawned child");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 5, "the spawned child %s (5 expected)", status_text(status));
}

static void with_vfork(void)
{
    pid_t child = vfork();
    if (child == 0) {
        _exit(9);
    }
    check(child > 0, "vfork");
    int status;
    check(waitpid(child, &status, 0) == child, "waitpid for the vfork child");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 9, "the vfork child %s (9 expected)", status_text(status));
}

static void refusals(void)
{
    char *argv[] = {"refused", NULL};
    char *envp[] = {NULL};
    EXPECT_ERRNO(execve("./no-such-program", argv, envp), ENOENT, "execve of a missing file");

    int fd = open("spawn.text", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const char text[] = "this is text, not a program\n";
    check(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t) sizeof text - 1 && close(fd) == 0,
          "create spawn.text, mode 0644");
    EXPECT_ERRNO(execve("./spawn.text", argv, envp), EACCES, "execve of a file without execute permission");
    fd = open("spawn.exec", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    check(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t) sizeof text - 1 && close(fd) == 0,
          "create spawn.exec, mode 0755, with the same text");
    EXPECT_ERRNO(execve("./spawn.exec", argv, envp), ENOEXEC, "execve of an executable file that is no program");
    EXPECT_ERRNO(execve(".", argv, envp), EACCES, "execve of a directory");
    check(unlink("spawn.text") == 0 && unlink("spawn.exec") == 0, "unlink spawn.text and spawn.exec");
}

int main(void)
{
    fork_exec_pipe();
    with_posix_spawn();
    with_vfork();
    refusals();
    say("spawn: done\n");
    return 0;
}
