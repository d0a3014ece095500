/* CPU-bound integer work for speed measurements: a sieve of Eratosthenes, CRC-32 over
   a buffer, and an insertion-sorted pseudo-random sequence. Prints a checksum and
   exits with 0 if it is the expected one. */
#include "runtime.h"

/* Checksums for scale 1 and the default scale, as qemu-riscv64 prints them. */
#define SCALE 10
#define SUM_1 0xfa8772c117437510UL
#define SUM_DEFAULT 0x01b4df001f15ed90UL

static unsigned char sieve[200000];
static unsigned char buf[65536];
static unsigned int crc_table[256];
static long seq[2000];

static unsigned long primes(void)
{
    unsigned long count = 0;
    memset(sieve, 1, sizeof sieve);
    for (unsigned long i = 2; i < sizeof sieve; i++) {
        if (sieve[i]) {
            count++;
            for (unsigned long j = i * i; j < sizeof sieve; j += i) {
                sieve[j] = 0;
            }
        }
    }
    return count;
}

static unsigned int crc32(const unsigned char *p, unsigned long n)
{
    unsigned int c = 0xffffffffu;
    while (n--) {
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    }
    return ~c;
}

static unsigned long sort_checksum(unsigned long seed)
{
    for (int i = 0; i < 2000; i++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        seq[i] = (long) (seed >> 33);
    }
    for (int i = 1; i < 2000; i++) {
        long x = seq[i];
        int j = i - 1;
        while (j >= 0 && seq[j] > x) {
            seq[j + 1] = seq[j];
            j--;
        }
        seq[j + 1] = x;
    }
    unsigned long h = 0;
    for (int i = 0; i < 2000; i++) {
        h = h * 31 + (unsigned long) seq[i];
    }
    return h;
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? parse_int(argv[1]) : SCALE;
    for (unsigned int i = 0; i < 256; i++) {
        unsigned int c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
    for (unsigned long i = 0; i < sizeof buf; i++) {
        buf[i] = (unsigned char) (i * 131 + (i >> 7));
    }
    unsigned long sum = 0;
    for (int r = 0; r < 10 * scale; r++) {
        sum = sum * 7 + primes();
        buf[r] ^= (unsigned char) sum;
        sum = sum * 7 + crc32(buf, sizeof buf);
        sum = sum * 7 + sort_checksum(sum);
    }
    return check_sum(sum, scale == 1 ? SUM_1 : scale == SCALE ? SUM_DEFAULT : sum);
}
