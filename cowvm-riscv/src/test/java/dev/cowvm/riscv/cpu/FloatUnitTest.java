package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unit's register rules: NaN-boxing, sign injection, min/max, comparisons, classes, rm. */
class FloatUnitTest {
    private final FloatUnit u = new FloatUnit();
    private final long[] x = new long[33];

    private static final long ONE_D = 0x3FF0000000000000L;
    private static final int ONE_S = 0x3F800000;
    private static final long CANONICAL_D = 0x7FF8000000000000L;

    private boolean exec(int insn) {
        return u.execute(Decoder.decode(insn), x);
    }

    @Test
    void anImproperlyBoxedSingleReadsAsTheCanonicalNaN() {
        u.f[1] = 0x000000003F800000L;      // a single without its box
        u.f[2] = FloatUnit.box(ONE_S);
        exec(Asm.opFp(0, 0, 3, 1, 2, 0));   // fadd.s f3, f1, f2
        assertThat(u.f[3]).isEqualTo(0xFFFFFFFF7FC00000L);
        assertThat(u.flags).as("a quiet NaN raises nothing").isZero();
        exec(Asm.opFp(0x1C, 0, 5, 1, 0, 1)); // fclass.s x5, f1
        assertThat(x[5]).isEqualTo(1 << 9);
        u.f[1] = 0xFFFFFFFE3F800000L;       // one upper bit clear is still not boxed
        exec(Asm.opFp(0x1C, 0, 5, 1, 0, 1));
        assertThat(x[5]).isEqualTo(1 << 9);
    }

    @Test
    void transfersIgnoreTheBox() {
        u.f[1] = 0x12345678BF800000L;
        exec(Asm.opFp(0x1C, 0, 5, 1, 0, 0)); // fmv.x.w x5, f1
        assertThat(x[5]).isEqualTo(0xFFFFFFFFBF800000L);
        x[6] = 0x123456783F800000L;
        exec(Asm.opFp(0x1E, 0, 2, 6, 0, 0)); // fmv.w.x f2, x6
        assertThat(u.f[2]).isEqualTo(0xFFFFFFFF3F800000L);
        x[6] = 0x7FF4000000000001L;
        exec(Asm.opFp(0x1E, 1, 3, 6, 0, 0)); // fmv.d.x keeps a signaling NaN
        assertThat(u.f[3]).isEqualTo(0x7FF4000000000001L);
        assertThat(u.flags).isZero();
    }

    @Test
    void signInjectionOnSinglesUnboxesAndBoxes() {
        u.f[1] = 0x00000000FFFFFFFFL;        // not boxed: reads as 0x7fc00000
        u.f[2] = FloatUnit.box(0xBF800000);
        exec(Asm.opFp(4, 0, 3, 1, 2, 0));    // fsgnj.s f3, f1, f2
        assertThat(u.f[3]).isEqualTo(0xFFFFFFFFFFC00000L);
        exec(Asm.opFp(4, 0, 3, 2, 2, 2));    // fsgnjx.s: abs
        assertThat(u.f[3]).isEqualTo(FloatUnit.box(ONE_S));
        exec(Asm.opFp(4, 0, 3, 2, 2, 1));    // fsgnjn.s: neg
        assertThat(u.f[3]).isEqualTo(FloatUnit.box(ONE_S));
    }

    @Test
    void signInjectionOnDoublesKeepsNaNPayloads() {
        u.f[1] = 0x7FF0000000000001L;
        u.f[2] = 0x8000000000000000L;
        exec(Asm.opFp(4, 1, 3, 1, 2, 0));
        assertThat(u.f[3]).isEqualTo(0xFFF0000000000001L);
        assertThat(u.flags).isZero();
    }

    @Test
    void minAndMaxFollowMinimumNumber() {
        FloatFormat d = FloatFormat.DOUBLE;
        assertThat(u.minMax(d, 0x8000000000000000L, 0, false)).isEqualTo(0x8000000000000000L);
        assertThat(u.minMax(d, 0, 0x8000000000000000L, true)).isZero();
        assertThat(u.minMax(d, CANONICAL_D, ONE_D, false)).isEqualTo(ONE_D);
        assertThat(u.flags).isZero();
        assertThat(u.minMax(d, 0x7FF0000000000001L, ONE_D, true)).isEqualTo(ONE_D);
        assertThat(u.flags).isEqualTo(FloatUnit.NV);
        u.flags = 0;
        assertThat(u.minMax(d, 0x7FF8000000000123L, 0xFFF8000000000000L, true)).isEqualTo(CANONICAL_D);
        assertThat(u.flags).isZero();
        assertThat(u.minMax(d, 0xFFF0000000000000L, 0x7FEFFFFFFFFFFFFFL, false)).isEqualTo(0xFFF0000000000000L);
        assertThat(u.minMax(d, Double.doubleToRawLongBits(-2.0), Double.doubleToRawLongBits(-3.0), true))
                .isEqualTo(Double.doubleToRawLongBits(-2.0));
    }

