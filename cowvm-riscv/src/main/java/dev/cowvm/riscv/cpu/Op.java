package dev.cowvm.riscv.cpu;

/**
 * The operations a decoded instruction slot can hold, numbered for the interpreter's
 * {@code switch}. Compressed instructions decode to the operation they expand to.
 *
 * <p>A decoded instruction is one {@code long}:
 * <pre>
 *   bit  0..7    operation (a constant of this class)
 *   bit  8..13   rd: 0..31, where an integer rd of x0 becomes {@link #SINK}
 *   bit 14..18   rs1
 *   bit 19..23   rs2
 *   bit 24..26   length in bytes, 2 or 4
 *   bit 27..31   offset from the start of its decoded block, in 2-byte parcels
 *   bit 32..63   immediate, sign-extended by the reader; for CSR, F and D arithmetic
 *                and illegal instructions the instruction's own bits instead;
 *                for {@link #BLOCK_END} the block's length in bytes
 * </pre>
 * Writes to x0 go to the register file's extra slot {@link #SINK}, which nothing reads,
 * so no operation needs a test for rd = 0.
 */
final class Op {
    /** Register index integer writes to x0 are redirected to. */
    static final int SINK = 32;

    // Not instructions: the end of a decoded block, a fetch that faulted, an illegal encoding
    static final int BLOCK_END = 0;
    static final int FETCH_FAULT = 1;
    static final int ILLEGAL = 2;

    // RV64I
    static final int LUI = 3;
    static final int AUIPC = 4;
    static final int JAL = 5;
    static final int JALR = 6;
    static final int BEQ = 7;
    static final int BNE = 8;
    static final int BLT = 9;
    static final int BGE = 10;
    static final int BLTU = 11;
    static final int BGEU = 12;
    static final int LB = 13;
    static final int LH = 14;
    static final int LW = 15;
    static final int LD = 16;
    static final int LBU = 17;
    static final int LHU = 18;
    static final int LWU = 19;
    static final int SB = 20;
    static final int SH = 21;
    static final int SW = 22;
    static final int SD = 23;
    static final int ADDI = 24;
    static final int SLTI = 25;
    static final int SLTIU = 26;
    static final int XORI = 27;
    static final int ORI = 28;
    static final int ANDI = 29;
    static final int SLLI = 30;
    static final int SRLI = 31;
    static final int SRAI = 32;
    static final int ADD = 33;
    static final int SUB = 34;
    static final int SLL = 35;
    static final int SLT = 36;
    static final int SLTU = 37;
    static final int XOR = 38;
    static final int SRL = 39;
    static final int SRA = 40;
    static final int OR = 41;
    static final int AND = 42;
    static final int ADDIW = 43;
    static final int SLLIW = 44;
    static final int SRLIW = 45;
    static final int SRAIW = 46;
    static final int ADDW = 47;
    static final int SUBW = 48;
    static final int SLLW = 49;
    static final int SRLW = 50;
    static final int SRAW = 51;
    static final int FENCE = 52;
    static final int FENCE_I = 53;
    static final int ECALL = 54;
    static final int EBREAK = 55;

    // M
    static final int MUL = 56;
    static final int MULH = 57;
    static final int MULHSU = 58;
    static final int MULHU = 59;
    static final int DIV = 60;
    static final int DIVU = 61;
    static final int REM = 62;
    static final int REMU = 63;
    static final int MULW = 64;
    static final int DIVW = 65;
    static final int DIVUW = 66;
    static final int REMW = 67;
    static final int REMUW = 68;

    // A
    static final int LR_W = 69;
    static final int SC_W = 70;
    static final int AMOSWAP_W = 71;
    static final int AMOADD_W = 72;
    static final int AMOXOR_W = 73;
    static final int AMOAND_W = 74;
    static final int AMOOR_W = 75;
    static final int AMOMIN_W = 76;
    static final int AMOMAX_W = 77;
    static final int AMOMINU_W = 78;
    static final int AMOMAXU_W = 79;
    static final int LR_D = 80;
    static final int SC_D = 81;
    static final int AMOSWAP_D = 82;
    static final int AMOADD_D = 83;
    static final int AMOXOR_D = 84;
    static final int AMOAND_D = 85;
    static final int AMOOR_D = 86;
    static final int AMOMIN_D = 87;
    static final int AMOMAX_D = 88;
    static final int AMOMINU_D = 89;
    static final int AMOMAXU_D = 90;

