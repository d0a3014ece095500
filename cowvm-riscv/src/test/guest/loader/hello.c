/*
 * A static glibc program: data, a bss that spans several pages, a thread-local
 * variable (PT_TLS, from which glibc sets tp) and the auxiliary vector.
 * Exits 0 when everything the loader promised holds, otherwise the number of
 * the first broken promise.
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static __thread int visits = 41;
static char zeros[3 * 4096 + 100];
int primes[4] = {2, 3, 5, 7};

int main(int argc, char **argv, char **envp)
{
    visits++;
    for (size_t i = 0; i < sizeof zeros; i++) {
        if (zeros[i] != 0) {
            return 1;
        }
    }
    if (primes[3] != 7 || visits != 42) {
        return 2;
    }
    if (getauxval(AT_PAGESZ) != 4096 || getauxval(AT_RANDOM) == 0) {
        return 3;
    }
    if (argc < 1 || argv[argc] != NULL || envp == NULL) {
        return 4;
    }
    printf("hello from %s: %d argument%s\n", argv[0], argc - 1, argc == 2 ? "" : "s");
    return 0;
}
