package dev.cowvm.riscv.cpu;

/**
 * The F and D extensions' state and computational instructions: registers f0–f31, the
 * accrued flags and the dynamic rounding mode of {@code fcsr}.
 *
 * <h2>Registers and NaN-boxing</h2>
 * Each register is 64 bits ({@code long[] f}). A single lives in the low 32 bits with the
 * upper 32 all ones (D extension, "NaN Boxing of Narrower Values"); a single-precision
 * operation that reads a register whose upper half is not all ones sees the canonical NaN
 * {@code 0x7fc00000} instead. Transfers (FLW/FSW, FMV.X.W/FMV.W.X) move bits unchecked:
 * FLW and FMV.W.X box, FSW and FMV.X.W take the low 32 bits.
 *
 * <h2>Flags and rounding modes</h2>
 * {@link #flags} holds NX, UF, OF, DZ and NV (bits 0–4, the layout of {@code fflags});
 * {@link #frm} the dynamic mode. An instruction's rm field 7 (DYN) selects {@code frm};
 * if that is 5, 6 or 7 the instruction is illegal (the specification reserves it, and
 * raising an illegal-instruction exception is the behaviour it names as valid).
 * Arithmetic goes through {@link Arith32} and {@link Arith64} (fast paths for RNE) and
 * {@link ExactFloat} (every other case); comparisons, sign injection, classification,
 * minimum and maximum are done on the bits here.
 */
final class FloatUnit {
    /** Inexact. */
    static final int NX = 1;
    /** Underflow. */
    static final int UF = 2;
    /** Overflow. */
    static final int OF = 4;
    /** Divide by zero. */
    static final int DZ = 8;
    /** Invalid operation. */
    static final int NV = 16;

    /** Round to nearest, ties to even. */
    static final int RNE = 0;
    /** Round towards zero. */
    static final int RTZ = 1;
    /** Round down, towards −∞. */
    static final int RDN = 2;
    /** Round up, towards +∞. */
    static final int RUP = 3;
    /** Round to nearest, ties to max magnitude. */
    static final int RMM = 4;
    /** In an instruction: use {@code frm}. */
    static final int DYN = 7;

    /** The upper half of a properly boxed single. */
    static final long BOX = 0xFFFFFFFF00000000L;
    static final int CANONICAL_NAN_S = 0x7fc00000;

    private static final FloatFormat S = FloatFormat.SINGLE;
    private static final FloatFormat D = FloatFormat.DOUBLE;

    /** f0–f31, raw bits. */
    final long[] f = new long[32];
    /** Accrued exception flags, fflags' layout. */
    int flags;
    /** Dynamic rounding mode, 0–7 (5–7 make DYN instructions illegal). */
    int frm;

    /** A single's bits NaN-boxed into a register value. */
    static long box(int single) {
        return BOX | (single & 0xFFFFFFFFL);
    }

    /** The single a register holds: its low half if properly boxed, else the canonical NaN. */
    static int unbox(long register) {
        return (register & BOX) == BOX ? (int) register : CANONICAL_NAN_S;
    }

    /**
     * Executes one F/D computational instruction (an operation at or after {@link Op#FP_FIRST}).
     *
     * @param d the decoded instruction
     * @param x the integer registers (with the sink slot)
     * @return false if the instruction is illegal because DYN found a reserved {@code frm}
     */
    boolean execute(long d, long[] x) {
        int insn = Op.imm(d);
        int rm = (insn >>> 12) & 7;
        if (rm == DYN) {
            // Operations without an rm field never have 7 in these bits.
            rm = frm;
            if (rm > RMM) {
                return false;
            }
        }
        int rd = Op.rd(d);
        int rs1 = Op.rs1(d);
        int rs2 = Op.rs2(d);
        long[] f = this.f;
        int op = Op.op(d);
        if (op < Op.FADD_D) {
            single(op, insn, rd, rs1, rs2, rm, f, x);
        } else {
            dbl(op, insn, rd, rs1, rs2, rm, f, x);
        }
        return true;
    }

