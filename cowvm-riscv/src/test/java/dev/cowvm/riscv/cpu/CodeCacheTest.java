package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.TestMachine.CODE;
import static dev.cowvm.riscv.cpu.TestMachine.c;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Decoded code never goes stale: every way the bytes behind a pc can change (a store, a
 * kernel write, a copy-on-write move to a new frame, unmap, mprotect) is seen.
 */
class CodeCacheTest {
    /** The translation threshold of the machines this class tests: 0, interpretation only. */
    int translateAfter() {
        return 0;
    }

    TestMachine machine() {
        return new TestMachine(translateAfter());
    }

    private static final int EBREAK = Asm.EBREAK;

    /** A machine whose code page may also be written. */
    private TestMachine rwx() {
        TestMachine m = machine();
        m.memory.protect(CODE, 4096, FlatMemory.R | FlatMemory.W | FlatMemory.X);
        return m;
    }

    @Test
    void decodingWatchesAPageOnceNotEveryInstruction() {
        TestMachine m = machine().code(Asm.addi(5, 5, 1), Asm.jal(0, -4));
        m.hart.run(10_000);
        assertThat(m.x(5)).isEqualTo(5000);
        assertThat(m.memory.watchCalls).isEqualTo(1);
    }

    @Test
    void aStoreIntoCodeAheadIsSeenAtOnce() {
        // sw x6 over the instruction after it, then run it: the new instruction executes.
        TestMachine m = rwx().code(Asm.store(2, 6, 7, 8), Asm.addi(0, 0, 0), Asm.addi(5, 0, 1), EBREAK)
                .x(7, CODE).x(6, Asm.addi(5, 0, 2));
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(2);
    }