    // Zicsr
    static final int CSRRW = 91;
    static final int CSRRS = 92;
    static final int CSRRC = 93;
    static final int CSRRWI = 94;
    static final int CSRRSI = 95;
    static final int CSRRCI = 96;

    // F and D loads and stores
    static final int FLW = 97;
    static final int FLD = 98;
    static final int FSW = 99;
    static final int FSD = 100;

    // F arithmetic, single precision (the unit's dispatch starts here)
    static final int FADD_S = 101;
    static final int FSUB_S = 102;
    static final int FMUL_S = 103;
    static final int FDIV_S = 104;
    static final int FSQRT_S = 105;
    static final int FSGNJ_S = 106;
    static final int FSGNJN_S = 107;
    static final int FSGNJX_S = 108;
    static final int FMIN_S = 109;
    static final int FMAX_S = 110;
    static final int FEQ_S = 111;
    static final int FLT_S = 112;
    static final int FLE_S = 113;
    static final int FCLASS_S = 114;
    static final int FMADD_S = 115;
    static final int FMSUB_S = 116;
    static final int FNMSUB_S = 117;
    static final int FNMADD_S = 118;
    static final int FCVT_W_S = 119;
    static final int FCVT_WU_S = 120;
    static final int FCVT_L_S = 121;
    static final int FCVT_LU_S = 122;
    static final int FCVT_FROM_W_S = 123;
    static final int FCVT_FROM_WU_S = 124;
    static final int FCVT_FROM_L_S = 125;
    static final int FCVT_FROM_LU_S = 126;
    static final int FMV_X_S = 127;
    static final int FMV_F_S = 128;
    static final int FCVT_S_D = 129;

    // D arithmetic
    static final int FADD_D = 130;
    static final int FSUB_D = 131;
    static final int FMUL_D = 132;
    static final int FDIV_D = 133;
    static final int FSQRT_D = 134;
    static final int FSGNJ_D = 135;
    static final int FSGNJN_D = 136;
    static final int FSGNJX_D = 137;
    static final int FMIN_D = 138;
    static final int FMAX_D = 139;
    static final int FEQ_D = 140;
    static final int FLT_D = 141;
    static final int FLE_D = 142;
    static final int FCLASS_D = 143;
    static final int FMADD_D = 144;
    static final int FMSUB_D = 145;
    static final int FNMSUB_D = 146;
    static final int FNMADD_D = 147;
    static final int FCVT_W_D = 148;
    static final int FCVT_WU_D = 149;
    static final int FCVT_L_D = 150;
    static final int FCVT_LU_D = 151;
    static final int FCVT_FROM_W_D = 152;
    static final int FCVT_FROM_WU_D = 153;
    static final int FCVT_FROM_L_D = 154;
    static final int FCVT_FROM_LU_D = 155;
    static final int FMV_X_D = 156;
    static final int FMV_F_D = 157;
    static final int FCVT_D_S = 158;

    /** The first operation the floating-point unit dispatches. */
    static final int FP_FIRST = FADD_S;
    /** One more than the last operation. */
    static final int COUNT = 159;

