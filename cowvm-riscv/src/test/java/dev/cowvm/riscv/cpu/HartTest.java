package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.TestMachine.CODE;
import static dev.cowvm.riscv.cpu.TestMachine.DATA;
import static dev.cowvm.riscv.cpu.TestMachine.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hart as a whole: budgets, traps as values, x0, LR/SC reservations, fork's copy. */
class HartTest {
    /** The translation threshold of the machines this class tests: 0, interpretation only. */
    int translateAfter() {
        return 0;
    }

    TestMachine machine() {
        return new TestMachine(translateAfter());
    }

    private static final int EBREAK = Asm.EBREAK;
    private static final int NOP = Asm.addi(0, 0, 0);

    @Test
    void aBudgetRetiresExactlyThatManyInstructions() {
        TestMachine m = machine().code(Asm.addi(5, 5, 1), Asm.jal(0, -4)); // an endless loop
        assertThat(m.hart.run(0)).isEqualTo(Trap.NONE);
        assertThat(m.hart.instret()).isZero();
        assertThat(m.hart.run(7)).isEqualTo(Trap.NONE);
        assertThat(m.hart.instret()).isEqualTo(7);
        assertThat(m.x(5)).isEqualTo(4);
        assertThat(m.hart.pc()).isEqualTo(CODE + 4);
        assertThat(m.hart.run(1_000_001)).isEqualTo(Trap.NONE);
        assertThat(m.x(5)).isEqualTo(4 + 500_000);
    }

    @Test
    void ecallLeavesTheLoopAndResumesAfterCompletion() {
        TestMachine m = machine().code(Asm.addi(17, 0, 64), Asm.ECALL, Asm.addi(5, 10, 1), EBREAK);
        assertThat(m.run()).isEqualTo(Trap.ECALL);
        assertThat(m.hart.pc()).as("at the ecall").isEqualTo(CODE + 4);
        assertThat(m.hart.instret()).as("the ecall did not retire").isEqualTo(1);
        assertThat(m.x(17)).isEqualTo(64);
        m.hart.completeEcall(41);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(42);
    }

