package dev.cowvm.riscv.cpu;

/**
 * An IEEE 754 binary interchange format, described by its parameters, with the bit-level
 * helpers the floating-point unit needs. Values are raw bits in a {@code long}; a single's
 * 32 bits sit in the low half with the upper half zero.
 *
 * <pre>
 *   binary32: sign 31 | exponent 30..23 (bias 127)  | fraction 22..0  (p = 24)
 *   binary64: sign 63 | exponent 62..52 (bias 1023) | fraction 51..0  (p = 53)
 * </pre>
 * A NaN is signaling when the fraction's top bit (the quiet bit) is clear (IEEE 754-2008
 * 6.2.1, which RISC-V follows); the canonical NaN is positive, quiet, with every other
 * fraction bit clear (F extension, "NaN Generation and Propagation").
 */
enum FloatFormat {
    /** IEEE binary32. */
    SINGLE(24, 8),
    /** IEEE binary64. */
    DOUBLE(53, 11);

    /** Precision p: significand bits including the hidden bit. */
    final int precision;
    /** Fraction bits stored: p - 1. */
    final int fractionBits;
    /** Exponent bias. */
    final int bias;
    /** Smallest normal exponent, 1 - bias. */
    final int emin;
    /** Largest finite exponent, bias. */
    final int emax;
    /** Position of the sign bit. */
    final int signBit;
    final long fractionMask;
    final long exponentMask;
    final long signMask;
    final long quietBit;
    final long canonicalNaN;
    final long infinity;
    /** The largest finite magnitude. */
    final long maxFinite;

    FloatFormat(int precision, int exponentBits) {
        this.precision = precision;
        this.fractionBits = precision - 1;
        this.bias = (1 << (exponentBits - 1)) - 1;
        this.emin = 1 - bias;
        this.emax = bias;
        this.signBit = precision - 1 + exponentBits;
        this.fractionMask = (1L << fractionBits) - 1;
        this.exponentMask = ((1L << exponentBits) - 1) << fractionBits;
        this.signMask = 1L << signBit;
        this.quietBit = 1L << (fractionBits - 1);
        this.infinity = exponentMask;
        this.canonicalNaN = exponentMask | quietBit;
        this.maxFinite = exponentMask - 1;
    }

    boolean isNaN(long bits) {
        return (bits & exponentMask) == exponentMask && (bits & fractionMask) != 0;
    }

    boolean isSignalingNaN(long bits) {
        return isNaN(bits) && (bits & quietBit) == 0;
    }

    boolean isInfinite(long bits) {
        return (bits & ~signMask) == infinity;
    }

    boolean isZero(long bits) {
        return (bits & ~signMask) == 0;
    }

    boolean isNegative(long bits) {
        return (bits & signMask) != 0;
    }

    /** The biased exponent field. */
    int biasedExponent(long bits) {
        return (int) ((bits & exponentMask) >>> fractionBits);
    }

    /**
     * The integer significand of a finite value: the fraction with the hidden bit for a
     * normal number, the bare fraction for a subnormal (0 for zero).
     */
    long significand(long bits) {
        long fraction = bits & fractionMask;
        return biasedExponent(bits) == 0 ? fraction : fraction | 1L << fractionBits;
    }

    /** The exponent of the significand's last bit: the value is significand × 2^this. */
    int unitExponent(long bits) {
        int e = biasedExponent(bits);
        return (e == 0 ? 1 : e) - bias - fractionBits;
    }

    /** A signed infinity. */
    long infinity(boolean negative) {
        return negative ? infinity | signMask : infinity;
    }

    /** A signed zero. */
    long zero(boolean negative) {
        return negative ? signMask : 0;
    }

    /** The format's bits with the sign bit flipped. */
    long negate(long bits) {
        return bits ^ signMask;
    }
}
