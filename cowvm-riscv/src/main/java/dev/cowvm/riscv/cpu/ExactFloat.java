package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.FloatUnit.DZ;
import static dev.cowvm.riscv.cpu.FloatUnit.NV;
import static dev.cowvm.riscv.cpu.FloatUnit.NX;
import static dev.cowvm.riscv.cpu.FloatUnit.OF;
import static dev.cowvm.riscv.cpu.FloatUnit.RDN;
import static dev.cowvm.riscv.cpu.FloatUnit.RMM;
import static dev.cowvm.riscv.cpu.FloatUnit.RNE;
import static dev.cowvm.riscv.cpu.FloatUnit.RTZ;
import static dev.cowvm.riscv.cpu.FloatUnit.RUP;
import static dev.cowvm.riscv.cpu.FloatUnit.UF;

import java.math.BigInteger;

/**
 * IEEE 754 arithmetic done exactly: the slow path behind every fast path of the unit, and
 * the reference the fast paths are tested against.
 *
 * <h2>Method</h2>
 * A finite operand is an integer times a power of two ({@link FloatFormat#significand}
 * × 2^{@link FloatFormat#unitExponent}). Sums, products and fused multiply-adds of such
 * numbers are again such numbers, computed exactly with {@link BigInteger}; a quotient or
 * square root is computed to more than p + 2 bits with a <em>sticky</em> flag saying
 * whether anything nonzero was left over. Then one routine, {@link #round}, rounds the
 * exact value to the format in any of the five modes and raises the flags exactly as
 * IEEE 754-2008 section 7 defines them, with tininess detected <em>after</em> rounding as
 * the F extension requires ("Subnormal Arithmetic"):
 * <ol>
 *   <li>NX when the delivered result differs from the exact one;</li>
 *   <li>UF when the result is tiny (nonzero and, rounded to p bits as if the exponent
 *       range were unbounded, below the smallest normal magnitude) <em>and</em> inexact;</li>
 *   <li>OF when the rounded result, exponent unbounded, exceeds the largest finite
 *       magnitude; the result is then infinity or the largest finite number, as the
 *       mode says, and NX is raised too.</li>
 * </ol>
 * Special operands (NaN, infinity, zero) are decided before any of this, per IEEE 754
 * section 7.2 (invalid operations) and 7.3 (division by zero), and every NaN result is the
 * canonical NaN.
 *
 * <p>Allocation and {@code BigInteger} make this path slow (around a microsecond); the unit
 * only takes it for other rounding modes than RNE, for results near the underflow
 * threshold, for special operands, and for a fused multiply-add before NX is first raised.
 */
final class ExactFloat {
    private ExactFloat() {
    }

    // ---- operations ----