    @Test
    void breakpointsReportTheirPc() {
        TestMachine m = machine().code(NOP, c(Asm.cEbreak()));
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.hart.trapValue()).isEqualTo(CODE + 4);
        assertThat(m.hart.pc()).isEqualTo(CODE + 4);
    }

    @Test
    void illegalInstructionsCarryTheirBits() {
        TestMachine m = machine().code(NOP, c(0));
        assertThat(m.run()).isEqualTo(Trap.ILLEGAL_INSTRUCTION);
        assertThat(m.hart.trapValue()).isZero();
        assertThat(m.hart.pc()).isEqualTo(CODE + 4);
        m = machine().code(0x30200073); // mret
        assertThat(m.run()).isEqualTo(Trap.ILLEGAL_INSTRUCTION);
        assertThat(m.hart.trapValue()).isEqualTo(0x30200073L);
        m = machine().code(c(0x9C41), NOP);
        assertThat(m.run()).isEqualTo(Trap.ILLEGAL_INSTRUCTION);
        assertThat(m.hart.trapValue()).isEqualTo(0x9C41);
    }

    @Test
    void aFaultingLoadWritesNothingAndStopsAtTheLoad() {
        TestMachine m = machine().code(NOP, Asm.load(3, 5, 6, 8), EBREAK).x(5, 99).x(6, 0x90000);
        assertThat(m.run()).isEqualTo(Trap.LOAD_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(0x90008);
        assertThat(m.hart.pc()).isEqualTo(CODE + 4);
        assertThat(m.x(5)).isEqualTo(99);
        assertThat(m.hart.instret()).isEqualTo(1);
        assertThat(m.memory.trapped()).as("the trap was taken from the memory").isFalse();
    }

    @Test
    void aStoreToAReadOnlyPageChangesNothing() {
        TestMachine m = machine().code(Asm.store(3, 5, 6, 0), EBREAK).x(5, -1).x(6, CODE + 64);
        assertThat(m.run()).isEqualTo(Trap.STORE_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(CODE + 64);
        assertThat(m.load64(CODE + 64)).isZero();
    }

    @Test
    void aStoreCrossingIntoAnUnmappedPageWritesNeitherPart() {
        TestMachine m = machine().code(Asm.store(3, 5, 6, 0), EBREAK).x(5, -1).x(6, DATA + 4092);
        assertThat(m.run()).isEqualTo(Trap.STORE_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(DATA + 4096);
        assertThat(m.memory.peek(DATA + 4092, 4)).containsOnly(0);
    }

    @Test
    void atomicsFaultAsStores() {
        int amoadd = Asm.amo(0x00, 3, 5, 6, 7);
        TestMachine m = machine().code(amoadd, EBREAK).x(5, 99).x(6, 0x90000).x(7, 1);
        assertThat(m.run()).as("unmapped").isEqualTo(Trap.STORE_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(0x90000);
        assertThat(m.x(5)).isEqualTo(99);
        m = machine().code(amoadd, EBREAK).x(5, 99).x(6, CODE + 64).x(7, 1);
        assertThat(m.run()).as("read-only").isEqualTo(Trap.STORE_PAGE_FAULT);
        assertThat(m.x(5)).isEqualTo(99);
        assertThat(m.load64(CODE + 64)).isZero();
        m = machine().code(Asm.amo(0x02, 3, 5, 6, 0), EBREAK).x(6, 0x90000);
        assertThat(m.run()).as("lr is a load").isEqualTo(Trap.LOAD_PAGE_FAULT);
    }

    @Test
    void misalignedAtomicsTrap() {
        TestMachine m = machine().code(Asm.amo(0x01, 2, 5, 6, 7), EBREAK).x(6, DATA + 2);
        assertThat(m.run()).isEqualTo(Trap.STORE_MISALIGNED);
        assertThat(m.hart.trapValue()).isEqualTo(DATA + 2);
        m = machine().code(Asm.amo(0x02, 3, 5, 6, 0), EBREAK).x(6, DATA + 4);
        assertThat(m.run()).isEqualTo(Trap.LOAD_MISALIGNED);
        m = machine().code(Asm.amo(0x03, 3, 5, 6, 7), EBREAK).x(6, DATA + 4);
        assertThat(m.run()).isEqualTo(Trap.STORE_MISALIGNED);
    }

    @Test
    void jumpingToAnUnmappedPageIsAnInstructionFault() {
        TestMachine m = machine().code(Asm.jalr(1, 5, 0)).x(5, 0x700000);
        assertThat(m.run()).isEqualTo(Trap.FETCH_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(0x700000);
        assertThat(m.hart.pc()).isEqualTo(0x700000);
        assertThat(m.x(1)).as("the jump retired").isEqualTo(CODE + 4);
        m = machine().code(Asm.jalr(1, 5, 0)).x(5, DATA);
        assertThat(m.run()).as("data is not executable").isEqualTo(Trap.FETCH_PAGE_FAULT);
    }

    @Test
    void anInstructionCrossingIntoAnUnmappedPageFaultsOnTheSecondPage() {
        TestMachine m = machine();
        m.codeAt(CODE + 4092, c(Asm.cNop()), c(Asm.addi(5, 0, 1))); // only its first half is mapped
        m.hart.setPc(CODE + 4092);
        assertThat(m.run()).isEqualTo(Trap.FETCH_PAGE_FAULT);
        assertThat(m.hart.trapValue()).isEqualTo(CODE + 4096);
        assertThat(m.hart.pc()).isEqualTo(CODE + 4094);
        assertThat(m.x(5)).isZero();
    }

    @Test
    void anInstructionCrossingIntoAnotherFrameRuns() {
        TestMachine m = machine();
        m.memory.map(CODE + 4096, 4096, FlatMemory.R | FlatMemory.X);
        m.codeAt(CODE + 4092, c(Asm.cNop()), Asm.addi(5, 5, 1), Asm.jal(0, -4));
        m.hart.setPc(CODE + 4092);
        assertThat(m.hart.run(1 + 2 * 100)).isEqualTo(Trap.NONE);
        assertThat(m.x(5)).isEqualTo(100);
        assertThat(m.memory.frameOf(CODE)).isNotEqualTo(m.memory.frameOf(CODE + 4096));
    }

    @Test
    void x0StaysZeroWhateverWritesIt() {
        TestMachine m = machine().code(
                Asm.addi(0, 0, 5), Asm.lui(0, 1), Asm.auipc(0, 1), Asm.jal(0, 4), Asm.load(3, 0, 6, 0),
                Asm.op(1, 0, 0, 6, 6), Asm.amo(0x00, 3, 0, 6, 6), Asm.csr(2, 0, Csr.FCSR, 0),
                Asm.opFp(0x14, 1, 0, 1, 1, 2), Asm.op(0, 0, 5, 0, 0), EBREAK).x(5, 7).x(6, DATA);
        m.memory.poke(DATA, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(0)).isZero();
        assertThat(m.x(5)).as("add x5, x0, x0").isZero();
        m.hart.setX(0, 123);
        assertThat(m.hart.x(0)).isZero();
    }

    @Test
    void scSucceedsOnlyWhileTheReservationHolds() {
        int lr = Asm.amo(0x02, 3, 5, 6, 0);
        int sc = Asm.amo(0x03, 3, 7, 6, 8);
        // lr; sc: success
        TestMachine m = machine().code(lr, sc, EBREAK).x(6, DATA).x(8, 9);
        m.run();
        assertThat(m.x(7)).isZero();
        assertThat(m.load64(DATA)).isEqualTo(9);
        assertThat(m.hart.holdsReservation()).isFalse();
        // lr; store of the same value to the reserved doubleword; sc: fails (stricter than
        // comparing values, as the specification allows and the scheduler expects)
        m = machine().code(lr, Asm.store(2, 5, 6, 4), sc, EBREAK).x(6, DATA).x(8, 9);
        m.run();
        assertThat(m.x(7)).isEqualTo(1);
        assertThat(m.load64(DATA)).isZero();
        // lr; a store to the next doubleword; sc: succeeds
        m = machine().code(lr, Asm.store(3, 5, 6, 8), sc, EBREAK).x(6, DATA).x(8, 9);
        m.run();
        assertThat(m.x(7)).isZero();
        // lr; a misaligned store reaching into the reserved doubleword from below; sc: fails
        m = machine().code(Asm.amo(0x02, 3, 5, 6, 0), Asm.store(3, 5, 9, 0), Asm.amo(0x03, 3, 7, 6, 8), EBREAK)
                .x(6, DATA + 8).x(9, DATA + 1).x(8, 9);
        m.run();
        assertThat(m.x(7)).isEqualTo(1);
        // lr; sc to another doubleword: fails
        m = machine().code(lr, Asm.addi(6, 6, 8), sc, EBREAK).x(6, DATA).x(8, 9);
        m.run();
        assertThat(m.x(7)).isEqualTo(1);
    }

    @Test
    void aTrapOrAContextSwitchDropsTheReservation() {
        int lr = Asm.amo(0x02, 3, 5, 6, 0);
        int sc = Asm.amo(0x03, 3, 7, 6, 8);
        TestMachine m = machine().code(lr, Asm.ECALL, sc, EBREAK).x(6, DATA).x(8, 9);
        assertThat(m.run()).isEqualTo(Trap.ECALL);
        assertThat(m.hart.holdsReservation()).isFalse();
        m.hart.completeEcall(0);
        m.run();
        assertThat(m.x(7)).isEqualTo(1);
        m = machine().code(lr, sc, EBREAK).x(6, DATA).x(8, 9);
        assertThat(m.hart.run(1)).isEqualTo(Trap.NONE);
        assertThat(m.hart.holdsReservation()).isTrue();
        m.hart.clearReservation();
        m.run();
        assertThat(m.x(7)).isEqualTo(1);
        assertThat(m.load64(DATA)).isZero();
    }

    @Test
    void forkCopiesArchitecturalState() {
        TestMachine parent = machine();
        parent.hart.setX(10, 77);
        parent.hart.setF(3, 0x4000000000000000L);
        parent.hart.setFcsr(0x81);
        parent.hart.setPc(CODE + 8);
        TestMachine child = machine();
        child.hart.copyStateFrom(parent.hart);
        assertThat(child.hart.x(10)).isEqualTo(77);
        assertThat(child.hart.f(3)).isEqualTo(0x4000000000000000L);
        assertThat(child.hart.fcsr()).isEqualTo(0x81);
        assertThat(child.hart.pc()).isEqualTo(CODE + 8);
        assertThat(child.hart.memory()).isSameAs(child.memory);
    }

    @Test
    void hostMisuseIsRefused() {
        Hart h = machine().hart;
        assertThatThrownBy(() -> h.x(32)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> h.setF(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hart(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeCache(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trapsHaveNames() {
        assertThat(Trap.describe(Trap.STORE_PAGE_FAULT)).isEqualTo("store/AMO page fault");
        assertThat(Trap.describe(Trap.NONE)).isEqualTo("budget spent");
        assertThat(Trap.describe(99)).isEqualTo("cause 99");
    }
}
