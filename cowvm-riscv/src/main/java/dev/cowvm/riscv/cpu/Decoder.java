package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.Op.SINK;

/**
 * Turns instruction bits into the packed form of {@link Op}: once per instruction slot,
 * after which the interpreter only reads fields.
 *
 * <p>Everything the interpreter would otherwise redo on every execution is done here: the
 * immediate is assembled and sign-extended, a compressed instruction becomes the 32-bit
 * operation it expands to, an integer destination x0 becomes {@link Op#SINK}, and every
 * encoding the specification reserves becomes {@link Op#ILLEGAL} carrying the bits for
 * {@code stval}. A reserved static rounding mode (5 or 6) is illegal here; the dynamic mode
 * (7) is checked against {@code frm} when the instruction executes.
 *
 * <p>Encodings follow the RISC-V unprivileged specification: the base opcode map and the
 * instruction listings of RV32/64I, M, A, F, D, Zicsr and Zifencei, and the RVC quadrant
 * tables for C (HINTs decode to their harmless base instruction, as the specification
 * intends; reserved encodings, including the all-zero parcel, are illegal).
 */
final class Decoder {
    private Decoder() {
    }

    /** Whether a parcel starts a 32-bit instruction (its low two bits are 11). */
    static boolean isWide(int parcel) {
        return (parcel & 3) == 3;
    }

    private static long pack(int op, int rd, int rs1, int rs2, int imm) {
        return Op.pack(op, rd, rs1, rs2, 4, imm);
    }

    private static int xd(int rd) {
        return rd == 0 ? SINK : rd;
    }

    /** An illegal 32-bit instruction, carrying its bits. */
    static long illegal(int insn) {
        return Op.pack(Op.ILLEGAL, 0, 0, 0, 4, insn);
    }

    /**
     * Decodes a 32-bit instruction.
     *
     * @param insn the instruction; its low two bits are 11
     * @return the packed decoded form
     */
    static long decode(int insn) {
        int rd = (insn >>> 7) & 31;
        int f3 = (insn >>> 12) & 7;
        int rs1 = (insn >>> 15) & 31;
        int rs2 = (insn >>> 20) & 31;
        int f7 = insn >>> 25;
        int immI = insn >> 20;
        switch (insn & 0x7F) {
            case 0x37:
                return pack(Op.LUI, xd(rd), 0, 0, insn & 0xFFFFF000);
            case 0x17:
                return pack(Op.AUIPC, xd(rd), 0, 0, insn & 0xFFFFF000);
            case 0x6F: {
                int imm = (insn >> 31) << 20 | ((insn >>> 12) & 0xFF) << 12
                        | ((insn >>> 20) & 1) << 11 | ((insn >>> 21) & 0x3FF) << 1;
                return pack(Op.JAL, xd(rd), 0, 0, imm);
            }
            case 0x67:
                return f3 == 0 ? pack(Op.JALR, xd(rd), rs1, 0, immI) : illegal(insn);
            case 0x63: {
                int imm = (insn >> 31) << 12 | ((insn >>> 7) & 1) << 11
                        | ((insn >>> 25) & 0x3F) << 5 | ((insn >>> 8) & 0xF) << 1;
                int op = switch (f3) {
                    case 0 -> Op.BEQ;
                    case 1 -> Op.BNE;
                    case 4 -> Op.BLT;
                    case 5 -> Op.BGE;
                    case 6 -> Op.BLTU;
                    case 7 -> Op.BGEU;
                    default -> -1;
                };
                return op < 0 ? illegal(insn) : pack(op, 0, rs1, rs2, imm);
            }
            case 0x03: {
                int op = switch (f3) {
                    case 0 -> Op.LB;
                    case 1 -> Op.LH;
                    case 2 -> Op.LW;
                    case 3 -> Op.LD;
                    case 4 -> Op.LBU;
                    case 5 -> Op.LHU;
                    case 6 -> Op.LWU;
                    default -> -1;
                };
                return op < 0 ? illegal(insn) : pack(op, xd(rd), rs1, 0, immI);
            }
            case 0x23: {
                int imm = (insn >> 25) << 5 | rd;
                int op = switch (f3) {
                    case 0 -> Op.SB;
                    case 1 -> Op.SH;
                    case 2 -> Op.SW;
                    case 3 -> Op.SD;
                    default -> -1;
                };
                return op < 0 ? illegal(insn) : pack(op, 0, rs1, rs2, imm);
            }
            case 0x13:
                return opImm(insn, rd, f3, rs1, immI);
            case 0x1B:
                return opImm32(insn, rd, f3, rs1, f7);
            case 0x33:
                return op(insn, rd, f3, rs1, rs2, f7);
            case 0x3B:
                return op32(insn, rd, f3, rs1, rs2, f7);
            case 0x0F:
                // FENCE (any predecessor/successor sets and fm) and FENCE.I; other funct3 are reserved.
                return switch (f3) {
                    case 0 -> pack(Op.FENCE, SINK, 0, 0, 0);
                    case 1 -> pack(Op.FENCE_I, SINK, 0, 0, 0);
                    default -> illegal(insn);
                };
            case 0x73:
                return system(insn, rd, f3, rs1);
            case 0x2F:
                return atomic(insn, rd, f3, rs1, rs2);
            case 0x07:
                return switch (f3) {
                    case 2 -> pack(Op.FLW, rd, rs1, 0, immI);
                    case 3 -> pack(Op.FLD, rd, rs1, 0, immI);
                    default -> illegal(insn);
                };
            case 0x27: {
                int imm = (insn >> 25) << 5 | rd;
                return switch (f3) {
                    case 2 -> pack(Op.FSW, 0, rs1, rs2, imm);
                    case 3 -> pack(Op.FSD, 0, rs1, rs2, imm);
                    default -> illegal(insn);
                };
            }
            case 0x43:
            case 0x47:
            case 0x4B:
            case 0x4F:
                return fusedMultiplyAdd(insn, rd, f3, rs1, rs2);
            case 0x53:
                return FloatDecoder.opFp(insn, rd, f3, rs1, rs2, f7);
            default:
                return illegal(insn);
        }
    }

