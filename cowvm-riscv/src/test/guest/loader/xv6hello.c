/*
 * An xv6-ABI program linked at address 0: writes its arguments to descriptor 1
 * and exits 0, or exits with the number of the first check that failed.
 */
long xv6_write(int fd, const void *buf, int n);

static char big_bss[2 * 4096];
static const char newline[] = "\n";
int answer = 42;

static int length(const char *s)
{
    int n = 0;
    while (s[n] != 0) {
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (answer != 42) {
        return 1;
    }
    for (int i = 0; i < (int) sizeof big_bss; i++) {
        if (big_bss[i] != 0) {
            return 2;
        }
    }
    if (argv[argc] != 0) {
        return 3;
    }
    for (int i = 0; i < argc; i++) {
        xv6_write(1, argv[i], length(argv[i]));
        xv6_write(1, newline, 1);
    }
    return 0;
}
