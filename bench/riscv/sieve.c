/*
 * sieve.c (integer): the sieve of Eratosthenes up to 4,000,000, run ROUNDS times
 * (default 50). Prints the number of primes and their sum.
 */
#include "rt.h"
#include "args.h"

#define LIMIT 4000000

static unsigned char composite[LIMIT + 1];

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 50);
    uint64_t count = 0, sum = 0;
    for (long r = 0; r < n; r++) {
        for (long i = 0; i <= LIMIT; i++) {
            composite[i] = 0;
        }
        count = 0;
        sum = 0;
        for (long i = 2; i <= LIMIT; i++) {
            if (composite[i]) {
                continue;
            }
            count++;
            sum += (uint64_t) i;
            for (long j = i * i; j <= LIMIT; j += i) {
                composite[j] = 1;
            }
        }
    }
    put("sieve: ");
    put_u64(count);
    put(" primes up to 4000000, sum ");
    put_u64(sum);
    put("\n");
    return count == 283146 ? 0 : 1;
}
