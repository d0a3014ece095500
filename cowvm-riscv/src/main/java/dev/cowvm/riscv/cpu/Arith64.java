package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.FloatUnit.NX;
import static dev.cowvm.riscv.cpu.FloatUnit.RNE;

/**
 * Double-precision arithmetic: a fast path for the common case, the exact path otherwise.
 *
 * <h2>The fast path</h2>
 * Java's {@code +}, {@code *}, {@code /}, {@link Math#sqrt} and {@link Math#fma} are IEEE
 * operations rounded to nearest, ties to even; for RNE, finite operands and a result
 * well away from the underflow threshold the value is therefore already right, and only
 * the inexact flag has to be found. The rounding error of each operation is itself a
 * double that one more exact operation computes (Knuth's TwoSum for a sum; an fma for
 * the residual {@code x·y − r}, {@code x − q·y} or {@code x − s·s} of a product, quotient
 * or root, which is exactly representable when the operands and result are far enough
 * from underflow: exponents summing to at least {@code emin + p − 1}, hence the
 * {@link #SAFE} bound). NX is raised when that error is nonzero. Flags are sticky, so once
 * NX is set the check is skipped altogether.
 *
 * <p>Overflow, underflow, special operands and the other rounding modes fall through to
 * {@link ExactFloat}, as does a fused multiply-add while NX is still clear (its error is
 * not one double).
 */
final class Arith64 {
    /** Results and operands at least this large keep every residual exactly representable. */
    static final double SAFE = 0x1p-960;
    private static final FloatFormat D = FloatFormat.DOUBLE;

    private Arith64() {
    }

    private static double v(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static long add(FloatUnit u, long a, long b, int rm) {
        double x = v(a);
        double y = v(b);
        double r = x + y;
        if (rm == RNE && Math.abs(r) <= Double.MAX_VALUE) {
            if ((u.flags & NX) == 0) {
                double bb = r - x;
                double err = (x - (r - bb)) + (y - bb);
                if (err != 0) {
                    if (err - err != 0) { // an intermediate overflowed: let the exact path decide
                        return ExactFloat.add(D, a, b, rm, u);
                    }
                    u.flags |= NX;
                }
            }
            return bits(r);
        }
        return ExactFloat.add(D, a, b, rm, u);
    }

    static long sub(FloatUnit u, long a, long b, int rm) {
        return add(u, a, b ^ D.signMask, rm); // IEEE 5.4.1: x − y is x + (−y)
    }

    static long mul(FloatUnit u, long a, long b, int rm) {
        double x = v(a);
        double y = v(b);
        double r = x * y;
        double m = Math.abs(r);
        if (rm == RNE && m >= SAFE && m <= Double.MAX_VALUE) {
            if ((u.flags & NX) == 0 && Math.fma(x, y, -r) != 0) {
                u.flags |= NX;
            }
            return bits(r);
        }
        return ExactFloat.mul(D, a, b, rm, u);
    }

    static long div(FloatUnit u, long a, long b, int rm) {
        double x = v(a);
        double y = v(b);
        double q = x / y;
        double m = Math.abs(q);
        if (rm == RNE && m >= SAFE && m <= Double.MAX_VALUE && Math.abs(x) >= SAFE
                && Math.abs(y) >= Double.MIN_NORMAL) {
            if ((u.flags & NX) == 0 && Math.fma(-q, y, x) != 0) {
                u.flags |= NX;
            }
            return bits(q);
        }
        return ExactFloat.div(D, a, b, rm, u);
    }

    static long sqrt(FloatUnit u, long a, int rm) {
        double x = v(a);
        if (rm == RNE && x >= SAFE && x <= Double.MAX_VALUE) {
            double s = Math.sqrt(x);
            if ((u.flags & NX) == 0 && Math.fma(-s, s, x) != 0) {
                u.flags |= NX;
            }
            return bits(s);
        }
        return ExactFloat.sqrt(D, a, rm, u);
    }

    /** {@code a × b + c}; the negated forms negate {@code a} and/or {@code c} first. */
    static long fma(FloatUnit u, long a, long b, long c, int rm) {
        if (rm == RNE && (u.flags & NX) != 0) {
            double r = Math.fma(v(a), v(b), v(c));
            double m = Math.abs(r);
            if (m >= SAFE && m <= Double.MAX_VALUE) {
                return bits(r);
            }
        }
        return ExactFloat.fma(D, a, b, c, rm, u);
    }
}
