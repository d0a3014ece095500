/*
 * chase.c (memory): pointer chasing through one random cycle over 4,194,304
 * 32-bit slots (16 MiB, made by Sattolo's algorithm, so every slot is visited
 * once per lap): ROUNDS million dependent loads (default 16).
 */
#include "rt.h"
#include "args.h"

#define SLOTS (1u << 22)

static uint32_t next[SLOTS];

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 16);
    for (uint32_t i = 0; i < SLOTS; i++) {
        next[i] = i;
    }
    uint64_t seed = 0x2545f4914f6cdd1dULL;
    for (uint32_t i = SLOTS - 1; i > 0; i--) {
        uint32_t j = (uint32_t) (xorshift64(&seed) % i); /* j < i: one cycle */
        uint32_t t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    uint32_t at = 0;
    uint64_t sum = 0;
    for (long step = 0; step < n * 1000000L; step++) {
        at = next[at];
        sum += at;
    }
    put("chase: ");
    put_u64((uint64_t) n);
    put(" million steps through 16 MiB, at ");
    put_u64(at);
    put(", sum ");
    put_hex(sum);
    put("\n");
    return 0;
}
