/*
 * sort.c (memory): quicksort (median of three, insertion sort below 16
 * elements) of 2,000,000 generated 32-bit numbers, ROUNDS times (default 6)
 * with a new sequence each round; checks the order, prints a checksum.
 */
#include "rt.h"
#include "args.h"

#define N 2000000

static uint32_t a[N];

static void insertion(uint32_t *v, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        uint32_t x = v[i];
        long j = i - 1;
        while (j >= lo && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void swap(uint32_t *v, long i, long j)
{
    uint32_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

static void quicksort(uint32_t *v, long lo, long hi)
{
    while (hi - lo >= 16) {
        long mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap(v, mid, lo);
        if (v[hi] < v[lo]) swap(v, hi, lo);
        if (v[hi] < v[mid]) swap(v, hi, mid);
        uint32_t pivot = v[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                swap(v, i, j);
                i++;
                j--;
            }
        }
        /* recurse into the smaller side, loop on the larger: the stack stays shallow */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
    insertion(v, lo, hi);
}

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 6);
    uint64_t seed = 88172645463325252ULL, check = 0;
    for (long r = 0; r < n; r++) {
        for (long i = 0; i < N; i++) {
            a[i] = (uint32_t) xorshift64(&seed);
        }
        quicksort(a, 0, N - 1);
        for (long i = 1; i < N; i++) {
            if (a[i - 1] > a[i]) {
                put("sort: out of order\n");
                return 1;
            }
        }
        for (long i = 0; i < N; i += 1000) {
            check = check * 1000003 + a[i];
        }
    }
    put("sort: ");
    put_u64((uint64_t) n);
    put(" rounds of 2000000 numbers, in order, checksum ");
    put_hex(check);
    put("\n");
    return 0;
}