    private static long opImm(int insn, int rd, int f3, int rs1, int imm) {
        int shamt = imm & 63;
        int f6 = insn >>> 26;
        int op = switch (f3) {
            case 0 -> Op.ADDI;
            case 1 -> f6 == 0 ? Op.SLLI : -1;
            case 2 -> Op.SLTI;
            case 3 -> Op.SLTIU;
            case 4 -> Op.XORI;
            case 5 -> f6 == 0 ? Op.SRLI : f6 == 0x10 ? Op.SRAI : -1;
            case 6 -> Op.ORI;
            default -> Op.ANDI;
        };
        if (op < 0) {
            return illegal(insn);
        }
        return pack(op, xd(rd), rs1, 0, f3 == 1 || f3 == 5 ? shamt : imm);
    }

    private static long opImm32(int insn, int rd, int f3, int rs1, int f7) {
        int shamt = (insn >>> 20) & 31;
        return switch (f3) {
            case 0 -> pack(Op.ADDIW, xd(rd), rs1, 0, insn >> 20);
            // RV64: a W shift with shamt[5] set (so funct7 bit 0) is reserved.
            case 1 -> f7 == 0 ? pack(Op.SLLIW, xd(rd), rs1, 0, shamt) : illegal(insn);
            case 5 -> f7 == 0 ? pack(Op.SRLIW, xd(rd), rs1, 0, shamt)
                    : f7 == 0x20 ? pack(Op.SRAIW, xd(rd), rs1, 0, shamt) : illegal(insn);
            default -> illegal(insn);
        };
    }

    private static final int[] OP_BASE = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
    private static final int[] OP_MUL = {Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU};

    private static long op(int insn, int rd, int f3, int rs1, int rs2, int f7) {
        int op = switch (f7) {
            case 0 -> OP_BASE[f3];
            case 1 -> OP_MUL[f3];
            case 0x20 -> f3 == 0 ? Op.SUB : f3 == 5 ? Op.SRA : -1;
            default -> -1;
        };
        return op < 0 ? illegal(insn) : pack(op, xd(rd), rs1, rs2, 0);
    }

