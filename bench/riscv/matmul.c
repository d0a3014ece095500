/*
 * matmul.c (floating point): C = A x B for 160 x 160 doubles, the inner loop
 * over k in row order (i, k, j), ROUNDS times (default 40), A changing a little
 * each round. Prints the trace of C and a checksum of its bits.
 */
#include "rt.h"
#include "args.h"

#define N 160

static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
    long n = rounds(argc, argv, 40);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (double) ((i * 7 + j * 3) % 17) / 16.0 - 0.5;
            b[i][j] = (double) ((i * 5 + j * 11) % 13) / 12.0 - 0.5;
        }
    }
    uint64_t check = 0;
    double trace = 0;
    for (long r = 0; r < n; r++) {
        a[r % N][(r * 3) % N] += 0.25;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                c[i][j] = 0;
            }
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        trace = 0;
        for (int i = 0; i < N; i++) {
            union {
                double d;
                uint64_t u;
            } bits = {c[i][(i * 13) % N]};
            check = check * 31 + bits.u;
            trace += c[i][i];
        }
    }
    put("matmul: ");
    put_u64((uint64_t) n);
    put(" products of 160 x 160, trace ");
    put(trace < 0 ? "-" : "");
    put_u64((uint64_t) ((trace < 0 ? -trace : trace) * 1e6));
    put("e-6, checksum ");
    put_hex(check);
    put("\n");
    return 0;
}
