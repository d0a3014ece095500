package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.FloatUnit.NV;
import static dev.cowvm.riscv.cpu.FloatUnit.NX;
import static dev.cowvm.riscv.cpu.FloatUnit.RDN;
import static dev.cowvm.riscv.cpu.FloatUnit.RMM;
import static dev.cowvm.riscv.cpu.FloatUnit.RNE;
import static dev.cowvm.riscv.cpu.FloatUnit.RTZ;
import static dev.cowvm.riscv.cpu.FloatUnit.RUP;

/**
 * Conversions between integers and floating point, and between the two formats.
 *
 * <p>Floating point to integer (FCVT.W/WU/L/LU) works on the value as a double, which
 * holds every single and double exactly: it is rounded to an integral value in the mode
 * (rint, floor, ceil and truncation are exact operations), then clipped to the
 * destination's range. The F extension's table "Domains of float-to-integer conversions"
 * gives the results: NaN and +inf give the largest value, -inf the smallest, out-of-range
 * values the nearest end; each of these raises NV, and otherwise NX is raised when the
 * integer differs from the operand. 32-bit results are sign-extended, FCVT.WU.* too.
 *
 * <p>Integer to floating point is exact in Java's RNE conversion except for the inexact
 * flag, found by converting back; other modes and unsigned 64-bit values with the top bit
 * set take the exact path.
 */
final class Conversions {
    /** Destination kinds, in the order of the rs2 field of FCVT.int.fmt. */
    static final int W = 0;
    static final int WU = 1;
    static final int L = 2;
    static final int LU = 3;

    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;

    private Conversions() {
    }

    /** The value rounded to an integral value in mode {@code rm}, exactly. */
    static double roundToIntegral(double v, int rm) {
        return switch (rm) {
            case RNE -> Math.rint(v);
            case RTZ -> v < 0 ? Math.ceil(v) : Math.floor(v);
            case RDN -> Math.floor(v);
            case RUP -> Math.ceil(v);
            case RMM -> {
                double t = v < 0 ? Math.ceil(v) : Math.floor(v);
                // v − t is the fraction, exactly representable; a tie goes away from zero.
                yield Math.abs(v - t) >= 0.5 ? t + Math.signum(v) : t;
            }
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
    }

    /**
     * FCVT.{W,WU,L,LU}.{S,D}.
     *
     * @param v     the operand as a double (exact for a single)
     * @param isNaN whether the operand is a NaN (of any kind: all convert alike)
     * @param kind  {@link #W}, {@link #WU}, {@link #L} or {@link #LU}
     */
    static long toInteger(FloatUnit u, double v, boolean isNaN, int kind, int rm) {
        if (isNaN) {
            u.flags |= NV;
            return switch (kind) {
                case W -> Integer.MAX_VALUE;
                case L -> Long.MAX_VALUE;
                default -> -1L; // 2^32 − 1 sign-extended, or 2^64 − 1
            };
        }
        double r = roundToIntegral(v, rm);
        long result;
        switch (kind) {
            case W -> {
                if (r < Integer.MIN_VALUE) {
                    return invalid(u, Integer.MIN_VALUE);
                }
                if (r > Integer.MAX_VALUE) {
                    return invalid(u, Integer.MAX_VALUE);
                }
                result = (long) r;
            }
            case WU -> {
                if (r < 0) {
                    return invalid(u, 0);
                }
                if (r > 0xFFFFFFFFL) {
                    return invalid(u, -1L);
                }
                result = (int) (long) r; // sign-extend bit 31
            }
            case L -> {
                if (r < -TWO_63) {
                    return invalid(u, Long.MIN_VALUE);
                }
                if (r >= TWO_63) {
                    return invalid(u, Long.MAX_VALUE);
                }
                result = (long) r;
            }
            default -> {
                if (r < 0) {
                    return invalid(u, 0);
                }
                if (r >= TWO_64) {
                    return invalid(u, -1L);
                }
                result = r >= TWO_63 ? (long) (r - TWO_63) ^ Long.MIN_VALUE : (long) r;
            }
        }
        if (r != v) {
            u.flags |= NX;
        }
        return result;
    }

    /** FCVT.{W,WU,L,LU}.D on a register's bits. */
    static long doubleToInteger(FloatUnit u, long bits, int kind, int rm) {
        double v = Double.longBitsToDouble(bits);
        return toInteger(u, v, Double.isNaN(v), kind, rm);
    }

    /** FCVT.{W,WU,L,LU}.S on a single's bits. */
    static long singleToInteger(FloatUnit u, int bits, int kind, int rm) {
        float v = Float.intBitsToFloat(bits);
        return toInteger(u, v, Float.isNaN(v), kind, rm);
    }

    private static long invalid(FloatUnit u, long clipped) {
        u.flags |= NV;
        return clipped;
    }

    /**
     * FCVT.D.{W,WU,L,LU}.
     *
     * @param v the integer register; only its low 32 bits for W and WU
     */
    static long toDouble(FloatUnit u, long v, int kind, int rm) {
        long n = switch (kind) {
            case W -> (int) v;
            case WU -> v & 0xFFFFFFFFL;
            default -> v;
        };
        if (kind <= WU) {
            return Double.doubleToRawLongBits((double) n); // every 32-bit integer is a double
        }
        if (rm == RNE && (kind == L || n >= 0)) {
            double r = (double) n;
            if (r == TWO_63 || (long) r != n) {
                u.flags |= NX;
            }
            return Double.doubleToRawLongBits(r);
        }
        return ExactFloat.fromInteger(FloatFormat.DOUBLE, n, kind == LU, rm, u);
    }

    /** FCVT.S.{W,WU,L,LU}: the result's 32 bits. */
    static int toSingle(FloatUnit u, long v, int kind, int rm) {
        long n = switch (kind) {
            case W -> (int) v;
            case WU -> v & 0xFFFFFFFFL;
            default -> v;
        };
        if (rm == RNE && (kind != LU || n >= 0)) {
            float r = (float) n;
            if (r == 0x1p63f || (long) r != n) {
                u.flags |= NX;
            }
            return Float.floatToRawIntBits(r);
        }
        return (int) ExactFloat.fromInteger(FloatFormat.SINGLE, n, kind == LU, rm, u);
    }

    /** FCVT.S.D: a double rounded to single; the result's 32 bits. */
    static int doubleToSingle(FloatUnit u, long bits, int rm) {
        double v = Double.longBitsToDouble(bits);
        float r = (float) v;
        float m = Math.abs(r);
        if (rm == RNE && m > Float.MIN_NORMAL && m <= Float.MAX_VALUE) {
            if ((double) r != v) {
                u.flags |= NX;
            }
            return Float.floatToRawIntBits(r);
        }
        return (int) ExactFloat.convert(FloatFormat.DOUBLE, FloatFormat.SINGLE, bits, rm, u);
    }

    /** FCVT.D.S: exact, except that a NaN becomes the canonical NaN (NV if signaling). */
    static long singleToDouble(FloatUnit u, int bits) {
        FloatFormat s = FloatFormat.SINGLE;
        if (s.isNaN(bits & 0xFFFFFFFFL)) {
            if (s.isSignalingNaN(bits & 0xFFFFFFFFL)) {
                u.flags |= NV;
            }
            return FloatFormat.DOUBLE.canonicalNaN;
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(bits));
    }
}
