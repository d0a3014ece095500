/*
 * args.c: the program that spawn.c (and others) execute. It prints what it was
 * given, so the parent can check that execve passed it on:
 *
 *   args: argc N
 *   args: argv[i] "TEXT"          one line each, in order (the number in an
 *                                 argument "fd:LABEL:NUMBER" printed as N)
 *   args: env "NAME=VALUE"        one line each, sorted by text
 *   args: fd LABEL open|closed    for each argument "fd:LABEL:NUMBER"
 *
 * An argument "exit:N" makes it exit with status N (0 otherwise).
 *
 * The environment is printed sorted: Linux keeps envp's order, but a shell that
 * stands between the parent and this program (the wrapper that runs it under
 * qemu-riscv64 where binfmt_misc is not set up) may reorder it.
 */
#include "check.h"

#include <fcntl.h>

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv, char **envp)
{
    int status = 0;
    say("args: argc %d\n", argc);
    for (int i = 0; i < argc; i++) {
        const char *colon = strrchr(argv[i], ':');
        if (strncmp(argv[i], "fd:", 3) == 0 && colon > argv[i] + 2) {
            /* descriptor numbers are the kernel's choice: only whether one is open is printed */
            say("args: argv[%d] \"%.*s:N\"\n", i, (int) (colon - argv[i]), argv[i]);
        } else {
            say("args: argv[%d] \"%s\"\n", i, argv[i]);
        }
    }
    size_t n = 0;
    while (envp[n] != NULL) {
        n++;
    }
    char **sorted = calloc(n + 1, sizeof *sorted);
    if (sorted == NULL) {
        return 99;
    }
    memcpy(sorted, envp, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_text);
    for (size_t i = 0; i < n; i++) {
        say("args: env \"%s\"\n", sorted[i]);
    }
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "fd:", 3) == 0) {
            char label[64];
            int fd;
            if (sscanf(argv[i] + 3, "%63[^:]:%d", label, &fd) == 2) {
                say("args: fd %s %s\n", label, fcntl(fd, F_GETFD) == -1 && errno == EBADF ? "closed" : "open");
            }
        } else if (strncmp(argv[i], "exit:", 5) == 0) {
            status = atoi(argv[i] + 5);
        }
    }
    return status;
}