    private static long op32(int insn, int rd, int f3, int rs1, int rs2, int f7) {
        int op = switch (f7) {
            case 0 -> f3 == 0 ? Op.ADDW : f3 == 1 ? Op.SLLW : f3 == 5 ? Op.SRLW : -1;
            case 0x20 -> f3 == 0 ? Op.SUBW : f3 == 5 ? Op.SRAW : -1;
            case 1 -> switch (f3) {
                case 0 -> Op.MULW;
                case 4 -> Op.DIVW;
                case 5 -> Op.DIVUW;
                case 6 -> Op.REMW;
                case 7 -> Op.REMUW;
                default -> -1;
            };
            default -> -1;
        };
        return op < 0 ? illegal(insn) : pack(op, xd(rd), rs1, rs2, 0);
    }

    private static long system(int insn, int rd, int f3, int rs1) {
        if (f3 == 0) {
            // Only ECALL and EBREAK exist in user mode; xRET, WFI and SFENCE.VMA are illegal here.
            if (insn == 0x00000073) {
                return pack(Op.ECALL, SINK, 0, 0, insn);
            }
            if (insn == 0x00100073) {
                return pack(Op.EBREAK, SINK, 0, 0, insn);
            }
            return illegal(insn);
        }
        int op = switch (f3) {
            case 1 -> Op.CSRRW;
            case 2 -> Op.CSRRS;
            case 3 -> Op.CSRRC;
            case 5 -> Op.CSRRWI;
            case 6 -> Op.CSRRSI;
            case 7 -> Op.CSRRCI;
            default -> -1;
        };
        // rd keeps 0 here (not SINK): CSRRW with rd = x0 must not read the CSR.
        return op < 0 ? illegal(insn) : pack(op, rd, rs1, 0, insn);
    }

    private static final int[] AMO_W = new int[32];
    private static final int[] AMO_D = new int[32];

    static {
        java.util.Arrays.fill(AMO_W, -1);
        java.util.Arrays.fill(AMO_D, -1);
        int[][] table = {
            {0x02, Op.LR_W, Op.LR_D}, {0x03, Op.SC_W, Op.SC_D}, {0x01, Op.AMOSWAP_W, Op.AMOSWAP_D},
            {0x00, Op.AMOADD_W, Op.AMOADD_D}, {0x04, Op.AMOXOR_W, Op.AMOXOR_D}, {0x0C, Op.AMOAND_W, Op.AMOAND_D},
            {0x08, Op.AMOOR_W, Op.AMOOR_D}, {0x10, Op.AMOMIN_W, Op.AMOMIN_D}, {0x14, Op.AMOMAX_W, Op.AMOMAX_D},
            {0x18, Op.AMOMINU_W, Op.AMOMINU_D}, {0x1C, Op.AMOMAXU_W, Op.AMOMAXU_D},
        };
        for (int[] row : table) {
            AMO_W[row[0]] = row[1];
            AMO_D[row[0]] = row[2];
        }
    }

    private static long atomic(int insn, int rd, int f3, int rs1, int rs2) {
        int f5 = insn >>> 27;
        int op = f3 == 2 ? AMO_W[f5] : f3 == 3 ? AMO_D[f5] : -1;
        if (op < 0 || (f5 == 0x02 && rs2 != 0)) {
            return illegal(insn);
        }
        return pack(op, xd(rd), rs1, rs2, 0);
    }

    private static long fusedMultiplyAdd(int insn, int rd, int f3, int rs1, int rs2) {
        int fmt = (insn >>> 25) & 3;
        if (fmt > 1 || !FloatDecoder.validRoundingMode(f3)) {
            return illegal(insn);
        }
        int which = ((insn & 0x7F) - 0x43) >> 2; // fmadd, fmsub, fnmsub, fnmadd
        int op = (fmt == 0 ? Op.FMADD_S : Op.FMADD_D) + which;
        return pack(op, rd, rs1, rs2, insn);
    }

