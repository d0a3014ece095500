/* Compiled code at -O2 for rv64gc: the mix of compressed and full instructions, jump
   tables, calls through pointers, recursion, 128-bit arithmetic, division by constants,
   atomics, floating point through the C operators and casts. Each check is a case. */
#include "runtime.h"

typedef unsigned long u64;
typedef unsigned __int128 u128;

static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int classify(int v)
{
    switch (v) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 33;
    case 3: return 44;
    case 4: return 55;
    case 5: return 66;
    case 6: return 77;
    case 7: return 88;
    default: return -1;
    }
}

static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }

struct big {
    long a[9];
    char name[13];
};

static struct big make(long seed)
{
    struct big b;
    for (int i = 0; i < 9; i++) {
        b.a[i] = seed * (i + 1);
    }
    for (int i = 0; i < 12; i++) {
        b.name[i] = (char) ('a' + i);
    }
    b.name[12] = 0;
    return b;
}

static void sort(long *v, int n)
{
    for (int i = 1; i < n; i++) {
        long x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static volatile double vd[4] = {1.5, -2.25, 1e308, 3.0};
static volatile float vf[2] = {0.1f, 3.0f};
static volatile long vl[3] = {-7, 3, 0x7fffffffffffffffL};
static volatile u64 vu = 0xfedcba9876543210UL;
static long counter;

int main(void)
{
    CHECK(1, fib(20) == 6765);
    int sum = 0;
    for (int i = -1; i < 10; i++) {
        sum += classify(i);
    }
    CHECK(2, sum == 11 + 22 + 33 + 44 + 55 + 66 + 77 + 88 - 3);
    long (*ops[3])(long, long) = {add, sub, mul};
    long acc = 5;
    for (int i = 0; i < 30; i++) {
        acc = ops[i % 3](acc, i + 1);
    }
    CHECK(3, acc == 772337396760L);
    u128 p = (u128) vu * vu;
    CHECK(4, (u64) (p >> 64) == 0xfdbac097c8dc5accUL && (u64) p == 0xdeec6cd7a44a4100UL);
    u64 q = vu / 1000003;
    CHECK(5, q == 0xfedcba9876543210UL / 1000003 && q * 1000003 + vu % 1000003 == vu);
    CHECK(6, vl[0] / vl[1] == -2 && vl[0] % vl[1] == -1 && (u64) vl[0] / 3 == 0x5555555555555553UL);
    struct big b1 = make(3);
    struct big b2 = b1;
    b1.a[8] = 0;
    CHECK(7, b2.a[8] == 27 && b2.name[11] == 'l' && str_len(b2.name) == 12);
    long v[16];
    for (int i = 0; i < 16; i++) {
        v[i] = (i * 7919) % 31 - 15;
    }
    sort(v, 16);
    for (int i = 1; i < 16; i++) {
        CHECK(8, v[i - 1] <= v[i]);
    }
    CHECK(9, __builtin_popcountl(vu) == 32 && __builtin_clzl(vu >> 8) == 8 && __builtin_ctzl(vu) == 4);
    __atomic_fetch_add(&counter, 5, __ATOMIC_SEQ_CST);
    long expected = 5;
    CHECK(10, __atomic_compare_exchange_n(&counter, &expected, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    CHECK(11, !__atomic_compare_exchange_n(&counter, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
              && expected == 9);
    CHECK(12, __atomic_exchange_n(&counter, 4, __ATOMIC_SEQ_CST) == 9 && counter == 4);
    double d = vd[0] * vd[1] + vd[3];
    CHECK(13, d == -0.375);
    CHECK(14, (long) vd[1] == -2 && (int) (vd[0] * 3) == 4 && (unsigned) vd[3] == 3);
    CHECK(15, vd[2] * 10 > 1e308 && vd[2] * 10 == vd[2] * 100);
    float f = vf[0] * vf[1];
    CHECK(16, f == 0.3f && (double) f != 0.3);
    CHECK(17, __builtin_sqrt(vd[3] * vd[3]) == 3.0 && __builtin_fabs(vd[1]) == 2.25);
    double big = (double) vl[2];
    CHECK(18, big == 9223372036854775808.0 && (float) vl[1] == 3.0f);
    double acc2 = 0;
    for (int i = 1; i <= 1000; i++) {
        acc2 += 1.0 / ((double) i * i);
    }
    CHECK(19, acc2 > 1.6439 && acc2 < 1.6440);
    print("PASS\n");
    return 0;
}