    private void single(int op, int insn, int rd, int rs1, int rs2, int rm, long[] f, long[] x) {
        switch (op) {
            case Op.FADD_S -> f[rd] = box(Arith32.add(this, unbox(f[rs1]), unbox(f[rs2]), rm));
            case Op.FSUB_S -> f[rd] = box(Arith32.sub(this, unbox(f[rs1]), unbox(f[rs2]), rm));
            case Op.FMUL_S -> f[rd] = box(Arith32.mul(this, unbox(f[rs1]), unbox(f[rs2]), rm));
            case Op.FDIV_S -> f[rd] = box(Arith32.div(this, unbox(f[rs1]), unbox(f[rs2]), rm));
            case Op.FSQRT_S -> f[rd] = box(Arith32.sqrt(this, unbox(f[rs1]), rm));
            case Op.FSGNJ_S -> f[rd] = box(unbox(f[rs1]) & 0x7FFFFFFF | unbox(f[rs2]) & 0x80000000);
            case Op.FSGNJN_S -> f[rd] = box(unbox(f[rs1]) & 0x7FFFFFFF | ~unbox(f[rs2]) & 0x80000000);
            case Op.FSGNJX_S -> f[rd] = box(unbox(f[rs1]) ^ unbox(f[rs2]) & 0x80000000);
            case Op.FMIN_S -> f[rd] = box((int) minMax(S, unbox(f[rs1]) & 0xFFFFFFFFL, unbox(f[rs2]) & 0xFFFFFFFFL, false));
            case Op.FMAX_S -> f[rd] = box((int) minMax(S, unbox(f[rs1]) & 0xFFFFFFFFL, unbox(f[rs2]) & 0xFFFFFFFFL, true));
            case Op.FEQ_S, Op.FLT_S, Op.FLE_S ->
                    x[rd] = compare(S, op - Op.FEQ_S, unbox(f[rs1]) & 0xFFFFFFFFL, unbox(f[rs2]) & 0xFFFFFFFFL);
            case Op.FCLASS_S -> x[rd] = classify(S, unbox(f[rs1]) & 0xFFFFFFFFL);
            case Op.FMADD_S, Op.FMSUB_S, Op.FNMSUB_S, Op.FNMADD_S -> {
                int k = op - Op.FMADD_S;
                int a = unbox(f[rs1]);
                int c = unbox(f[insn >>> 27]);
                a ^= (k & 2) != 0 ? 0x80000000 : 0;         // fnmsub, fnmadd: −(a·b)
                c ^= k == 1 || k == 3 ? 0x80000000 : 0;     // fmsub, fnmadd: − c
                f[rd] = box(Arith32.fma(this, a, unbox(f[rs2]), c, rm));
            }
            case Op.FCVT_W_S, Op.FCVT_WU_S, Op.FCVT_L_S, Op.FCVT_LU_S ->
                    x[rd] = Conversions.singleToInteger(this, unbox(f[rs1]), op - Op.FCVT_W_S, rm);
            case Op.FCVT_FROM_W_S, Op.FCVT_FROM_WU_S, Op.FCVT_FROM_L_S, Op.FCVT_FROM_LU_S ->
                    f[rd] = box(Conversions.toSingle(this, x[rs1], op - Op.FCVT_FROM_W_S, rm));
            case Op.FMV_X_S -> x[rd] = (int) f[rs1];
            case Op.FMV_F_S -> f[rd] = box((int) x[rs1]);
            case Op.FCVT_S_D -> f[rd] = box(Conversions.doubleToSingle(this, f[rs1], rm));
            default -> throw new IllegalStateException("not a single-precision operation: " + Op.name(op));
        }
    }

