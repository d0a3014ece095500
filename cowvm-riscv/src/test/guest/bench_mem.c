/* Memory-heavy work for speed measurements: a random pointer chase through 8 MiB,
   strided updates of a 16 MiB array, and block copies. Prints a checksum and exits
   with 0 if it is the expected one. */
#include "runtime.h"

#define N (1 << 20)
/* Checksums for scale 1 and the default scale, as qemu-riscv64 prints them. */
#define SCALE 8
#define SUM_1 0xb6b2ba20612a8000UL
#define SUM_DEFAULT 0xdfee15edc3bf5000UL

static unsigned long next[N];          /* 8 MiB */
static unsigned int grid[4 << 20];     /* 16 MiB */
static unsigned char blocks[2][1 << 16];

int main(int argc, char **argv)
{
    int scale = argc > 1 ? parse_int(argv[1]) : SCALE;
    unsigned long seed = 88172645463325252UL;
    for (unsigned long i = 0; i < N; i++) {
        next[i] = i;
    }
    for (unsigned long i = N - 1; i > 0; i--) {  /* a random cyclic permutation (Sattolo) */
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        unsigned long j = seed % i;
        unsigned long t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    unsigned long p = 0, sum = 0;
    for (unsigned long k = 0; k < (unsigned long) scale * N; k++) {
        p = next[p];
        sum += p;
    }
    for (int r = 0; r < scale; r++) {
        for (unsigned long i = (unsigned long) r; i < (4 << 20); i += 61) {
            grid[i] = grid[i] * 3 + (unsigned int) i;
        }
    }
    for (unsigned long i = 0; i < (4 << 20); i += 4096) {
        sum = sum * 5 + grid[i];
    }
    for (int r = 0; r < 4 * scale; r++) {
        blocks[r & 1][r] = (unsigned char) sum;
        memcpy(blocks[(r + 1) & 1], blocks[r & 1], sizeof blocks[0]);
    }
    sum += blocks[0][17] + blocks[1][39];
    return check_sum(sum, scale == 1 ? SUM_1 : scale == SCALE ? SUM_DEFAULT : sum);
}
