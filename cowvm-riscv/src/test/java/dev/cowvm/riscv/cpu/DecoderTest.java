package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder: each compressed form equals its expansion, fields and immediates, reserved encodings. */
class DecoderTest {
    private static final long LENGTH = 7L << 24;

    static Stream<Arguments> compressedForms() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("c.addi4spn x8, sp, 4", Asm.cAddi4spn(8, 4), Asm.addi(8, 2, 4)));
        a.add(Arguments.of("c.addi4spn x15, sp, 1020", Asm.cAddi4spn(15, 1020), Asm.addi(15, 2, 1020)));
        a.add(Arguments.of("c.fld f9, 248(x10)", Asm.cLoad(1, 9, 10, 248), Asm.fld(9, 10, 248)));
        a.add(Arguments.of("c.lw x8, 124(x15)", Asm.cLoad(2, 8, 15, 124), Asm.load(2, 8, 15, 124)));
        a.add(Arguments.of("c.lw x9, 4(x8)", Asm.cLoad(2, 9, 8, 4), Asm.load(2, 9, 8, 4)));
        a.add(Arguments.of("c.lw x9, 64(x8)", Asm.cLoad(2, 9, 8, 64), Asm.load(2, 9, 8, 64)));
        a.add(Arguments.of("c.ld x9, 248(x8)", Asm.cLoad(3, 9, 8, 248), Asm.load(3, 9, 8, 248)));
        a.add(Arguments.of("c.ld x12, 8(x13)", Asm.cLoad(3, 12, 13, 8), Asm.load(3, 12, 13, 8)));
        a.add(Arguments.of("c.fsd f10, 136(x11)", Asm.cStore(5, 10, 11, 136), Asm.fsd(10, 11, 136)));
        a.add(Arguments.of("c.sw x14, 68(x9)", Asm.cStore(6, 14, 9, 68), Asm.store(2, 14, 9, 68)));
        a.add(Arguments.of("c.sd x15, 200(x12)", Asm.cStore(7, 15, 12, 200), Asm.store(3, 15, 12, 200)));
        a.add(Arguments.of("c.nop", Asm.cNop(), Asm.addi(0, 0, 0)));
        a.add(Arguments.of("c.addi x5, -32", Asm.cAddi(5, -32), Asm.addi(5, 5, -32)));
        a.add(Arguments.of("c.addi x31, 31", Asm.cAddi(31, 31), Asm.addi(31, 31, 31)));
        a.add(Arguments.of("c.addiw x5, -1", Asm.cAddiw(5, -1), Asm.addiw(5, 5, -1)));
        a.add(Arguments.of("c.addiw x1, 0", Asm.cAddiw(1, 0), Asm.addiw(1, 1, 0)));
        a.add(Arguments.of("c.li x7, -32", Asm.cLi(7, -32), Asm.addi(7, 0, -32)));
        a.add(Arguments.of("c.li x7, 17", Asm.cLi(7, 17), Asm.addi(7, 0, 17)));
        a.add(Arguments.of("c.addi16sp -512", Asm.cAddi16sp(-512), Asm.addi(2, 2, -512)));
        a.add(Arguments.of("c.addi16sp 496", Asm.cAddi16sp(496), Asm.addi(2, 2, 496)));
        a.add(Arguments.of("c.addi16sp 16", Asm.cAddi16sp(16), Asm.addi(2, 2, 16)));
        a.add(Arguments.of("c.addi16sp 208", Asm.cAddi16sp(208), Asm.addi(2, 2, 208)));
        a.add(Arguments.of("c.lui x5, -32", Asm.cLui(5, -32), Asm.lui(5, -32)));
        a.add(Arguments.of("c.lui x5, 31", Asm.cLui(5, 31), Asm.lui(5, 31)));
        a.add(Arguments.of("c.srli x8, 63", Asm.cArithImm(0, 8, 63), Asm.shiftImm(1, 8, 8, 63)));
        a.add(Arguments.of("c.srai x15, 32", Asm.cArithImm(1, 15, 32), Asm.shiftImm(2, 15, 15, 32)));
        a.add(Arguments.of("c.andi x9, -1", Asm.cArithImm(2, 9, -1), Asm.opImm(7, 9, 9, -1)));
        a.add(Arguments.of("c.andi x9, 21", Asm.cArithImm(2, 9, 21), Asm.opImm(7, 9, 9, 21)));
        a.add(Arguments.of("c.sub x8, x15", Asm.cArith(0, 8, 15), Asm.op(0x20, 0, 8, 8, 15)));
        a.add(Arguments.of("c.xor x9, x14", Asm.cArith(1, 9, 14), Asm.op(0, 4, 9, 9, 14)));
        a.add(Arguments.of("c.or x10, x13", Asm.cArith(2, 10, 13), Asm.op(0, 6, 10, 10, 13)));
        a.add(Arguments.of("c.and x11, x12", Asm.cArith(3, 11, 12), Asm.op(0, 7, 11, 11, 12)));
        a.add(Arguments.of("c.subw x12, x11", Asm.cArith(4, 12, 11), Asm.op32(0x20, 0, 12, 12, 11)));
        a.add(Arguments.of("c.addw x13, x10", Asm.cArith(5, 13, 10), Asm.op32(0, 0, 13, 13, 10)));
        a.add(Arguments.of("c.j -2048", Asm.cJ(-2048), Asm.jal(0, -2048)));
        a.add(Arguments.of("c.j 2046", Asm.cJ(2046), Asm.jal(0, 2046)));
        a.add(Arguments.of("c.j 682", Asm.cJ(682), Asm.jal(0, 682)));
        a.add(Arguments.of("c.j -1366", Asm.cJ(-1366), Asm.jal(0, -1366)));
        a.add(Arguments.of("c.beqz x8, -256", Asm.cBranch(false, 8, -256), Asm.branch(0, 8, 0, -256)));
        a.add(Arguments.of("c.beqz x9, 254", Asm.cBranch(false, 9, 254), Asm.branch(0, 9, 0, 254)));
        a.add(Arguments.of("c.bnez x15, 170", Asm.cBranch(true, 15, 170), Asm.branch(1, 15, 0, 170)));
        a.add(Arguments.of("c.bnez x10, -86", Asm.cBranch(true, 10, -86), Asm.branch(1, 10, 0, -86)));
        a.add(Arguments.of("c.slli x31, 63", Asm.cSlli(31, 63), Asm.shiftImm(0, 31, 31, 63)));
        a.add(Arguments.of("c.slli x1, 1", Asm.cSlli(1, 1), Asm.shiftImm(0, 1, 1, 1)));
        a.add(Arguments.of("c.fldsp f1, 504(sp)", Asm.cLoadSp(1, 1, 504), Asm.fld(1, 2, 504)));
        a.add(Arguments.of("c.fldsp f31, 72(sp)", Asm.cLoadSp(1, 31, 72), Asm.fld(31, 2, 72)));
        a.add(Arguments.of("c.lwsp x1, 252(sp)", Asm.cLoadSp(2, 1, 252), Asm.load(2, 1, 2, 252)));
        a.add(Arguments.of("c.lwsp x20, 36(sp)", Asm.cLoadSp(2, 20, 36), Asm.load(2, 20, 2, 36)));
        a.add(Arguments.of("c.ldsp x31, 504(sp)", Asm.cLoadSp(3, 31, 504), Asm.load(3, 31, 2, 504)));
        a.add(Arguments.of("c.ldsp x2, 8(sp)", Asm.cLoadSp(3, 2, 8), Asm.load(3, 2, 2, 8)));
        a.add(Arguments.of("c.jr x1", Asm.cJr(1), Asm.jalr(0, 1, 0)));
        a.add(Arguments.of("c.mv x5, x6", Asm.cMv(5, 6), Asm.op(0, 0, 5, 0, 6)));
        a.add(Arguments.of("c.jalr x5", Asm.cJalr(5), Asm.jalr(1, 5, 0)));
        a.add(Arguments.of("c.add x5, x6", Asm.cAdd(5, 6), Asm.op(0, 0, 5, 5, 6)));
        a.add(Arguments.of("c.fsdsp f2, 504(sp)", Asm.cStoreSp(5, 2, 504), Asm.fsd(2, 2, 504)));
        a.add(Arguments.of("c.fsdsp f30, 64(sp)", Asm.cStoreSp(5, 30, 64), Asm.fsd(30, 2, 64)));
        a.add(Arguments.of("c.swsp x3, 252(sp)", Asm.cStoreSp(6, 3, 252), Asm.store(2, 3, 2, 252)));
        a.add(Arguments.of("c.swsp x3, 68(sp)", Asm.cStoreSp(6, 3, 68), Asm.store(2, 3, 2, 68)));
        a.add(Arguments.of("c.sdsp x31, 504(sp)", Asm.cStoreSp(7, 31, 504), Asm.store(3, 31, 2, 504)));
        a.add(Arguments.of("c.sdsp x8, 192(sp)", Asm.cStoreSp(7, 8, 192), Asm.store(3, 8, 2, 192)));
        // HINTs decode to the harmless instruction they are a form of.
        a.add(Arguments.of("c.li x0, 5 (HINT)", Asm.cLi(0, 5), Asm.addi(0, 0, 5)));
        a.add(Arguments.of("c.mv x0, x5 (HINT)", Asm.cMv(0, 5), Asm.op(0, 0, 0, 0, 5)));
        a.add(Arguments.of("c.add x0, x5 (HINT)", Asm.cAdd(0, 5), Asm.op(0, 0, 0, 0, 5)));
        a.add(Arguments.of("c.slli x0, 3 (HINT)", Asm.cSlli(0, 3), Asm.shiftImm(0, 0, 0, 3)));
        a.add(Arguments.of("c.lui x0, 1 (HINT)", Asm.cLui(0, 1), Asm.lui(0, 1)));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressedForms")
    void compressedDecodesToItsExpansion(String name, int parcel, int expansion) {
        assertThat(Decoder.isWide(parcel)).isFalse();
        long c = Decoder.decodeCompressed(parcel);
        long e = Decoder.decode(expansion);
        assertThat(Op.length(c)).isEqualTo(2);
        assertThat(Op.length(e)).isEqualTo(4);
        assertThat(Op.name(Op.op(c))).isEqualTo(Op.name(Op.op(e)));
        assertThat(c & ~LENGTH).as(name).isEqualTo(e & ~LENGTH);
    }

    @Test
    void cEbreakIsEbreak() {
        long d = Decoder.decodeCompressed(Asm.cEbreak());
        assertThat(Op.op(d)).isEqualTo(Op.EBREAK);
        assertThat(Op.length(d)).isEqualTo(2);
    }

    static Stream<Arguments> reservedCompressed() {
        return Stream.of(
                Arguments.of("all zero", 0x0000),
                Arguments.of("c.addi4spn with nzuimm 0", 0x0004),
                Arguments.of("quadrant 0, funct3 100", 0x8000),
                Arguments.of("quadrant 0, funct3 100, other bits", 0x9FFC),
                Arguments.of("c.addiw x0", Asm.cAddiw(0, 1)),
                Arguments.of("c.addi16sp 0", 0x6101),
                Arguments.of("c.lui x5, 0", Asm.cLui(5, 0)),
                Arguments.of("c.lui x0, 0", Asm.cLui(0, 0)),
                Arguments.of("c.lwsp x0", Asm.cLoadSp(2, 0, 4)),
                Arguments.of("c.ldsp x0", Asm.cLoadSp(3, 0, 8)),
                Arguments.of("c.jr x0", 0x8002),
                Arguments.of("quadrant 1, 100 1 11 .. 10", 0x9C41),
                Arguments.of("quadrant 1, 100 1 11 .. 11", 0x9C61));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservedCompressed")
    void reservedCompressedEncodingsAreIllegal(String name, int parcel) {
        long d = Decoder.decodeCompressed(parcel);
        assertThat(Op.op(d)).as(name).isEqualTo(Op.ILLEGAL);
        assertThat(Op.imm(d)).as("the parcel, for stval").isEqualTo(parcel);
        assertThat(Op.length(d)).isEqualTo(2);
    }

    @Test
    void everyParcelDecodesToSomethingWithinRange() {
        int illegal = 0;
        for (int p = 0; p < 0x10000; p++) {
            if (Decoder.isWide(p)) {
                continue;
            }
            long d = Decoder.decodeCompressed(p);
            assertThat(Op.length(d)).isEqualTo(2);
            assertThat(Op.op(d)).isBetween(Op.ILLEGAL, Op.COUNT - 1);
            assertThat(Op.rd(d)).isBetween(0, Op.SINK);
            if (Op.op(d) == Op.ILLEGAL) {
                illegal++;
                assertThat(Op.imm(d)).isEqualTo(p);
            } else if (Op.rd(d) == 0) {
                // Stores and branches write no register; f0 is a real destination.
                assertThat(Op.name(Op.op(d))).matches("s[bhwd]|fs[wd]|beq|bne|fld");
            }
        }
        // Reserved, counted from the RVC tables: c.addi4spn with nzuimm 0, the all-zero parcel
        // among them (8, one per rd'); quadrant 0 funct3 100 (2^11); c.addiw x0 (64);
        // c.lwsp and c.ldsp x0 (2 × 64); c.jr x0 (1); c.addi16sp 0 (1); c.lui with 0 for every
        // rd but x2 (31); the two reserved CA forms of 100 1 11 (2 × 8 × 8).
        assertThat(illegal).isEqualTo(8 + 2048 + 64 + 128 + 1 + 1 + 31 + 128);
    }

    @Test
    void immediatesAtTheirExtremes() {
        assertThat(Op.imm(Decoder.decode(Asm.branch(0, 1, 2, -4096)))).isEqualTo(-4096);
        assertThat(Op.imm(Decoder.decode(Asm.branch(0, 1, 2, 4094)))).isEqualTo(4094);
        assertThat(Op.imm(Decoder.decode(Asm.jal(1, -(1 << 20))))).isEqualTo(-(1 << 20));
        assertThat(Op.imm(Decoder.decode(Asm.jal(1, (1 << 20) - 2)))).isEqualTo((1 << 20) - 2);
        assertThat(Op.imm(Decoder.decode(Asm.store(3, 1, 2, -2048)))).isEqualTo(-2048);
        assertThat(Op.imm(Decoder.decode(Asm.store(3, 1, 2, 2047)))).isEqualTo(2047);
        assertThat(Op.imm(Decoder.decode(Asm.addi(1, 2, -1)))).isEqualTo(-1);
        assertThat(Op.imm(Decoder.decode(Asm.lui(1, 0x80000)))).isEqualTo(0x80000000);
        assertThat(Op.imm(Decoder.decode(Asm.shiftImm(2, 1, 2, 63)))).isEqualTo(63);
        assertThat(Op.imm(Decoder.decode(Asm.shiftImmW(2, 1, 2, 31)))).isEqualTo(31);
    }

    @Test
    void fieldsOfRegisterOperations() {
        long d = Decoder.decode(Asm.op(1, 4, 5, 6, 7)); // div x5, x6, x7
        assertThat(Op.op(d)).isEqualTo(Op.DIV);
        assertThat(Op.rd(d)).isEqualTo(5);
        assertThat(Op.rs1(d)).isEqualTo(6);
        assertThat(Op.rs2(d)).isEqualTo(7);
        assertThat(Op.length(d)).isEqualTo(4);
    }

    @Test
    void integerWritesToX0GoToTheSink() {
        assertThat(Op.rd(Decoder.decode(Asm.addi(0, 1, 1)))).isEqualTo(Op.SINK);
        assertThat(Op.rd(Decoder.decode(Asm.load(3, 0, 1, 0)))).isEqualTo(Op.SINK);
        assertThat(Op.rd(Decoder.decode(Asm.jal(0, 8)))).isEqualTo(Op.SINK);
        assertThat(Op.rd(Decoder.decode(Asm.amo(0, 3, 0, 1, 2)))).isEqualTo(Op.SINK);
        assertThat(Op.rd(Decoder.decode(Asm.opFp(0x14, 1, 0, 1, 2, 2)))).as("feq.d x0").isEqualTo(Op.SINK);
        assertThat(Op.rd(Decoder.decode(Asm.opFp(0x18, 1, 0, 1, 0, 1)))).as("fcvt.w.d x0").isEqualTo(Op.SINK);
        // A floating-point destination f0 is a real register; a CSR's rd keeps 0 (no read).
        assertThat(Op.rd(Decoder.decode(Asm.opFp(0, 1, 0, 1, 2, 0)))).isZero();
        assertThat(Op.rd(Decoder.decode(Asm.csr(1, 0, Csr.FCSR, 5)))).isZero();
    }

    static Stream<Arguments> reserved32() {
        return Stream.of(
                Arguments.of("slliw with shamt[5]", Asm.shiftImmW(0, 1, 2, 0) | 1 << 25),
                Arguments.of("srai with a bad funct6", Asm.shiftImm(1, 1, 2, 3) | 1 << 31),
                Arguments.of("add with funct7 2", Asm.op(2, 0, 1, 2, 3)),
                Arguments.of("sll with funct7 0x20", Asm.op(0x20, 1, 1, 2, 3)),
                Arguments.of("addw with funct7 0x20, funct3 1", Asm.op32(0x20, 1, 1, 2, 3)),
                Arguments.of("mulw-group funct3 1", Asm.op32(1, 1, 1, 2, 3)),
                Arguments.of("load funct3 7", Asm.load(7, 1, 2, 0)),
                Arguments.of("store funct3 4", Asm.store(4, 1, 2, 0)),
                Arguments.of("branch funct3 2", Asm.branch(2, 1, 2, 8)),
                Arguments.of("jalr funct3 1", Asm.jalr(1, 2, 0) | 1 << 12),
                Arguments.of("fence funct3 2", Asm.FENCE | 2 << 12),
                Arguments.of("system funct3 4", Asm.csr(4, 1, 0x001, 2)),
                Arguments.of("mret", 0x30200073),
                Arguments.of("wfi", 0x10500073),
                Arguments.of("sfence.vma", 0x12000073),
                Arguments.of("ecall with rd", Asm.ECALL | 1 << 7),
                Arguments.of("lr.w with rs2", Asm.amo(0x02, 2, 1, 2, 3)),
                Arguments.of("amo funct5 0x05", Asm.amo(0x05, 2, 1, 2, 3)),
                Arguments.of("amo funct3 0", Asm.amo(0x00, 0, 1, 2, 3)),
                Arguments.of("fadd.h (fmt 2)", Asm.opFp(0, 2, 1, 2, 3, 0)),
                Arguments.of("fadd.q (fmt 3)", Asm.opFp(0, 3, 1, 2, 3, 0)),
                Arguments.of("fadd.d rm 5", Asm.opFp(0, 1, 1, 2, 3, 5)),
                Arguments.of("fmul.s rm 6", Asm.opFp(2, 0, 1, 2, 3, 6)),
                Arguments.of("fmadd.d rm 5", Asm.fma(0, 1, 1, 2, 3, 4, 5)),
                Arguments.of("fmadd.h", Asm.fma(0, 2, 1, 2, 3, 4, 0)),
                Arguments.of("fsqrt.d with rs2 1", Asm.opFp(0x0B, 1, 1, 2, 1, 0)),
                Arguments.of("fsgnj.d funct3 3", Asm.opFp(4, 1, 1, 2, 3, 3)),
                Arguments.of("fmin.d funct3 2", Asm.opFp(5, 1, 1, 2, 3, 2)),
                Arguments.of("fcvt.s.d with rs2 0", Asm.opFp(8, 0, 1, 2, 0, 0)),
                Arguments.of("fcvt.d.s with rs2 1", Asm.opFp(8, 1, 1, 2, 1, 0)),
                Arguments.of("feq.d funct3 3", Asm.opFp(0x14, 1, 1, 2, 3, 3)),
                Arguments.of("fcvt.w.d rs2 4", Asm.opFp(0x18, 1, 1, 2, 4, 0)),
                Arguments.of("fmv.x.d rs2 1", Asm.opFp(0x1C, 1, 1, 2, 1, 0)),
                Arguments.of("fclass.d funct3 2", Asm.opFp(0x1C, 1, 1, 2, 0, 2)),
                Arguments.of("fmv.d.x funct3 1", Asm.opFp(0x1E, 1, 1, 2, 0, 1)),
                Arguments.of("flh", Asm.i(0, 2, 1, 1, 0x07)),
                Arguments.of("fsq", Asm.s(0, 1, 2, 4, 0x27)),
                Arguments.of("opcode 0x0B (custom-0)", 0x0000000B),
                Arguments.of("all ones", 0xFFFFFFFF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reserved32")
    void reservedEncodingsAreIllegal(String name, int insn) {
        long d = Decoder.decode(insn);
        assertThat(Op.op(d)).as(name + " decoded as " + Op.name(Op.op(d))).isEqualTo(Op.ILLEGAL);
        assertThat(Op.imm(d)).isEqualTo(insn);
    }

    @Test
    void dynamicRoundingIsDecodedAndCheckedLater() {
        long d = Decoder.decode(Asm.opFp(0, 1, 1, 2, 3, 7));
        assertThat(Op.op(d)).isEqualTo(Op.FADD_D);
    }

    @Test
    void namesForMessages() {
        assertThat(Op.name(Op.AMOMAXU_W)).isEqualTo("amomaxu.w");
        assertThat(Op.name(Op.FCVT_S_D)).isEqualTo("fcvt.s.d");
        assertThat(Op.name(999)).isEqualTo("op999");
    }
}