    static long add(FloatFormat f, long a, long b, int rm, FloatUnit u) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, u, a, b, 0);
        }
        boolean ia = f.isInfinite(a);
        boolean ib = f.isInfinite(b);
        if (ia && ib && f.isNegative(a) != f.isNegative(b)) {
            u.flags |= NV; // IEEE 7.2(d): inf - inf
            return f.canonicalNaN;
        }
        if (ia) {
            return a;
        }
        if (ib) {
            return b;
        }
        return sum(f, f.isNegative(a), BigInteger.valueOf(f.significand(a)), f.unitExponent(a),
                f.isNegative(b), BigInteger.valueOf(f.significand(b)), f.unitExponent(b), rm, u);
    }

    static long mul(FloatFormat f, long a, long b, int rm, FloatUnit u) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, u, a, b, 0);
        }
        boolean negative = f.isNegative(a) != f.isNegative(b);
        if ((f.isInfinite(a) && f.isZero(b)) || (f.isZero(a) && f.isInfinite(b))) {
            u.flags |= NV; // IEEE 7.2(b): 0 × inf
            return f.canonicalNaN;
        }
        if (f.isInfinite(a) || f.isInfinite(b)) {
            return f.infinity(negative);
        }
        if (f.isZero(a) || f.isZero(b)) {
            return f.zero(negative);
        }
        BigInteger product = BigInteger.valueOf(f.significand(a)).multiply(BigInteger.valueOf(f.significand(b)));
        return round(f, negative, product, f.unitExponent(a) + f.unitExponent(b), false, rm, u);
    }

    static long div(FloatFormat f, long a, long b, int rm, FloatUnit u) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, u, a, b, 0);
        }
        boolean negative = f.isNegative(a) != f.isNegative(b);
        if ((f.isInfinite(a) && f.isInfinite(b)) || (f.isZero(a) && f.isZero(b))) {
            u.flags |= NV; // IEEE 7.2(e): 0/0, inf/inf
            return f.canonicalNaN;
        }
        if (f.isInfinite(a)) {
            return f.infinity(negative);
        }
        if (f.isInfinite(b) || f.isZero(a)) {
            return f.zero(negative);
        }
        if (f.isZero(b)) {
            u.flags |= DZ; // IEEE 7.3: finite nonzero / 0
            return f.infinity(negative);
        }
        int k = 2 * f.precision + 3; // quotient keeps at least p + 4 bits
        BigInteger[] qr = BigInteger.valueOf(f.significand(a)).shiftLeft(k)
                .divideAndRemainder(BigInteger.valueOf(f.significand(b)));
        return round(f, negative, qr[0], f.unitExponent(a) - f.unitExponent(b) - k, qr[1].signum() != 0, rm, u);
    }

    static long sqrt(FloatFormat f, long a, int rm, FloatUnit u) {
        if (f.isNaN(a)) {
            return nan(f, u, a, a, 0);
        }
        if (f.isZero(a)) {
            return a; // IEEE 6.3: sqrt(-0) = -0
        }
        if (f.isNegative(a)) {
            u.flags |= NV; // IEEE 7.2(g): sqrt of a negative number, including -inf
            return f.canonicalNaN;
        }
        if (f.isInfinite(a)) {
            return a;
        }
        BigInteger m = BigInteger.valueOf(f.significand(a));
        int e = f.unitExponent(a);
        int shift = 2 * (f.precision + 3) + (e & 1); // even exponent, root of at least p + 3 bits
        m = m.shiftLeft(shift);
        e -= shift;
        BigInteger root = m.sqrt();
        boolean sticky = !root.multiply(root).equals(m);
        return round(f, false, root, e / 2, sticky, rm, u);
    }

    /** {@code a × b + c}, rounded once. Negated forms negate a and/or c first. */
    static long fma(FloatFormat f, long a, long b, long c, int rm, FloatUnit u) {
        boolean infTimesZero = (f.isInfinite(a) && f.isZero(b)) || (f.isZero(a) && f.isInfinite(b));
        if (f.isNaN(a) || f.isNaN(b) || f.isNaN(c)) {
            // F extension: inf × 0 raises NV even when the addend is a quiet NaN.
            return nan(f, u, a, b, c, infTimesZero);
        }
        if (infTimesZero) {
            u.flags |= NV;
            return f.canonicalNaN;
        }
        boolean negative = f.isNegative(a) != f.isNegative(b);
        if (f.isInfinite(a) || f.isInfinite(b)) {
            if (f.isInfinite(c) && f.isNegative(c) != negative) {
                u.flags |= NV; // inf - inf
                return f.canonicalNaN;
            }
            return f.infinity(negative);
        }
        if (f.isInfinite(c)) {
            return c;
        }
        BigInteger product = BigInteger.valueOf(f.significand(a)).multiply(BigInteger.valueOf(f.significand(b)));
        return sum(f, negative, product, f.unitExponent(a) + f.unitExponent(b),
                f.isNegative(c), BigInteger.valueOf(f.significand(c)), f.unitExponent(c), rm, u);
    }

    /** An integer converted to the format: {@code v} as signed, or as unsigned 64 bits. */
    static long fromInteger(FloatFormat f, long v, boolean unsigned, int rm, FloatUnit u) {
        if (v == 0) {
            return 0; // +0 in every mode
        }
        boolean negative = !unsigned && v < 0;
        BigInteger m = unsigned ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v).abs();
        return round(f, negative, m, 0, false, rm, u);
    }

    /** A value of one format converted to another (fcvt.s.d, fcvt.d.s). */
    static long convert(FloatFormat from, FloatFormat to, long bits, int rm, FloatUnit u) {
        boolean negative = from.isNegative(bits);
        if (from.isNaN(bits)) {
            if (from.isSignalingNaN(bits)) {
                u.flags |= NV;
            }
            return to.canonicalNaN;
        }
        if (from.isInfinite(bits)) {
            return to.infinity(negative);
        }
        if (from.isZero(bits)) {
            return to.zero(negative);
        }
        return round(to, negative, BigInteger.valueOf(from.significand(bits)), from.unitExponent(bits), false, rm, u);
    }

    // ---- the pieces ----

    private static long nan(FloatFormat f, FloatUnit u, long a, long b, long c) {
        return nan(f, u, a, b, c, false);
    }

    private static long nan(FloatFormat f, FloatUnit u, long a, long b, long c, boolean invalid) {
        if (invalid || f.isSignalingNaN(a) || f.isSignalingNaN(b) || f.isSignalingNaN(c)) {
            u.flags |= NV;
        }
        return f.canonicalNaN;
    }

    /** The exact sum of two signed magnitudes, rounded. */
    private static long sum(FloatFormat f, boolean negA, BigInteger magA, int expA,
                            boolean negB, BigInteger magB, int expB, int rm, FloatUnit u) {
        int e = Math.min(expA, expB);
        BigInteger x = magA.shiftLeft(expA - e);
        BigInteger y = magB.shiftLeft(expB - e);
        BigInteger s = (negA ? x.negate() : x).add(negB ? y.negate() : y);
        if (s.signum() == 0) {
            // IEEE 6.3: an exact zero sum of opposite signs (or x - x) is +0, but -0 in RDN;
            // the sum of two zeros of the same sign keeps that sign.
            boolean negative = negA == negB && magA.signum() == 0 && magB.signum() == 0 ? negA : rm == RDN;
            return f.zero(negative);
        }
        return round(f, s.signum() < 0, s.abs(), e, false, rm, u);
    }

    /**
     * Rounds {@code (-1)^negative × (magnitude + sticky·ε) × 2^exponent} to the format, where
     * {@code magnitude > 0} and {@code sticky} says the exact value is a little larger in
     * magnitude than {@code magnitude} (by less than one unit of its last bit).
     */
    static long round(FloatFormat f, boolean negative, BigInteger magnitude, int exponent,
                      boolean sticky, int rm, FloatUnit u) {
        int p = f.precision;
        BigInteger m = magnitude;
        int e0 = exponent;
        int n = m.bitLength();
        if (n < p + 2) { // keep a guard bit above the sticky one
            m = m.shiftLeft(p + 2 - n);
            e0 -= p + 2 - n;
            n = p + 2;
        }
        int top = e0 + n - 1; // exponent of the leading bit
        // Tininess after rounding: round to p bits with the exponent unbounded.
        boolean tiny;
        if (top < f.emin - 1) {
            tiny = true;
        } else if (top >= f.emin) {
            tiny = false;
        } else {
            BigInteger unbounded = roundAt(m, n - p, negative, sticky, rm);
            tiny = unbounded.bitLength() <= p; // no carry up to 2^emin
        }
        int lsb = Math.max(top - p + 1, f.emin - p + 1); // exponent of the result's last bit
        int drop = lsb - e0;
        BigInteger q = roundAt(m, drop, negative, sticky, rm);
        boolean inexact = sticky || m.getLowestSetBit() < drop;
        if (q.bitLength() > p) { // rounding carried into a new bit: 1.111.. -> 10.000..
            q = q.shiftRight(1);
            lsb++;
        }
        int flags = inexact ? NX : 0;
        if (tiny && inexact) {
            flags |= UF;
        }
        long bits;
        if (q.signum() == 0) {
            bits = f.zero(negative);
        } else if (lsb + q.bitLength() - 1 > f.emax) {
            flags |= OF | NX;
            bits = overflow(f, negative, rm);
        } else if (q.bitLength() < p) { // subnormal: lsb is the format's smallest
            bits = q.longValue() | (negative ? f.signMask : 0);
        } else {
            long biased = lsb + p - 1 + f.bias;
            bits = (q.longValue() & f.fractionMask) | biased << f.fractionBits | (negative ? f.signMask : 0);
        }
        u.flags |= flags;
        return bits;
    }

    /** IEEE 7.4: what an overflow delivers in each mode. */
    private static long overflow(FloatFormat f, boolean negative, int rm) {
        boolean toInfinity = switch (rm) {
            case RNE, RMM -> true;
            case RTZ -> false;
            case RDN -> negative;
            case RUP -> !negative;
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
        long magnitude = toInfinity ? f.infinity : f.maxFinite;
        return magnitude | (negative ? f.signMask : 0);
    }

    /** {@code m >> drop}, rounded in mode {@code rm}; {@code drop >= 2}. */
    private static BigInteger roundAt(BigInteger m, int drop, boolean negative, boolean sticky, int rm) {
        BigInteger q = m.shiftRight(drop);
        boolean half = m.testBit(drop - 1);
        boolean belowHalf = sticky || m.getLowestSetBit() < drop - 1; // anything below the half bit
        boolean inexact = half || belowHalf;
        boolean up = switch (rm) {
            case RNE -> half && (belowHalf || q.testBit(0));
            case RMM -> half;
            case RTZ -> false;
            case RDN -> negative && inexact;
            case RUP -> !negative && inexact;
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
        return up ? q.add(BigInteger.ONE) : q;
    }
}