    /**
     * Decodes a 16-bit compressed instruction into the operation it expands to.
     *
     * @param p the parcel, zero-extended; its low two bits are not 11
     * @return the packed decoded form, with length 2
     */
    static long decodeCompressed(int p) {
        long d = expand(p);
        return (d & ~(7L << 24)) | 2L << 24;
    }

    private static long illegal16(int p) {
        return Op.pack(Op.ILLEGAL, 0, 0, 0, 4, p);
    }

    /** The expansion with length 4; {@link #decodeCompressed} corrects the length. */
    private static long expand(int p) {
        int f3 = (p >>> 13) & 7;
        int rdp = ((p >>> 2) & 7) + 8;   // rd' / rs2'
        int rs1p = ((p >>> 7) & 7) + 8;  // rs1' / rd'
        int r = (p >>> 7) & 31;          // rd / rs1
        int rs2 = (p >>> 2) & 31;
        int imm6 = ((p << 19) >> 26 & ~31) | ((p >>> 2) & 31); // sign-extended imm[5] | imm[4:0]
        switch (p & 3) {
            case 0:
                switch (f3) {
                    case 0: {
                        int nzuimm = ((p >>> 7) & 0x30) | ((p >>> 1) & 0x3C0) | ((p >>> 4) & 4) | ((p >>> 2) & 8);
                        return nzuimm == 0 ? illegal16(p) : pack(Op.ADDI, rdp, 2, 0, nzuimm);
                    }
                    case 1:
                        return pack(Op.FLD, rdp, rs1p, 0, offsetD(p));
                    case 2:
                        return pack(Op.LW, rdp, rs1p, 0, offsetW(p));
                    case 3:
                        return pack(Op.LD, rdp, rs1p, 0, offsetD(p));
                    case 5:
                        return pack(Op.FSD, 0, rs1p, rdp, offsetD(p));
                    case 6:
                        return pack(Op.SW, 0, rs1p, rdp, offsetW(p));
                    case 7:
                        return pack(Op.SD, 0, rs1p, rdp, offsetD(p));
                    default:
                        return illegal16(p);
                }
            case 1:
                switch (f3) {
                    case 0:
                        return pack(Op.ADDI, xd(r), r, 0, imm6);
                    case 1:
                        return r == 0 ? illegal16(p) : pack(Op.ADDIW, r, r, 0, imm6);
                    case 2:
                        return pack(Op.ADDI, xd(r), 0, 0, imm6);
                    case 3:
                        if (r == 2) {
                            int imm = ((p << 19) >> 22 & ~0x1FF) | ((p >>> 2) & 0x10) | ((p << 1) & 0x40)
                                    | ((p << 4) & 0x180) | ((p << 3) & 0x20);
                            return imm == 0 ? illegal16(p) : pack(Op.ADDI, 2, 2, 0, imm);
                        }
                        return imm6 == 0 ? illegal16(p) : pack(Op.LUI, xd(r), 0, 0, imm6 << 12);
                    case 4:
                        return arithmetic(p, rs1p, rdp, imm6);
                    case 5:
                        return pack(Op.JAL, SINK, 0, 0, jumpOffset(p));
                    case 6:
                        return pack(Op.BEQ, 0, rs1p, 0, branchOffset(p));
                    default:
                        return pack(Op.BNE, 0, rs1p, 0, branchOffset(p));
                }
            default:
                switch (f3) {
                    case 0:
                        return pack(Op.SLLI, xd(r), r, 0, ((p >>> 7) & 0x20) | rs2);
                    case 1:
                        return pack(Op.FLD, r, 2, 0, offsetSpD(p));
                    case 2:
                        return r == 0 ? illegal16(p) : pack(Op.LW, r, 2, 0,
                                ((p >>> 7) & 0x20) | ((p >>> 2) & 0x1C) | ((p << 4) & 0xC0));
                    case 3:
                        return r == 0 ? illegal16(p) : pack(Op.LD, r, 2, 0, offsetSpD(p));
                    case 4:
                        if ((p & 0x1000) == 0) {
                            if (rs2 == 0) {
                                return r == 0 ? illegal16(p) : pack(Op.JALR, SINK, r, 0, 0);
                            }
                            return pack(Op.ADD, xd(r), 0, rs2, 0);
                        }
                        if (rs2 == 0) {
                            return r == 0 ? pack(Op.EBREAK, SINK, 0, 0, p) : pack(Op.JALR, 1, r, 0, 0);
                        }
                        return pack(Op.ADD, xd(r), r, rs2, 0);
                    case 5:
                        return pack(Op.FSD, 0, 2, rs2, ((p >>> 7) & 0x38) | ((p >>> 1) & 0x1C0));
                    case 6:
                        return pack(Op.SW, 0, 2, rs2, ((p >>> 7) & 0x3C) | ((p >>> 1) & 0xC0));
                    default:
                        return pack(Op.SD, 0, 2, rs2, ((p >>> 7) & 0x38) | ((p >>> 1) & 0x1C0));
                }
        }
    }

