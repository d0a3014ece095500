package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The user-level CSRs: which accesses are legal, masks, and exact counters. */
class CsrTest {
    /** The translation threshold of the machines this class tests: 0, interpretation only. */
    int translateAfter() {
        return 0;
    }

    TestMachine machine() {
        return new TestMachine(translateAfter());
    }

    private static final int EBREAK = Asm.EBREAK;

    static Stream<Arguments> illegalAccesses() {
        return Stream.of(
                Arguments.of("csrw cycle, x5", Asm.csr(1, 0, Csr.CYCLE, 5)),
                Arguments.of("csrrw x1, instret, x0", Asm.csr(1, 1, Csr.INSTRET, 0)),
                Arguments.of("csrs time, x5", Asm.csr(2, 0, Csr.TIME, 5)),
                Arguments.of("csrrci x1, cycle, 1", Asm.csr(7, 1, Csr.CYCLE, 1)),
                Arguments.of("csrrwi x0, time, 0", Asm.csr(5, 0, Csr.TIME, 0)),
                Arguments.of("csrr cycleh (RV32 only)", Asm.csr(2, 1, 0xC80, 0)),
                Arguments.of("csrr hpmcounter3", Asm.csr(2, 1, 0xC03, 0)),
                Arguments.of("csrr mstatus", Asm.csr(2, 1, 0x300, 0)),
                Arguments.of("csrr sstatus", Asm.csr(2, 1, 0x100, 0)),
                Arguments.of("csrr 0x004", Asm.csr(2, 1, 0x004, 0)),
                Arguments.of("csrr 0x000 (ustatus)", Asm.csr(2, 1, 0x000, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illegalAccesses")
    void illegalAccessTraps(String name, int insn) {
        TestMachine m = machine().code(insn, EBREAK).x(1, 1234).x(5, 7);
        assertThat(m.run()).isEqualTo(Trap.ILLEGAL_INSTRUCTION);
        assertThat(m.hart.trapValue()).isEqualTo(insn & 0xFFFFFFFFL);
        assertThat(m.hart.pc()).isEqualTo(TestMachine.CODE);
        assertThat(m.x(1)).as("rd untouched").isEqualTo(1234);
        assertThat(m.hart.instret()).isZero();
    }

    static Stream<Arguments> legalReads() {
        return Stream.of(
                Arguments.of("csrr cycle", Asm.csr(2, 1, Csr.CYCLE, 0)),
                Arguments.of("csrrc x1, instret, x0", Asm.csr(3, 1, Csr.INSTRET, 0)),
                Arguments.of("csrrsi x1, time, 0", Asm.csr(6, 1, Csr.TIME, 0)),
                Arguments.of("csrrci x1, cycle, 0", Asm.csr(7, 1, Csr.CYCLE, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legalReads")
    void readingReadOnlyCountersIsLegal(String name, int insn) {
        TestMachine m = machine().code(Asm.addi(0, 0, 0), Asm.addi(0, 0, 0), Asm.addi(0, 0, 0),
                Asm.addi(0, 0, 0), Asm.addi(0, 0, 0), Asm.addi(0, 0, 0), Asm.addi(0, 0, 0), Asm.addi(0, 0, 0),
                Asm.addi(0, 0, 0), Asm.addi(0, 0, 0), insn, EBREAK);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        long expected = name.contains("time") ? 10 / Hart.INSTRUCTIONS_PER_TICK : 10;
        assertThat(m.x(1)).isEqualTo(expected);
    }

    @Test
    void instretCountsEveryRetiredInstructionExactly() {
        int nop = Asm.addi(0, 0, 0);
        TestMachine m = machine().code(
                Asm.csr(2, 5, Csr.INSTRET, 0), nop, nop, nop, nop, nop, Asm.csr(2, 6, Csr.INSTRET, 0),
                Asm.csr(2, 7, Csr.CYCLE, 0), EBREAK);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(6) - m.x(5)).isEqualTo(6);
        assertThat(m.x(7)).as("one cycle per instruction").isEqualTo(m.x(6) + 1);
        assertThat(m.hart.instret()).as("ebreak does not retire").isEqualTo(8);
    }

    @Test
    void instretContinuesAcrossRuns() {
        int nop = Asm.addi(0, 0, 0);
        TestMachine m = machine().code(nop, nop, nop, Asm.csr(2, 5, Csr.INSTRET, 0), EBREAK);
        assertThat(m.hart.run(2)).isEqualTo(Trap.NONE);
        assertThat(m.hart.run(1)).isEqualTo(Trap.NONE);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(3);
    }

    @Test
    void timeCanComeFromElsewhere() {
        TestMachine m = machine().code(Asm.csr(2, 5, Csr.TIME, 0), EBREAK);
        m.hart.setTimeSource(() -> 424242);
        m.run();
        assertThat(m.x(5)).isEqualTo(424242);
        assertThat(m.hart.time()).isEqualTo(424242);
        m.hart.setTimeSource(null);
        assertThat(m.hart.time()).isEqualTo(m.hart.instret() / Hart.INSTRUCTIONS_PER_TICK);
    }

    @Test
    void floatingPointCsrsMaskTheirFields() {
        TestMachine m = machine().code(
                Asm.csr(1, 5, Csr.FCSR, 6),          // fscsr x5, x6 (x6 = -1)
                Asm.csr(2, 7, Csr.FFLAGS, 0),        // frflags x7
                Asm.csr(2, 8, Csr.FRM, 0),           // frrm x8
                Asm.csr(5, 9, Csr.FRM, 2),           // fsrmi x9, 2
                Asm.csr(7, 10, Csr.FFLAGS, 3),       // clear NX and UF
                Asm.csr(2, 11, Csr.FCSR, 0),
                Asm.csr(6, 12, Csr.FFLAGS, 0),       // csrrsi with 0: read only
                Asm.csr(1, 0, Csr.FFLAGS, 6),        // csrw fflags, -1: rd x0
                Asm.csr(2, 13, Csr.FCSR, 0),
                EBREAK).x(6, -1);
        m.hart.setFcsr(0x35);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).as("old fcsr").isEqualTo(0x35);
        assertThat(m.x(7)).isEqualTo(0x1F);
        assertThat(m.x(8)).isEqualTo(7);
        assertThat(m.x(9)).isEqualTo(7);
        assertThat(m.x(11)).isEqualTo(2 << 5 | 0x1C);
        assertThat(m.x(12)).isEqualTo(0x1C);
        assertThat(m.x(13)).isEqualTo(2 << 5 | 0x1F);
        assertThat(m.hart.fcsr()).isEqualTo(0x5F);
    }
}
