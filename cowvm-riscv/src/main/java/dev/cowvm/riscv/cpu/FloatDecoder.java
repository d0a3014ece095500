package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.Op.SINK;

/**
 * Decodes the OP-FP major opcode (F and D computational instructions other than the fused
 * multiply-adds). The single and double operations are numbered in the same order in
 * {@link Op}, so one table serves both formats: the operation is the format's first
 * operation plus the position below.
 *
 * <p>Every decoded F/D operation keeps the instruction's bits as its immediate: the unit
 * reads the rounding mode (bits 14:12) and rs3 (bits 31:27) from them, and an illegal
 * dynamic rounding mode reports them as {@code stval}.
 */
final class FloatDecoder {
    private FloatDecoder() {
    }

    /** Whether an rm field may appear in an instruction: 5 and 6 are reserved. */
    static boolean validRoundingMode(int rm) {
        return rm != 5 && rm != 6;
    }

    static long opFp(int insn, int rd, int f3, int rs1, int rs2, int f7) {
        int fmt = f7 & 3;
        if (fmt > 1) {
            return Decoder.illegal(insn);
        }
        int base = fmt == 0 ? Op.FADD_S : Op.FADD_D;
        boolean rmOk = validRoundingMode(f3);
        int k;      // position of the operation after FADD in Op's order
        boolean intRd = false;
        switch (f7 >>> 2) {
            case 0x00, 0x01, 0x02, 0x03 -> k = rmOk ? (f7 >>> 2) : -1;
            case 0x0B -> k = rmOk && rs2 == 0 ? Op.FSQRT_S - Op.FADD_S : -1;
            case 0x04 -> k = f3 <= 2 ? Op.FSGNJ_S - Op.FADD_S + f3 : -1;
            case 0x05 -> k = f3 <= 1 ? Op.FMIN_S - Op.FADD_S + f3 : -1;
            case 0x08 -> k = rmOk && rs2 == 1 - fmt ? Op.FCVT_S_D - Op.FADD_S : -1;
            case 0x14 -> {
                k = f3 == 2 ? Op.FEQ_S - Op.FADD_S : f3 == 1 ? Op.FLT_S - Op.FADD_S
                        : f3 == 0 ? Op.FLE_S - Op.FADD_S : -1;
                intRd = true;
            }
            case 0x18 -> {
                k = rmOk && rs2 <= 3 ? Op.FCVT_W_S - Op.FADD_S + rs2 : -1;
                intRd = true;
            }
            case 0x1A -> k = rmOk && rs2 <= 3 ? Op.FCVT_FROM_W_S - Op.FADD_S + rs2 : -1;
            case 0x1C -> {
                k = rs2 != 0 ? -1 : f3 == 0 ? Op.FMV_X_S - Op.FADD_S : f3 == 1 ? Op.FCLASS_S - Op.FADD_S : -1;
                intRd = true;
            }
            case 0x1E -> k = rs2 == 0 && f3 == 0 ? Op.FMV_F_S - Op.FADD_S : -1;
            default -> k = -1;
        }
        if (k < 0) {
            return Decoder.illegal(insn);
        }
        int dest = intRd ? (rd == 0 ? SINK : rd) : rd;
        return Op.pack(base + k, dest, rs1, rs2, 4, insn);
    }
}
