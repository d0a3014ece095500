/* args.h: the number of rounds a benchmark runs, from its first argument. */
#ifndef COWVM_BENCH_ARGS_H
#define COWVM_BENCH_ARGS_H

/* argv[1] as a positive decimal number, or fallback when there is none. */
static long rounds(int argc, char **argv, long fallback)
{
    if (argc < 2) {
        return fallback;
    }
    long n = 0;
    for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (*p - '0');
    }
    return n > 0 ? n : fallback;
}

#endif