    @Test
    void fenceIMakesRewrittenCodeRunAfterItWasDecoded() {
        // A loop calls f, then rewrites f's first instruction, fence.i, and calls again.
        long f = CODE + 0x100;
        TestMachine m = rwx();
        m.codeAt(f, Asm.addi(10, 0, 1), Asm.jalr(0, 1, 0));
        m.code(Asm.jal(1, 0x100), Asm.op(0, 0, 20, 20, 10),      // call f; x20 += a0
                Asm.store(2, 6, 7, 0), Asm.FENCE_I,               // patch f
                Asm.jal(1, 0x100 - 16), Asm.op(0, 0, 20, 20, 10), // call f again
                EBREAK).x(7, f).x(6, Asm.addi(10, 0, 40));
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(20)).isEqualTo(41);
    }

    @Test
    void aKernelWriteBetweenRunsIsSeen() {
        TestMachine m = machine().code(Asm.addi(5, 0, 1), EBREAK);
        m.run();
        assertThat(m.x(5)).isEqualTo(1);
        m.codeAt(CODE, Asm.addi(5, 0, 3));
        m.hart.setPc(CODE);
        m.run();
        assertThat(m.x(5)).isEqualTo(3);
    }

    @Test
    void aPageMovedToAnotherFrameIsFollowed() {
        TestMachine m = machine().code(Asm.addi(5, 0, 1), EBREAK);
        m.run();
        int old = m.memory.frameOf(CODE);
        int moved = m.memory.moveToNewFrame(CODE);
        assertThat(moved).isNotEqualTo(old);
        m.codeAt(CODE, Asm.addi(5, 0, 7));   // only the new frame changes
        m.hart.setPc(CODE);
        m.run();
        assertThat(m.x(5)).isEqualTo(7);
    }

    @Test
    void aCopyOnWriteMoveDuringARunIsFollowed() {
        // The page is shared copy-on-write. f runs once (so it is decoded), then a store into
        // f breaks the sharing: the page moves to a copy holding the store, and the second
        // call must run the copy while the original frame keeps the old instruction.
        TestMachine m = rwx().code(
                Asm.jal(1, 24),                 //  0: call f
                Asm.branch(1, 20, 0, 16),       //  4: patched already? to 20
                Asm.store(2, 6, 7, 24),         //  8: patch f
                Asm.addi(20, 0, 1),             // 12
                Asm.jal(0, -16),                // 16: back to 0
                EBREAK,                         // 20
                Asm.addi(5, 0, 1),              // 24: f
                Asm.jalr(0, 1, 0)).x(7, CODE).x(6, Asm.addi(5, 0, 9));
        m.memory.markCopyOnWrite(CODE);
        int shared = m.memory.frameOf(CODE);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.memory.frameOf(CODE)).isNotEqualTo(shared);
        assertThat(m.x(5)).isEqualTo(9);
        assertThat(m.hart.instret()).isEqualTo(11);
    }

    @Test
    void unmappingOrProtectingCodeStopsItsExecution() {
        TestMachine m = machine().code(Asm.addi(5, 5, 1), Asm.jal(0, -4));
        m.hart.run(100);
        m.memory.protect(CODE, 4096, FlatMemory.R);
        assertThat(m.hart.run(100)).isEqualTo(Trap.FETCH_PAGE_FAULT);
        m.memory.protect(CODE, 4096, FlatMemory.R | FlatMemory.X);
        assertThat(m.hart.run(100)).isEqualTo(Trap.NONE);
        m.memory.unmap(CODE, 4096);
        assertThat(m.hart.run(100)).isEqualTo(Trap.FETCH_PAGE_FAULT);
        assertThat(m.hart.trapValue() & -4096L).isEqualTo(CODE);
    }

    @Test
    void selfModifyingLoopsStayCorrect() {
        // Each iteration rewrites the immediate of the instruction it runs next.
        TestMachine m = rwx().code(
                Asm.shiftImm(0, 8, 9, 20),          // x8 = x9 << 20
                Asm.op(0, 6, 8, 8, 11),             // x8 |= template (addi x10, x0, 0)
                Asm.store(2, 8, 7, 16),             // store it at CODE + 16
                Asm.op(0, 0, 20, 20, 20),           // (filler)
                Asm.addi(10, 0, 0),                 // CODE + 16: rewritten each time
                Asm.op(0, 0, 21, 21, 10),           // x21 += x10
                Asm.addi(9, 9, 1),
                Asm.branch(4, 9, 12, -28),          // while x9 < x12
                EBREAK).x(7, CODE).x(9, 1).x(11, Asm.addi(10, 0, 0)).x(12, 101);
        assertThat(m.run()).isIn(Trap.BREAKPOINT, Trap.NONE);
        while (m.hart.pc() != CODE + 32) {
            m.run();
        }
        assertThat(m.x(21)).isEqualTo(5050);
    }

    @Test
    void aSmallCacheEvictsAndStaysCorrect() {
        FlatMemory mem = new FlatMemory();
        long base = 0x100000;
        mem.map(base, 3 * 4096, FlatMemory.R | FlatMemory.X);
        // Three pages each add to x5 and jump to the next; the last jumps back to the first.
        for (int p = 0; p < 3; p++) {
            long at = base + p * 4096L;
            int back = p < 2 ? 4096 - 4 : -(2 * 4096) - 4;
            mem.poke(at, TestMachine.bytes(Asm.addi(5, 5, p + 1), Asm.jal(0, back)));
        }
        Hart h = new Hart(mem, new CodeCache(2));
        h.setTranslation(translateAfter());
        h.setPc(base);
        assertThat(h.run(6 * 1000)).isEqualTo(Trap.NONE);
        assertThat(h.x(5)).isEqualTo(6 * 1000);
        assertThat(mem.watchCalls).as("pages were decoded again after eviction").isGreaterThan(3);
    }

    @Test
    void compressedAndFullInstructionsShareAPage() {
        TestMachine m = machine().code(c(Asm.cLi(5, 3)), Asm.addi(5, 5, 4), c(Asm.cAddi(5, 1)),
                c(Asm.cNop()), EBREAK);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(8);
        // Jumping into the middle of a 4-byte instruction decodes its upper half on its own:
        // lui x6, 0x429d0 has c.li x5, 7 (0x429d) as its upper half.
        m = machine().code(c(Asm.cNop()), 0x429D0337, EBREAK);
        assertThat(m.hart.run(2)).isEqualTo(Trap.NONE);
        assertThat(m.x(6)).isEqualTo(0x429D0000L);
        assertThat(m.x(5)).isZero();
        m.hart.setPc(CODE + 4);
        assertThat(m.run()).isEqualTo(Trap.BREAKPOINT);
        assertThat(m.x(5)).isEqualTo(7);
        m.hart.setPc(CODE + 2);
        assertThat(m.hart.run(1)).isEqualTo(Trap.NONE);
        assertThat(m.hart.pc()).as("the whole instruction again").isEqualTo(CODE + 6);
    }
}
