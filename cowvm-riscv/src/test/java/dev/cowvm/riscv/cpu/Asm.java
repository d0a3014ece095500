package dev.cowvm.riscv.cpu;

/**
 * Instruction encoders for the tests, written from the RISC-V specification's format
 * tables (base formats R/I/S/B/U/J and R4, and the RVC formats CR/CI/CSS/CIW/CL/CS/CA/CB/CJ).
 * Independent of the decoder, so each checks the other; the guest programs, assembled by
 * GNU as and run under qemu, check both against the outside world.
 */
final class Asm {
    private Asm() {
    }

    // ---- base formats ----

    static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    static int i(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    static int s(int imm, int rs2, int rs1, int funct3, int opcode) {
        return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 31) << 7 | opcode;
    }

    static int b(int imm, int rs2, int rs1, int funct3) {
        return (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12
                | (imm >> 1 & 0xF) << 8 | (imm >> 11 & 1) << 7 | 0x63;
    }

    static int u(int imm20, int rd, int opcode) {
        return imm20 << 12 | rd << 7 | opcode;
    }

    static int j(int imm, int rd) {
        return (imm >> 20 & 1) << 31 | (imm >> 1 & 0x3FF) << 21 | (imm >> 11 & 1) << 20
                | (imm >> 12 & 0xFF) << 12 | rd << 7 | 0x6F;
    }

    static int r4(int rs3, int fmt, int rs2, int rs1, int rm, int rd, int opcode) {
        return rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opcode;
    }

    // ---- RV64I ----

    static int lui(int rd, int imm20) {
        return u(imm20 & 0xFFFFF, rd, 0x37);
    }

    static int auipc(int rd, int imm20) {
        return u(imm20 & 0xFFFFF, rd, 0x17);
    }

    static int jal(int rd, int offset) {
        return j(offset, rd);
    }

    static int jalr(int rd, int rs1, int imm) {
        return i(imm, rs1, 0, rd, 0x67);
    }

    /** Branch: funct3 0 beq, 1 bne, 4 blt, 5 bge, 6 bltu, 7 bgeu. */
    static int branch(int funct3, int rs1, int rs2, int offset) {
        return b(offset, rs2, rs1, funct3);
    }

    /** Load: funct3 0 lb, 1 lh, 2 lw, 3 ld, 4 lbu, 5 lhu, 6 lwu. */
    static int load(int funct3, int rd, int rs1, int imm) {
        return i(imm, rs1, funct3, rd, 0x03);
    }

    /** Store: funct3 0 sb, 1 sh, 2 sw, 3 sd. */
    static int store(int funct3, int rs2, int rs1, int imm) {
        return s(imm, rs2, rs1, funct3, 0x23);
    }

    /** OP-IMM: funct3 0 addi, 2 slti, 3 sltiu, 4 xori, 6 ori, 7 andi. */
    static int opImm(int funct3, int rd, int rs1, int imm) {
        return i(imm, rs1, funct3, rd, 0x13);
    }

    static int addi(int rd, int rs1, int imm) {
        return opImm(0, rd, rs1, imm);
    }

    /** Shift by immediate: kind 0 slli, 1 srli, 2 srai; shamt 0..63. */
    static int shiftImm(int kind, int rd, int rs1, int shamt) {
        int f3 = kind == 0 ? 1 : 5;
        int hi = kind == 2 ? 0x400 : 0;
        return i(hi | shamt, rs1, f3, rd, 0x13);
    }

    /** Shift-W by immediate: kind 0 slliw, 1 srliw, 2 sraiw; shamt 0..31. */
    static int shiftImmW(int kind, int rd, int rs1, int shamt) {
        int f3 = kind == 0 ? 1 : 5;
        int hi = kind == 2 ? 0x400 : 0;
        return i(hi | shamt, rs1, f3, rd, 0x1B);
    }

    static int addiw(int rd, int rs1, int imm) {
        return i(imm, rs1, 0, rd, 0x1B);
    }

    /** OP (funct7, funct3): add sub sll slt sltu xor srl sra or and, and M with funct7 1. */
    static int op(int funct7, int funct3, int rd, int rs1, int rs2) {
        return r(funct7, rs2, rs1, funct3, rd, 0x33);
    }

    /** OP-32: addw subw sllw srlw sraw, and mulw divw divuw remw remuw with funct7 1. */
    static int op32(int funct7, int funct3, int rd, int rs1, int rs2) {
        return r(funct7, rs2, rs1, funct3, rd, 0x3B);
    }

    static final int ECALL = 0x00000073;
    static final int EBREAK = 0x00100073;
    static final int FENCE = 0x0FF0000F;
    static final int FENCE_I = 0x0000100F;

    /** CSR access: funct3 1 csrrw, 2 csrrs, 3 csrrc, 5 csrrwi, 6 csrrsi, 7 csrrci. */
    static int csr(int funct3, int rd, int csr, int rs1OrUimm) {
        return csr << 20 | rs1OrUimm << 15 | funct3 << 12 | rd << 7 | 0x73;
    }

    /** AMO: funct5 per the A chapter (0x02 lr, 0x03 sc, 0x01 swap, 0 add, ...); width 2 W, 3 D. */
    static int amo(int funct5, int width, int rd, int rs1, int rs2) {
        return r(funct5 << 2, rs2, rs1, width, rd, 0x2F);
    }

    // ---- F and D ----

    static int flw(int rd, int rs1, int imm) {
        return i(imm, rs1, 2, rd, 0x07);
    }

    static int fld(int rd, int rs1, int imm) {
        return i(imm, rs1, 3, rd, 0x07);
    }

    static int fsw(int rs2, int rs1, int imm) {
        return s(imm, rs2, rs1, 2, 0x27);
    }

    static int fsd(int rs2, int rs1, int imm) {
        return s(imm, rs2, rs1, 3, 0x27);
    }

    /** OP-FP: funct5, fmt (0 S, 1 D), rm or funct3. */
    static int opFp(int funct5, int fmt, int rd, int rs1, int rs2, int rm) {
        return r(funct5 << 2 | fmt, rs2, rs1, rm, rd, 0x53);
    }

    /** FMA: which 0 fmadd, 1 fmsub, 2 fnmsub, 3 fnmadd. */
    static int fma(int which, int fmt, int rd, int rs1, int rs2, int rs3, int rm) {
        return r4(rs3, fmt, rs2, rs1, rm, rd, 0x43 + 4 * which);
    }

    // ---- C ----

    /** CR: funct4, rd/rs1, rs2, op. */
    static int cr(int funct4, int rd, int rs2, int op) {
        return funct4 << 12 | rd << 7 | rs2 << 2 | op;
    }

    /** CI with a 6-bit immediate (bit 5 to bit 12, bits 4:0 to 6:2). */
    static int ci(int funct3, int rd, int imm6, int op) {
        return funct3 << 13 | (imm6 >> 5 & 1) << 12 | rd << 7 | (imm6 & 31) << 2 | op;
    }

    static int cNop() {
        return 0x0001;
    }

    static int cAddi(int rd, int imm) {
        return ci(0, rd, imm, 1);
    }

    static int cAddiw(int rd, int imm) {
        return ci(1, rd, imm, 1);
    }

    static int cLi(int rd, int imm) {
        return ci(2, rd, imm, 1);
    }

    /** c.lui with nzimm[17:12] given as a signed 6-bit number. */
    static int cLui(int rd, int imm6) {
        return ci(3, rd, imm6, 1);
    }

    /** c.addi16sp with a multiple of 16 in [-512, 496]. */
    static int cAddi16sp(int imm) {
        int enc = (imm >> 9 & 1) << 12 | (imm >> 4 & 1) << 6 | (imm >> 6 & 1) << 5 | (imm >> 7 & 3) << 3
                | (imm >> 5 & 1) << 2;
        return 3 << 13 | enc | 2 << 7 | 1;
    }

    /** c.addi4spn rd' (x8..x15), a multiple of 4 in [4, 1020]. */
    static int cAddi4spn(int rd, int imm) {
        int enc = (imm >> 4 & 3) << 11 | (imm >> 6 & 15) << 7 | (imm >> 2 & 1) << 6 | (imm >> 3 & 1) << 5;
        return enc | (rd - 8) << 2;
    }

    /** c.srli (kind 0), c.srai (1), c.andi (2) on rd' (x8..x15). */
    static int cArithImm(int kind, int rd, int imm6) {
        return 4 << 13 | (imm6 >> 5 & 1) << 12 | kind << 10 | (rd - 8) << 7 | (imm6 & 31) << 2 | 1;
    }

    /** CA: c.sub 0, c.xor 1, c.or 2, c.and 3, c.subw 4, c.addw 5 on rd', rs2'. */
    static int cArith(int kind, int rd, int rs2) {
        int w = kind >= 4 ? 1 : 0;
        return 4 << 13 | w << 12 | 3 << 10 | (rd - 8) << 7 | (kind & 3) << 5 | (rs2 - 8) << 2 | 1;
    }

    static int cSlli(int rd, int shamt) {
        return ci(0, rd, shamt, 2);
    }

    static int cMv(int rd, int rs2) {
        return cr(8, rd, rs2, 2);
    }

    static int cAdd(int rd, int rs2) {
        return cr(9, rd, rs2, 2);
    }

    static int cJr(int rs1) {
        return cr(8, rs1, 0, 2);
    }

    static int cJalr(int rs1) {
        return cr(9, rs1, 0, 2);
    }

    static int cEbreak() {
        return 0x9002;
    }

    /** c.j with an even offset in [-2048, 2046]. */
    static int cJ(int offset) {
        int o = offset;
        int enc = (o >> 11 & 1) << 12 | (o >> 4 & 1) << 11 | (o >> 8 & 3) << 9 | (o >> 10 & 1) << 8
                | (o >> 6 & 1) << 7 | (o >> 7 & 1) << 6 | (o >> 1 & 7) << 3 | (o >> 5 & 1) << 2;
        return 5 << 13 | enc | 1;
    }

    /** c.beqz (bnez false) / c.bnez (true) on rs1' with an even offset in [-256, 254]. */
    static int cBranch(boolean bnez, int rs1, int offset) {
        int o = offset;
        int enc = (o >> 8 & 1) << 12 | (o >> 3 & 3) << 10 | (o >> 6 & 3) << 5 | (o >> 1 & 3) << 3
                | (o >> 5 & 1) << 2;
        return (bnez ? 7 : 6) << 13 | enc | (rs1 - 8) << 7 | 1;
    }

    /** c.lw/c.ld/c.fld (funct3 2, 3, 1) rd', offset(rs1'). */
    static int cLoad(int funct3, int rd, int rs1, int offset) {
        return funct3 << 13 | memOffset(funct3, offset) | (rs1 - 8) << 7 | (rd - 8) << 2;
    }

    /** c.sw/c.sd/c.fsd (funct3 6, 7, 5) rs2', offset(rs1'). */
    static int cStore(int funct3, int rs2, int rs1, int offset) {
        return funct3 << 13 | memOffset(funct3, offset) | (rs1 - 8) << 7 | (rs2 - 8) << 2;
    }

    private static int memOffset(int funct3, int o) {
        boolean word = funct3 == 2 || funct3 == 6;
        if (word) { // uimm[5:3] -> 12:10, uimm[2] -> 6, uimm[6] -> 5
            return (o >> 3 & 7) << 10 | (o >> 2 & 1) << 6 | (o >> 6 & 1) << 5;
        }
        return (o >> 3 & 7) << 10 | (o >> 6 & 3) << 5; // uimm[5:3] -> 12:10, uimm[7:6] -> 6:5
    }

    /** c.lwsp (funct3 2), c.ldsp (3), c.fldsp (1): rd, offset(sp). */
    static int cLoadSp(int funct3, int rd, int offset) {
        int enc;
        if (funct3 == 2) { // uimm[5] -> 12, uimm[4:2] -> 6:4, uimm[7:6] -> 3:2
            enc = (offset >> 5 & 1) << 12 | (offset >> 2 & 7) << 4 | (offset >> 6 & 3) << 2;
        } else { // uimm[5] -> 12, uimm[4:3] -> 6:5, uimm[8:6] -> 4:2
            enc = (offset >> 5 & 1) << 12 | (offset >> 3 & 3) << 5 | (offset >> 6 & 7) << 2;
        }
        return funct3 << 13 | enc | rd << 7 | 2;
    }

    /** c.swsp (funct3 6), c.sdsp (7), c.fsdsp (5): rs2, offset(sp). */
    static int cStoreSp(int funct3, int rs2, int offset) {
        int enc;
        if (funct3 == 6) { // uimm[5:2] -> 12:9, uimm[7:6] -> 8:7
            enc = (offset >> 2 & 15) << 9 | (offset >> 6 & 3) << 7;
        } else { // uimm[5:3] -> 12:10, uimm[8:6] -> 9:7
            enc = (offset >> 3 & 7) << 10 | (offset >> 6 & 7) << 7;
        }
        return funct3 << 13 | enc | rs2 << 2 | 2;
    }
}
