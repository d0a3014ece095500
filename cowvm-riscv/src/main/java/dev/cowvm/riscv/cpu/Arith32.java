package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.FloatUnit.NX;
import static dev.cowvm.riscv.cpu.FloatUnit.RNE;

/**
 * Single-precision arithmetic: a fast path for the common case, the exact path otherwise.
 *
 * <p>Java's {@code float} operations are IEEE binary32 operations rounded to nearest, ties
 * to even, so for RNE and a result that is finite and larger than the smallest normal
 * magnitude the value is right; the inexact flag is found in double precision, which
 * holds every single's sum exactly up to one TwoSum error term, every product exactly, and
 * the residuals of quotient and root exactly (24 + 24 &lt; 53 bits, far from double's
 * underflow). A fused multiply-add is computed in double: the product is exact and the
 * sum's error is a TwoSum term; rounding that double to single gives the right value
 * unless it lies exactly halfway between two singles (the only case where rounding twice
 * differs from rounding once, since every single halfway point is a double), which goes
 * to {@link ExactFloat} along with everything the fast path does not cover.
 *
 * <p>A result equal to the smallest normal magnitude goes to the exact path too: it may
 * come from a value that is tiny when rounded with an unbounded exponent, which must raise
 * UF ("tininess after rounding").
 */
final class Arith32 {
    private static final FloatFormat S = FloatFormat.SINGLE;

    private Arith32() {
    }

    private static float v(int bits) {
        return Float.intBitsToFloat(bits);
    }

    private static int bits(float v) {
        return Float.floatToRawIntBits(v);
    }

    private static long wide(int bits) {
        return bits & 0xFFFFFFFFL;
    }

    /** The single's magnitude is normal, above the smallest normal, and finite. */
    private static boolean comfortable(float r) {
        float m = Math.abs(r);
        return m > Float.MIN_NORMAL && m <= Float.MAX_VALUE;
    }

    static int add(FloatUnit u, int a, int b, int rm) {
        float x = v(a);
        float y = v(b);
        float r = x + y;
        // A sum that lands below the normal range is exact, so UF cannot arise.
        if (rm == RNE && Math.abs(r) <= Float.MAX_VALUE) {
            if ((u.flags & NX) == 0) {
                double d = (double) x + (double) y;
                double bb = d - x;
                double err = ((double) x - (d - bb)) + ((double) y - bb);
                if (err != 0 || d != (double) r) {
                    u.flags |= NX;
                }
            }
            return bits(r);
        }
        return (int) ExactFloat.add(S, wide(a), wide(b), rm, u);
    }

    static int sub(FloatUnit u, int a, int b, int rm) {
        return add(u, a, b ^ 0x80000000, rm);
    }

    static int mul(FloatUnit u, int a, int b, int rm) {
        float x = v(a);
        float y = v(b);
        float r = x * y;
        if (rm == RNE && comfortable(r)) {
            if ((u.flags & NX) == 0 && (double) x * (double) y != (double) r) {
                u.flags |= NX;
            }
            return bits(r);
        }
        return (int) ExactFloat.mul(S, wide(a), wide(b), rm, u);
    }

    static int div(FloatUnit u, int a, int b, int rm) {
        float x = v(a);
        float y = v(b);
        float r = x / y;
        if (rm == RNE && comfortable(r)) {
            if ((u.flags & NX) == 0) {
                double q = (double) x / (double) y;
                if (q != (double) r || Math.fma(-q, y, x) != 0) {
                    u.flags |= NX;
                }
            }
            return bits(r);
        }
        return (int) ExactFloat.div(S, wide(a), wide(b), rm, u);
    }

    static int sqrt(FloatUnit u, int a, int rm) {
        float x = v(a);
        if (rm == RNE && x >= 0 && x <= Float.MAX_VALUE) {
            double s = Math.sqrt(x);
            float r = (float) s; // rounding twice is harmless for sqrt: 53 >= 2 × 24 + 2
            if ((u.flags & NX) == 0 && (s != (double) r || Math.fma(-s, s, x) != 0)) {
                u.flags |= NX;
            }
            return bits(r);
        }
        return (int) ExactFloat.sqrt(S, wide(a), rm, u);
    }

    /** {@code a × b + c}; the negated forms negate {@code a} and/or {@code c} first. */
    static int fma(FloatUnit u, int a, int b, int c, int rm) {
        if (rm == RNE) {
            double p = (double) v(a) * (double) v(b); // exact
            double z = v(c);
            double d = p + z;
            float r = (float) d;
            long dbits = Double.doubleToRawLongBits(d);
            if (comfortable(r) && (dbits & 0x1FFFFFFFL) != 0x10000000L) {
                if ((u.flags & NX) == 0) {
                    double bb = d - p;
                    double err = (p - (d - bb)) + (z - bb);
                    if (err != 0 || d != (double) r) {
                        u.flags |= NX;
                    }
                }
                return bits(r);
            }
        }
        return (int) ExactFloat.fma(S, wide(a), wide(b), wide(c), rm, u);
    }
}
