package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Floating point, property by property.
 * <ol>
 *   <li>The fast paths ({@link Arith64}, {@link Arith32}, {@link Conversions}) give the same
 *       bits and flags as the exact path ({@link ExactFloat}), in every mode, whether or not
 *       NX was already set (the fast paths skip work when it is).</li>
 *   <li>The exact path agrees with independent references: Java's own RNE arithmetic for
 *       values, and {@link BigDecimal} for what each mode and flag means: an exact result
 *       when NX is clear, RDN ≤ exact ≤ RUP with the two adjacent, RTZ toward zero, RMM
 *       equal to RNE off ties, UF only with NX and exactly for tiny inexact results.</li>
 *   <li>Float-to-integer conversions agree with a BigDecimal reference of the F chapter's
 *       table, flags included.</li>
 * </ol>
 */
class FloatProperties {
    private static final FloatFormat D = FloatFormat.DOUBLE;
    private static final FloatFormat S = FloatFormat.SINGLE;

    @Provide
    Arbitrary<Long> doubles() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0L, 0x8000000000000000L, 0x3FF0000000000000L,
                        0xBFF0000000000000L, 0x7FF0000000000000L, 0xFFF0000000000000L, 0x7FF8000000000000L,
                        0x7FF0000000000001L, 0x0010000000000000L, 0x000FFFFFFFFFFFFFL, 0x1L, 0x7FEFFFFFFFFFFFFFL,
                        0x3FF0000000000001L, 0x3FEFFFFFFFFFFFFFL, 0x4008000000000000L, 0x3CA0000000000000L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs()),
                // few significant bits: exact results and ties
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-64, 64).flatMap(m ->
                        Arbitraries.integers().between(-1080, 1030).map(e ->
                                Double.doubleToRawLongBits(Math.scalb((double) m, e))))),
                // near the underflow and overflow thresholds
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(bits ->
                        (bits & 0x800FFFFFFFFFFFFFL) | (((bits >>> 52) & 1) == 0 ? 0L : 0x7FDL << 52)
                                | ((bits >>> 53) & 3) << 52)),
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles().between(-1e6, 1e6).map(Double::doubleToRawLongBits)));
    }

    @Provide
    Arbitrary<Integer> singles() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000,
                        0x7FC00000, 0x7F800001, 0x00800000, 0x007FFFFF, 1, 0x7F7FFFFF, 0x3F800001, 0x3F7FFFFF)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-64, 64).flatMap(m ->
                        Arbitraries.integers().between(-155, 130).map(e ->
                                Float.floatToRawIntBits(Math.scalb((float) m, e))))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().map(bits ->
                        (bits & 0x807FFFFF) | ((bits >>> 23 & 1) == 0 ? 0 : 0x7D << 23) | (bits >>> 24 & 3) << 23)),
                net.jqwik.api.Tuple.of(3, Arbitraries.floats().between(-1e4f, 1e4f).map(Float::floatToRawIntBits)));
    }

    private static FloatUnit unit(boolean nxSet) {
        FloatUnit u = new FloatUnit();
        u.flags = nxSet ? FloatUnit.NX : 0;
        return u;
    }

    // ---- 1. fast path == exact path ----

    @Property
    void doubleFastPathsMatchTheExactPath(@ForAll("doubles") long a, @ForAll("doubles") long b,
                                          @ForAll("doubles") long c, @ForAll @IntRange(max = 4) int rm,
                                          @ForAll boolean nxSet) {
        for (int op = 0; op < 6; op++) {
            FloatUnit fast = unit(nxSet);
            FloatUnit exact = unit(nxSet);
            long f;
            long e;
            switch (op) {
                case 0 -> {
                    f = Arith64.add(fast, a, b, rm);
                    e = ExactFloat.add(D, a, b, rm, exact);
                }
                case 1 -> {
                    f = Arith64.sub(fast, a, b, rm);
                    e = ExactFloat.add(D, a, D.negate(b), rm, exact);
                }
                case 2 -> {
                    f = Arith64.mul(fast, a, b, rm);
                    e = ExactFloat.mul(D, a, b, rm, exact);
                }
                case 3 -> {
                    f = Arith64.div(fast, a, b, rm);
                    e = ExactFloat.div(D, a, b, rm, exact);
                }
                case 4 -> {
                    f = Arith64.sqrt(fast, a, rm);
                    e = ExactFloat.sqrt(D, a, rm, exact);
                }
                default -> {
                    f = Arith64.fma(fast, a, b, c, rm);
                    e = ExactFloat.fma(D, a, b, c, rm, exact);
                }
            }
            assertThat(f).as("op %d result", op).isEqualTo(e);
            assertThat(fast.flags).as("op %d flags", op).isEqualTo(exact.flags);
        }
    }

    @Property
    void singleFastPathsMatchTheExactPath(@ForAll("singles") int a, @ForAll("singles") int b,
                                          @ForAll("singles") int c, @ForAll @IntRange(max = 4) int rm,
                                          @ForAll boolean nxSet) {
        long wa = a & 0xFFFFFFFFL;
        long wb = b & 0xFFFFFFFFL;
        long wc = c & 0xFFFFFFFFL;
        for (int op = 0; op < 6; op++) {
            FloatUnit fast = unit(nxSet);
            FloatUnit exact = unit(nxSet);
            int f;
            long e;
            switch (op) {
                case 0 -> {
                    f = Arith32.add(fast, a, b, rm);
                    e = ExactFloat.add(S, wa, wb, rm, exact);
                }
                case 1 -> {
                    f = Arith32.sub(fast, a, b, rm);
                    e = ExactFloat.add(S, wa, S.negate(wb), rm, exact);
                }
                case 2 -> {
                    f = Arith32.mul(fast, a, b, rm);
                    e = ExactFloat.mul(S, wa, wb, rm, exact);
                }
                case 3 -> {
                    f = Arith32.div(fast, a, b, rm);
                    e = ExactFloat.div(S, wa, wb, rm, exact);
                }
                case 4 -> {
                    f = Arith32.sqrt(fast, a, rm);
                    e = ExactFloat.sqrt(S, wa, rm, exact);
                }
                default -> {
                    f = Arith32.fma(fast, a, b, c, rm);
                    e = ExactFloat.fma(S, wa, wb, wc, rm, exact);
                }
            }
            assertThat(f & 0xFFFFFFFFL).as("op %d result", op).isEqualTo(e);
            assertThat(fast.flags).as("op %d flags", op).isEqualTo(exact.flags);
        }
    }

    @Property
    void conversionFastPathsMatchTheExactPath(@ForAll long v, @ForAll @IntRange(max = 3) int kind,
                                              @ForAll @IntRange(max = 4) int rm, @ForAll("doubles") long d) {
        long n = switch (kind) {
            case Conversions.W -> (int) v;
            case Conversions.WU -> v & 0xFFFFFFFFL;
            default -> v;
        };
        FloatUnit fast = unit(false);
        FloatUnit exact = unit(false);
        assertThat(Conversions.toDouble(fast, v, kind, rm))
                .isEqualTo(ExactFloat.fromInteger(D, n, kind == Conversions.LU, rm, exact));
        assertThat(fast.flags).isEqualTo(exact.flags);
        fast = unit(false);
        exact = unit(false);
        assertThat(Conversions.toSingle(fast, v, kind, rm) & 0xFFFFFFFFL)
                .isEqualTo(ExactFloat.fromInteger(S, n, kind == Conversions.LU, rm, exact));
        assertThat(fast.flags).isEqualTo(exact.flags);
        fast = unit(false);
        exact = unit(false);
        assertThat(Conversions.doubleToSingle(fast, d, rm) & 0xFFFFFFFFL)
                .isEqualTo(ExactFloat.convert(D, S, d, rm, exact));
        assertThat(fast.flags).isEqualTo(exact.flags);
    }

    // ---- 2. the exact path against independent references ----

    @Property
    void roundToNearestEvenMatchesJava(@ForAll("doubles") long a, @ForAll("doubles") long b, @ForAll("doubles") long c) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double z = Double.longBitsToDouble(c);
        FloatUnit u = unit(false);
        assertSameDouble(ExactFloat.add(D, a, b, 0, u), x + y);
        assertSameDouble(ExactFloat.mul(D, a, b, 0, u), x * y);
        assertSameDouble(ExactFloat.div(D, a, b, 0, u), x / y);
        assertSameDouble(ExactFloat.sqrt(D, a, 0, u), Math.sqrt(x));
        assertSameDouble(ExactFloat.fma(D, a, b, c, 0, u), Math.fma(x, y, z));
        float fx = (float) x;
        float fy = (float) y;
        long sx = Float.floatToRawIntBits(fx) & 0xFFFFFFFFL;
        long sy = Float.floatToRawIntBits(fy) & 0xFFFFFFFFL;
        assertSameSingle(ExactFloat.add(S, sx, sy, 0, u), fx + fy);
        assertSameSingle(ExactFloat.mul(S, sx, sy, 0, u), fx * fy);
        assertSameSingle(ExactFloat.div(S, sx, sy, 0, u), fx / fy);
        assertSameSingle(ExactFloat.convert(D, S, a, 0, u), (float) x);
    }

    private static void assertSameDouble(long bits, double java) {
        if (Double.isNaN(java)) {
            assertThat(bits).as("the canonical NaN").isEqualTo(D.canonicalNaN);
        } else {
            assertThat(bits).isEqualTo(Double.doubleToRawLongBits(java));
        }
    }

    private static void assertSameSingle(long bits, float java) {
        if (Float.isNaN(java)) {
            assertThat(bits).isEqualTo(S.canonicalNaN);
        } else {
            assertThat(bits).isEqualTo(Float.floatToRawIntBits(java) & 0xFFFFFFFFL);
        }
    }

    /** The exact value of an operation on finite operands, or null where BigDecimal cannot hold it. */
    private static BigDecimal exact(int op, double x, double y, double z) {
        BigDecimal a = new BigDecimal(x);
        BigDecimal b = new BigDecimal(y);
        return switch (op) {
            case 0 -> a.add(b);
            case 1 -> a.multiply(b);
            default -> a.multiply(b).add(new BigDecimal(z));
        };
    }

    @Property
    void modesAndFlagsMeanWhatIeeeSays(@ForAll("doubles") long a, @ForAll("doubles") long b,
                                       @ForAll("doubles") long c, @ForAll @IntRange(max = 2) int op) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double z = Double.longBitsToDouble(c);
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            return;
        }
        double[] r = new double[5];
        int[] flags = new int[5];
        for (int rm = 0; rm < 5; rm++) {
            FloatUnit u = unit(false);
            long bits = switch (op) {
                case 0 -> ExactFloat.add(D, a, b, rm, u);
                case 1 -> ExactFloat.mul(D, a, b, rm, u);
                default -> ExactFloat.fma(D, a, b, c, rm, u);
            };
            r[rm] = Double.longBitsToDouble(bits);
            flags[rm] = u.flags;
        }
        BigDecimal e = exact(op, x, y, z);
        for (int rm = 0; rm < 5; rm++) {
            boolean nx = (flags[rm] & FloatUnit.NX) != 0;
            boolean uf = (flags[rm] & FloatUnit.UF) != 0;
            boolean of = (flags[rm] & FloatUnit.OF) != 0;
            assertThat(flags[rm] & (FloatUnit.NV | FloatUnit.DZ)).as("no NV or DZ from finite operands").isZero();
            if (Double.isFinite(r[rm])) {
                assertThat(new BigDecimal(r[rm]).compareTo(e) == 0).as("exact iff NX clear, mode " + rm).isEqualTo(!nx);
            } else {
                assertThat(of).as("an infinite result from finite operands overflows").isTrue();
            }
            assertThat(!uf || nx).as("UF only with NX").isTrue();
            assertThat(!of || nx).as("OF only with NX").isTrue();
            double m = Math.abs(r[rm]);
            if (nx && m > 0 && m < Double.MIN_NORMAL) {
                assertThat(uf).as("a subnormal inexact result is tiny").isTrue();
            }
            if (m > Double.MIN_NORMAL) {
                assertThat(uf).as("a normal result above the threshold is not tiny").isFalse();
            }
        }
        double rne = r[FloatUnit.RNE];
        double rtz = r[FloatUnit.RTZ];
        double rdn = r[FloatUnit.RDN];
        double rup = r[FloatUnit.RUP];
        if (Double.isFinite(rdn) && Double.isFinite(rup)) {
            assertThat(new BigDecimal(rdn).compareTo(e)).isLessThanOrEqualTo(0);
            assertThat(new BigDecimal(rup).compareTo(e)).isGreaterThanOrEqualTo(0);
            if (rdn != rup) {
                assertThat(Math.nextUp(rdn)).as("RDN and RUP are neighbours").isEqualTo(rup);
            }
        }
        if (e.signum() > 0) {
            assertThat(rtz).isEqualTo(rdn);
        } else if (e.signum() < 0) {
            assertThat(rtz).isEqualTo(rup);
        }
        if (Double.isFinite(rne) && rne != rdn && rne != rup) {
            throw new AssertionError("RNE is neither neighbour");
        }
        if (Double.isFinite(rdn) && Double.isFinite(rup) && rdn != rup) {
            BigDecimal mid = new BigDecimal(rdn).add(new BigDecimal(rup)).divide(BigDecimal.valueOf(2));
            int side = e.compareTo(mid);
            double nearest = side < 0 ? rdn : side > 0 ? rup : Double.NaN;
            if (side != 0) {
                assertThat(rne).isEqualTo(nearest);
                assertThat(r[FloatUnit.RMM]).isEqualTo(nearest);
            } else {
                assertThat(Math.abs(r[FloatUnit.RMM])).as("RMM: ties away from zero")
                        .isEqualTo(Math.max(Math.abs(rdn), Math.abs(rup)));
                assertThat(Double.doubleToRawLongBits(rne) & 1).as("RNE: ties to even").isZero();
            }
        }
    }

    // ---- 3. conversions to integers ----

    @Property
    void floatToIntegerMatchesTheTable(@ForAll("doubles") long bits, @ForAll @IntRange(max = 3) int kind,
                                       @ForAll @IntRange(max = 4) int rm) {
        double v = Double.longBitsToDouble(bits);
        FloatUnit u = unit(false);
        long got = Conversions.toInteger(u, v, Double.isNaN(v), kind, rm);
        BigDecimal min = switch (kind) {
            case Conversions.W -> BigDecimal.valueOf(Integer.MIN_VALUE);
            case Conversions.L -> BigDecimal.valueOf(Long.MIN_VALUE);
            default -> BigDecimal.ZERO;
        };
        BigDecimal max = switch (kind) {
            case Conversions.W -> BigDecimal.valueOf(Integer.MAX_VALUE);
            case Conversions.WU -> BigDecimal.valueOf(0xFFFFFFFFL);
            case Conversions.L -> BigDecimal.valueOf(Long.MAX_VALUE);
            default -> new BigDecimal("18446744073709551615");
        };
        BigDecimal expected;
        int flags;
        if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
            expected = max;
            flags = FloatUnit.NV;
        } else if (v == Double.NEGATIVE_INFINITY) {
            expected = min;
            flags = FloatUnit.NV;
        } else {
            BigDecimal exact = new BigDecimal(v);
            RoundingMode mode = switch (rm) {
                case FloatUnit.RNE -> RoundingMode.HALF_EVEN;
                case FloatUnit.RTZ -> RoundingMode.DOWN;
                case FloatUnit.RDN -> RoundingMode.FLOOR;
                case FloatUnit.RUP -> RoundingMode.CEILING;
                default -> RoundingMode.HALF_UP;
            };
            BigDecimal rounded = exact.setScale(0, mode);
            if (rounded.compareTo(min) < 0) {
                expected = min;
                flags = FloatUnit.NV;
            } else if (rounded.compareTo(max) > 0) {
                expected = max;
                flags = FloatUnit.NV;
            } else {
                expected = rounded;
                flags = rounded.compareTo(exact) != 0 ? FloatUnit.NX : 0;
            }
        }
        long want = expected.toBigInteger().longValue(); // two's complement low 64 bits
        if (kind <= Conversions.WU) {
            want = (int) want; // 32-bit results are sign-extended
        }
        assertThat(got).isEqualTo(want);
        assertThat(u.flags).isEqualTo(flags);
    }
}