    private static final String[] NAMES = {
        "block.end",
        "fetch.fault",
        "illegal",
        "lui",
        "auipc",
        "jal",
        "jalr",
        "beq",
        "bne",
        "blt",
        "bge",
        "bltu",
        "bgeu",
        "lb",
        "lh",
        "lw",
        "ld",
        "lbu",
        "lhu",
        "lwu",
        "sb",
        "sh",
        "sw",
        "sd",
        "addi",
        "slti",
        "sltiu",
        "xori",
        "ori",
        "andi",
        "slli",
        "srli",
        "srai",
        "add",
        "sub",
        "sll",
        "slt",
        "sltu",
        "xor",
        "srl",
        "sra",
        "or",
        "and",
        "addiw",
        "slliw",
        "srliw",
        "sraiw",
        "addw",
        "subw",
        "sllw",
        "srlw",
        "sraw",
        "fence",
        "fence.i",
        "ecall",
        "ebreak",
        "mul",
        "mulh",
        "mulhsu",
        "mulhu",
        "div",
        "divu",
        "rem",
        "remu",
        "mulw",
        "divw",
        "divuw",
        "remw",
        "remuw",
        "lr.w",
        "sc.w",
        "amoswap.w",
        "amoadd.w",
        "amoxor.w",
        "amoand.w",
        "amoor.w",
        "amomin.w",
        "amomax.w",
        "amominu.w",
        "amomaxu.w",
        "lr.d",
        "sc.d",
        "amoswap.d",
        "amoadd.d",
        "amoxor.d",
        "amoand.d",
        "amoor.d",
        "amomin.d",
        "amomax.d",
        "amominu.d",
        "amomaxu.d",
        "csrrw",
        "csrrs",
        "csrrc",
        "csrrwi",
        "csrrsi",
        "csrrci",
        "flw",
        "fld",
        "fsw",
        "fsd",
        "fadd.s",
        "fsub.s",
        "fmul.s",
        "fdiv.s",
        "fsqrt.s",
        "fsgnj.s",
        "fsgnjn.s",
        "fsgnjx.s",
        "fmin.s",
        "fmax.s",
        "feq.s",
        "flt.s",
        "fle.s",
        "fclass.s",
        "fmadd.s",
        "fmsub.s",
        "fnmsub.s",
        "fnmadd.s",
        "fcvt.w.s",
        "fcvt.wu.s",
        "fcvt.l.s",
        "fcvt.lu.s",
        "fcvt.from.w.s",
        "fcvt.from.wu.s",
        "fcvt.from.l.s",
        "fcvt.from.lu.s",
        "fmv.x.s",
        "fmv.f.s",
        "fcvt.s.d",
        "fadd.d",
        "fsub.d",
        "fmul.d",
        "fdiv.d",
        "fsqrt.d",
        "fsgnj.d",
        "fsgnjn.d",
        "fsgnjx.d",
        "fmin.d",
        "fmax.d",
        "feq.d",
        "flt.d",
        "fle.d",
        "fclass.d",
        "fmadd.d",
        "fmsub.d",
        "fnmsub.d",
        "fnmadd.d",
        "fcvt.w.d",
        "fcvt.wu.d",
        "fcvt.l.d",
        "fcvt.lu.d",
        "fcvt.from.w.d",
        "fcvt.from.wu.d",
        "fcvt.from.l.d",
        "fcvt.from.lu.d",
        "fmv.x.d",
        "fmv.f.d",
        "fcvt.d.s"
    };

    private Op() {
    }

    static long pack(int op, int rd, int rs1, int rs2, int length, int imm) {
        assert op >= 0 && op < COUNT && rd >= 0 && rd <= SINK && rs1 >= 0 && rs1 < 32 && rs2 >= 0 && rs2 < 32;
        return op | (long) rd << 8 | (long) rs1 << 14 | (long) rs2 << 19 | (long) length << 24 | (long) imm << 32;
    }

    static int op(long d) {
        return (int) d & 0xFF;
    }

    static int rd(long d) {
        return (int) (d >>> 8) & 63;
    }

    static int rs1(long d) {
        return (int) (d >>> 14) & 31;
    }

    static int rs2(long d) {
        return (int) (d >>> 19) & 31;
    }

    static int length(long d) {
        return (int) (d >>> 24) & 7;
    }

    /** The offset from the start of the block, in bytes. */
    static int offset(long d) {
        return (int) (d >>> 26) & 62;
    }

    static int imm(long d) {
        return (int) (d >> 32);
    }

    /** The operation's name in lower case, for messages and tests. */
    static String name(int op) {
        return op >= 0 && op < COUNT ? NAMES[op] : "op" + op;
    }
}
