package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.TestMachine.CODE;
import static dev.cowvm.riscv.cpu.TestMachine.DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translator's own rules; that translated code computes what interpreted code does is
 * shown by running every other test in both modes.
 */
class TranslatorTest {
    private static final int EBREAK = Asm.EBREAK;

    @Test
    void hotCodeRunsTranslatedAndColdCodeInterpreted() {
        TestMachine m = new TestMachine(100).code(Asm.addi(5, 5, 1), Asm.branch(1, 5, 6, -4), EBREAK).x(6, 1000);
        assertThat(m.hart.run(1_000_000)).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(1000);
        assertThat(m.hart.instret()).isEqualTo(2000);
        // 99 passes through the loop were interpreted before it was translated.
        assertThat(m.hart.instretTranslated()).isEqualTo(2000 - 2 * 99);
    }

    @Test
    void noTranslationWhenDisabled() {
        TestMachine m = new TestMachine(0).code(Asm.addi(5, 5, 1), Asm.branch(1, 5, 6, -4), EBREAK).x(6, 1000);
        m.hart.run(1_000_000);
        assertThat(m.x(5)).isEqualTo(1000);
        assertThat(m.hart.instretTranslated()).isZero();
    }

    @Test
    void nearTheEndOfABudgetTheInterpreterFinishes() {
        // A region runs only while a whole pass through it fits; the rest is interpreted.
        TestMachine m = new TestMachine(1).code(Asm.addi(5, 5, 1), Asm.branch(1, 5, 6, -4), EBREAK).x(6, 1000);
        assertThat(m.hart.run(101)).isEqualTo(Trap.NONE);
        assertThat(m.hart.instret()).isEqualTo(101);
        assertThat(m.hart.instretTranslated()).isEqualTo(100);
    }

    @Test
    void aBudgetEndingInsideTranslatedCodeIsExact() {
        TestMachine m = new TestMachine(1).code(Asm.addi(5, 5, 1), Asm.addi(7, 7, 1), Asm.jal(0, -8));
        for (int k = 1; k <= 50; k++) {
            assertThat(m.hart.run(k)).isEqualTo(Trap.NONE);
        }
        assertThat(m.hart.instret()).isEqualTo(50 * 51 / 2);
        assertThat(m.x(5)).isEqualTo((m.hart.instret() + 2) / 3);
        assertThat(m.x(7)).isEqualTo((m.hart.instret() + 1) / 3);
        assertThat(m.hart.instretTranslated()).isPositive();
    }

    @Test
    void aFaultInsideTranslatedCodeReportsTheInstruction() {
        // x5 walks up through the data page; the load after the page faults.
        TestMachine m = new TestMachine(1).code(Asm.load(3, 7, 5, 0), Asm.addi(5, 5, 8), Asm.jal(0, -8))
                .x(5, DATA).x(7, -1);
        assertThat(m.hart.run(10_000)).isEqualTo(Trap.LOAD_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(DATA + 4096);
        assertThat(m.hart.pc()).isEqualTo(CODE);
        assertThat(m.hart.instret()).isEqualTo(3 * 512);
        assertThat(m.x(7)).as("the faulting load wrote nothing").isZero();
        assertThat(m.hart.instretTranslated()).isPositive();
    }

    @Test
    void aLargePageOfCodeIsTranslatedInPiecesHotSpotWillCompile() {
        // 1000 instructions of straight-line arithmetic in a loop: more than one region holds.
        List<Number> code = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            code.add(Asm.addi(5 + i % 3, 5 + i % 3, 1));
        }
        code.add(Asm.addi(9, 9, -1));
        code.add(Asm.branch(1, 9, 0, -4 * 1001));
        code.add(EBREAK);
        TestMachine m = new TestMachine(1);
        m.memory.map(CODE + 4096, 4096, FlatMemory.R | FlatMemory.X);
        m.codeAt(CODE, code.toArray(new Number[0])).x(9, 20);
        while (m.run() != Trap.BREAKPOINT) {
            assertThat(m.hart.pc()).isBetween(CODE, CODE + 8192);
        }
        assertThat(m.x(5) + m.x(6) + m.x(7)).isEqualTo(20 * 1000);
        assertThat(m.hart.instretTranslated()).isGreaterThan(m.hart.instret() / 2);
        assertThat(Translator.failures()).isZero();
    }

    @Test
    void aReservationTakenOutsideARegionIsStillDroppedByItsStores() {
        // The LR runs interpreted (its block reads a CSR, so it is never translated); the store
        // to the reserved doubleword sits in a region without an LR, which checks no
        // reservation: the hart must not enter that region while holding one.
        TestMachine m = new TestMachine(1).code(
                Asm.csr(2, 0, Csr.FFLAGS, 0),      //  0: frflags x0
                Asm.amo(0x02, 3, 5, 6, 0),         //  4: lr.d x5, (x6)
                Asm.jal(0, 8),                     //  8: to 16
                EBREAK,                            // 12
                Asm.store(3, 5, 6, 0),             // 16: sd x5, 0(x6): same value, same place
                Asm.jal(0, 4),                     // 20: to 24
                Asm.amo(0x03, 3, 7, 6, 8),         // 24: sc.d x7, x8, (x6)
                EBREAK).x(6, DATA).x(8, 77);
        // Run the store's region once first, so it exists when the reservation is held.
        m.hart.setPc(CODE + 16);
        m.x(6, DATA + 64);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        m.x(6, DATA);
        m.hart.setPc(CODE);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(7)).as("sc failed").isEqualTo(1);
        assertThat(m.load64(DATA)).isZero();
    }

    @Test
    void regionsAreDroppedWithTheirPage() {
        TestMachine m = new TestMachine(1).code(Asm.addi(5, 5, 1), Asm.branch(1, 5, 6, -4), EBREAK).x(6, 10);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        long before = m.hart.instretTranslated();
        m.codeAt(CODE, Asm.addi(5, 5, 2)); // a kernel write: the frame's generation moves
        m.hart.setPc(CODE);
        m.x(5, 0).x(6, 20);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(20);
        assertThat(m.hart.instretTranslated()).isGreaterThan(before);
    }
}