    /** Quadrant 1, funct3 100: shifts, andi and the register-register group. */
    private static long arithmetic(int p, int rd, int rs2, int imm6) {
        int shamt = ((p >>> 7) & 0x20) | ((p >>> 2) & 31);
        switch ((p >>> 10) & 3) {
            case 0:
                return pack(Op.SRLI, rd, rd, 0, shamt);
            case 1:
                return pack(Op.SRAI, rd, rd, 0, shamt);
            case 2:
                return pack(Op.ANDI, rd, rd, 0, imm6);
            default:
                int f2 = (p >>> 5) & 3;
                if ((p & 0x1000) == 0) {
                    int op = f2 == 0 ? Op.SUB : f2 == 1 ? Op.XOR : f2 == 2 ? Op.OR : Op.AND;
                    return pack(op, rd, rd, rs2, 0);
                }
                // C.SUBW and C.ADDW; the other two encodings are reserved.
                return f2 == 0 ? pack(Op.SUBW, rd, rd, rs2, 0)
                        : f2 == 1 ? pack(Op.ADDW, rd, rd, rs2, 0) : illegal16(p);
        }
    }

    /** C.LW/C.SW: uimm[5:3] in bits 12:10, uimm[2] in bit 6, uimm[6] in bit 5. */
    private static int offsetW(int p) {
        return ((p >>> 7) & 0x38) | ((p >>> 4) & 4) | ((p << 1) & 0x40);
    }

    /** C.LD/C.SD/C.FLD/C.FSD: uimm[5:3] in bits 12:10, uimm[7:6] in bits 6:5. */
    private static int offsetD(int p) {
        return ((p >>> 7) & 0x38) | ((p << 1) & 0xC0);
    }

    /** C.LDSP/C.FLDSP: uimm[5] in bit 12, uimm[4:3] in bits 6:5, uimm[8:6] in bits 4:2. */
    private static int offsetSpD(int p) {
        return ((p >>> 7) & 0x20) | ((p >>> 2) & 0x18) | ((p << 4) & 0x1C0);
    }

    /** C.J: imm[11|4|9:8|10|6|7|3:1|5] in bits 12:2. */
    private static int jumpOffset(int p) {
        int imm = ((p >>> 1) & 0x800) | ((p >>> 7) & 0x10) | ((p >>> 1) & 0x300) | ((p << 2) & 0x400)
                | ((p >>> 1) & 0x40) | ((p << 1) & 0x80) | ((p >>> 2) & 0xE) | ((p << 3) & 0x20);
        return (imm << 20) >> 20;
    }

    /** C.BEQZ/C.BNEZ: imm[8|4:3] in bits 12:10, imm[7:6|2:1|5] in bits 6:2. */
    private static int branchOffset(int p) {
        int imm = ((p >>> 4) & 0x100) | ((p >>> 7) & 0x18) | ((p << 1) & 0xC0) | ((p >>> 2) & 6) | ((p << 3) & 0x20);
        return (imm << 23) >> 23;
    }
}