    @Test
    void comparisonsAreQuietOrSignaling() {
        FloatFormat d = FloatFormat.DOUBLE;
        assertThat(u.compare(d, 0, CANONICAL_D, ONE_D)).isZero();
        assertThat(u.flags).as("feq with a quiet NaN").isZero();
        assertThat(u.compare(d, 1, CANONICAL_D, ONE_D)).isZero();
        assertThat(u.flags).as("flt with a quiet NaN").isEqualTo(FloatUnit.NV);
        u.flags = 0;
        assertThat(u.compare(d, 0, 0x7FF0000000000001L, 0x7FF0000000000001L)).isZero();
        assertThat(u.flags).as("feq with a signaling NaN").isEqualTo(FloatUnit.NV);
        u.flags = 0;
        assertThat(u.compare(d, 0, 0x8000000000000000L, 0)).isEqualTo(1);
        assertThat(u.compare(d, 1, 0x8000000000000000L, 0)).isZero();
        assertThat(u.compare(d, 2, 0, 0x8000000000000000L)).isEqualTo(1);
        assertThat(u.compare(d, 1, Double.doubleToRawLongBits(-2.0), Double.doubleToRawLongBits(-1.0))).isEqualTo(1);
        assertThat(u.compare(d, 2, 0x7FF0000000000000L, 0x7FEFFFFFFFFFFFFFL)).isZero();
        assertThat(u.flags).isZero();
    }

    @Test
    void classifyHasOneBitPerClass() {
        FloatFormat s = FloatFormat.SINGLE;
        long[] values = {0xFF800000L, 0xBF800000L, 0x807FFFFFL, 0x80000000L, 0, 1, 0x3F800000L, 0x7F800000L,
            0x7F800001L, 0x7FC00000L};
        for (int i = 0; i < values.length; i++) {
            assertThat(FloatUnit.classify(s, values[i])).as("class of 0x%x", values[i]).isEqualTo(1L << i);
        }
    }

    @Test
    void dynamicRoundingUsesFrmAndAReservedFrmIsIllegal() {
        u.f[1] = ONE_D;
        u.f[2] = Double.doubleToRawLongBits(0x1p-53);
        u.frm = FloatUnit.RUP;
        assertThat(exec(Asm.opFp(0, 1, 3, 1, 2, 7))).isTrue();
        assertThat(u.f[3]).isEqualTo(ONE_D + 1);
        for (int bad = 5; bad <= 7; bad++) {
            u.frm = bad;
            assertThat(exec(Asm.opFp(0, 1, 3, 1, 2, 7))).as("frm " + bad).isFalse();
            // A static mode does not look at frm.
            assertThat(exec(Asm.opFp(0, 1, 3, 1, 2, 0))).isTrue();
            // Neither do operations without a rounding mode.
            assertThat(exec(Asm.opFp(4, 1, 3, 1, 2, 0))).isTrue();
        }
    }

    @Test
    void fusedMultiplyAddNegations() {
        u.f[1] = Double.doubleToRawLongBits(2.0);
        u.f[2] = Double.doubleToRawLongBits(3.0);
        u.f[3] = Double.doubleToRawLongBits(1.0);
        double[] want = {7.0, 5.0, -5.0, -7.0}; // fmadd, fmsub, fnmsub, fnmadd
        for (int which = 0; which < 4; which++) {
            exec(Asm.fma(which, 1, 4, 1, 2, 3, 0));
            assertThat(Double.longBitsToDouble(u.f[4])).isEqualTo(want[which]);
            u.f[11] = FloatUnit.box(Float.floatToRawIntBits(2f));
            u.f[12] = FloatUnit.box(Float.floatToRawIntBits(3f));
            u.f[13] = FloatUnit.box(Float.floatToRawIntBits(1f));
            exec(Asm.fma(which, 0, 14, 11, 12, 13, 0));
            assertThat(Float.intBitsToFloat(FloatUnit.unbox(u.f[14]))).isEqualTo((float) want[which]);
        }
        assertThat(u.flags).isZero();
    }

    @Test
    void conversionsBetweenFormats() {
        u.f[1] = FloatUnit.box(0x7F800001);  // signaling single
        exec(Asm.opFp(8, 1, 2, 1, 0, 0));     // fcvt.d.s
        assertThat(u.f[2]).isEqualTo(CANONICAL_D);
        assertThat(u.flags).isEqualTo(FloatUnit.NV);
        u.flags = 0;
        u.f[1] = Double.doubleToRawLongBits(1e40);
        exec(Asm.opFp(8, 0, 2, 1, 1, 1));     // fcvt.s.d, rtz
        assertThat(u.f[2]).isEqualTo(FloatUnit.box(0x7F7FFFFF));
        assertThat(u.flags).isEqualTo(FloatUnit.OF | FloatUnit.NX);
    }

    @Test
    void integerResultsToX0AreDropped() {
        u.f[1] = ONE_D;
        exec(Asm.opFp(0x14, 1, 0, 1, 1, 2));  // feq.d x0
        exec(Asm.opFp(0x18, 1, 0, 1, 0, 1));  // fcvt.w.d x0
        assertThat(x[0]).isZero();
        assertThat(x[Op.SINK]).isEqualTo(1);
    }
}