    private void dbl(int op, int insn, int rd, int rs1, int rs2, int rm, long[] f, long[] x) {
        switch (op) {
            case Op.FADD_D -> f[rd] = Arith64.add(this, f[rs1], f[rs2], rm);
            case Op.FSUB_D -> f[rd] = Arith64.sub(this, f[rs1], f[rs2], rm);
            case Op.FMUL_D -> f[rd] = Arith64.mul(this, f[rs1], f[rs2], rm);
            case Op.FDIV_D -> f[rd] = Arith64.div(this, f[rs1], f[rs2], rm);
            case Op.FSQRT_D -> f[rd] = Arith64.sqrt(this, f[rs1], rm);
            case Op.FSGNJ_D -> f[rd] = f[rs1] & Long.MAX_VALUE | f[rs2] & Long.MIN_VALUE;
            case Op.FSGNJN_D -> f[rd] = f[rs1] & Long.MAX_VALUE | ~f[rs2] & Long.MIN_VALUE;
            case Op.FSGNJX_D -> f[rd] = f[rs1] ^ f[rs2] & Long.MIN_VALUE;
            case Op.FMIN_D -> f[rd] = minMax(D, f[rs1], f[rs2], false);
            case Op.FMAX_D -> f[rd] = minMax(D, f[rs1], f[rs2], true);
            case Op.FEQ_D, Op.FLT_D, Op.FLE_D -> x[rd] = compare(D, op - Op.FEQ_D, f[rs1], f[rs2]);
            case Op.FCLASS_D -> x[rd] = classify(D, f[rs1]);
            case Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D -> {
                int k = op - Op.FMADD_D;
                long a = f[rs1];
                long c = f[insn >>> 27];
                a ^= (k & 2) != 0 ? Long.MIN_VALUE : 0;
                c ^= k == 1 || k == 3 ? Long.MIN_VALUE : 0;
                f[rd] = Arith64.fma(this, a, f[rs2], c, rm);
            }
            case Op.FCVT_W_D, Op.FCVT_WU_D, Op.FCVT_L_D, Op.FCVT_LU_D ->
                    x[rd] = Conversions.doubleToInteger(this, f[rs1], op - Op.FCVT_W_D, rm);
            case Op.FCVT_FROM_W_D, Op.FCVT_FROM_WU_D, Op.FCVT_FROM_L_D, Op.FCVT_FROM_LU_D ->
                    f[rd] = Conversions.toDouble(this, x[rs1], op - Op.FCVT_FROM_W_D, rm);
            case Op.FMV_X_D -> x[rd] = f[rs1];
            case Op.FMV_F_D -> f[rd] = x[rs1];
            case Op.FCVT_D_S -> f[rd] = Conversions.singleToDouble(this, unbox(f[rs1]));
            default -> throw new IllegalStateException("not a double-precision operation: " + Op.name(op));
        }
    }

    /**
     * FMIN/FMAX as amended in F 2.2 (IEEE 754-2019 minimumNumber/maximumNumber): −0 is less
     * than +0; a NaN operand yields the other operand, two NaNs the canonical NaN; a
     * signaling NaN raises NV even when the result is a number.
     */
    long minMax(FloatFormat fmt, long a, long b, boolean max) {
        if (fmt.isSignalingNaN(a) || fmt.isSignalingNaN(b)) {
            flags |= NV;
        }
        boolean nanA = fmt.isNaN(a);
        boolean nanB = fmt.isNaN(b);
        if (nanA && nanB) {
            return fmt.canonicalNaN;
        }
        if (nanA) {
            return b;
        }
        if (nanB) {
            return a;
        }
        boolean aFirst = order(fmt, a) <= order(fmt, b);
        return aFirst != max ? a : b;
    }

    /** A key that orders non-NaN values numerically, with −0 just below +0. */
    private static long order(FloatFormat fmt, long bits) {
        long magnitude = bits & ~fmt.signMask;
        return fmt.isNegative(bits) ? -magnitude - 1 : magnitude;
    }

    /**
     * FEQ (quiet: NV only for a signaling NaN), FLT and FLE (signaling: NV for any NaN).
     * A comparison with a NaN is false, written as 0.
     *
     * @param kind 0 FEQ, 1 FLT, 2 FLE
     */
    long compare(FloatFormat fmt, int kind, long a, long b) {
        if (fmt.isNaN(a) || fmt.isNaN(b)) {
            if (kind != 0 || fmt.isSignalingNaN(a) || fmt.isSignalingNaN(b)) {
                flags |= NV;
            }
            return 0;
        }
        if (fmt.isZero(a) && fmt.isZero(b)) {
            return kind == 1 ? 0 : 1; // −0 == +0
        }
        long ka = order(fmt, a);
        long kb = order(fmt, b);
        boolean r = switch (kind) {
            case 0 -> ka == kb;
            case 1 -> ka < kb;
            default -> ka <= kb;
        };
        return r ? 1 : 0;
    }

    /** FCLASS: one bit of ten, in the order of the F extension's table. */
    static long classify(FloatFormat fmt, long bits) {
        boolean negative = fmt.isNegative(bits);
        int bit;
        if (fmt.isInfinite(bits)) {
            bit = negative ? 0 : 7;
        } else if (fmt.isNaN(bits)) {
            bit = fmt.isSignalingNaN(bits) ? 8 : 9;
        } else if (fmt.isZero(bits)) {
            bit = negative ? 3 : 4;
        } else if (fmt.biasedExponent(bits) == 0) {
            bit = negative ? 2 : 5;
        } else {
            bit = negative ? 1 : 6;
        }
        return 1L << bit;
    }
}
