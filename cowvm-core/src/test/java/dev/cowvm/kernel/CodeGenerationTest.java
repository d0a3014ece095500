package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Mmu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two signals a CPU's decoded-code cache relies on: a frame's code generation, and an
 * address space's code epoch. Each must change on every event that can make decoded code
 * wrong, and on no other (a spurious change costs a decode; a missed one runs stale code).
 */
class CodeGenerationTest {
    private Kernel kernel;
    private Process p;
    private Mmu mmu;
    private long code;
    private long data;

    @BeforeEach
    void aProcessRunningCodeItHasDecoded() {
        kernel = Machines.kernel();
        p = kernel.spawn().orElseThrow();
        code = p.map(0, 2 * PAGE, Protection.RWX, "jit").orElseThrow();
        data = p.map(0, 2 * PAGE, Protection.RW, "data").orElseThrow();
        mmu = p.mmu();
        mmu.store32(code, 0x00000013); // nop: the code page has a frame
        mmu.store32(data, 7);
        decode(code);
    }

    /** What a CPU does when it decodes a page: learn its frame, watch it. */
    private int decode(long va) {
        long pa = mmu.codeAddress(va);
        assertThat(pa).isNotNegative();
        mmu.watchCode(va);
        return (int) (pa >>> 12);
    }

    private int frame() {
        return (int) (mmu.codeAddress(code) >>> 12);
    }

    private void assertUnchanged(int frame, int gen, long epoch, String what) {
        assertThat(mmu.codeGeneration(frame)).as("generation after %s", what).isEqualTo(gen);
        assertThat(mmu.codeEpoch()).as("epoch after %s", what).isEqualTo(epoch);
        assertThat(mmu.trapped()).isFalse();
    }

    @Test
    void ordinaryWorkChangesNothing() {
        int f = frame();
        int gen = mmu.codeGeneration(f);
        long epoch = mmu.codeEpoch();
        mmu.store64(data + 8, 1);
        mmu.load64(code);
        mmu.fetch32(code + 4);
        assertUnchanged(f, gen, epoch, "loads, fetches, and stores to data");

        p.map(0, PAGE, Protection.RW, "more").orElseThrow();
        mmu.store32(data + PAGE, 1); // a zero fill of a data page
        assertUnchanged(f, gen, epoch, "a map and a zero fill");

        Process child = kernel.fork(p).orElseThrow();
        assertUnchanged(f, gen, epoch, "a fork (the parent keeps its frames and bytes)");
        mmu.store32(data, 9); // a copy-on-write copy of a data page
        assertUnchanged(f, gen, epoch, "a copy of a data page");
        kernel.exit(child, 0);

        kernel.checkInvariants();
    }

    @Test
    void aStoreIntoDecodedCodeBumpsTheGenerationOnce() {
        int f = frame();
        int gen = mmu.codeGeneration(f);
        long epoch = mmu.codeEpoch();
        assertThat(p.tlbHoldsWritable(code)).as("a watched frame is never cached writable").isFalse();
        mmu.store32(code + 4, 0x00100093); // addi ra, zero, 1
        assertThat(mmu.codeGeneration(f)).isEqualTo(gen + 1);
        assertThat(mmu.codeEpoch()).isGreaterThan(epoch);
        int after = mmu.codeGeneration(f);
        mmu.store32(code + 8, 0x13);
        assertThat(mmu.codeGeneration(f)).as("nothing decoded since: no second bump").isEqualTo(after);
        decode(code);
        mmu.store8(code + 12, 0);
        assertThat(mmu.codeGeneration(f)).as("decoded again, stored again").isEqualTo(after + 1);
        kernel.checkInvariants();
    }

    @Test
    void aSystemCallsWriteIntoDecodedCodeBumpsItToo() {
        int f = frame();
        int gen = mmu.codeGeneration(f);
        assertThat(p.copyOut(code + 16, new byte[] {0x13, 0, 0, 0}, 0, 4).isOk()).isTrue();
        assertThat(mmu.codeGeneration(f)).isEqualTo(gen + 1);
    }

    @Test
    void aCopyOnWriteCopyThatMovesCodeChangesTheEpoch() {
        Process child = kernel.fork(p).orElseThrow();
        int shared = frame();
        long epoch = mmu.codeEpoch();
        mmu.store32(code + 4, 0x13); // the parent writes its code page: a copy, to a new frame
        assertThat(frame()).isNotEqualTo(shared);
        assertThat(mmu.codeEpoch()).isGreaterThan(epoch);
        kernel.exit(child, 0);
        kernel.checkInvariants();
    }

    @Test
    void unmapProtectAndExecChangeTheEpochAndFreedFramesTheirGeneration() {
        int f = frame();
        int gen = mmu.codeGeneration(f);
        long epoch = mmu.codeEpoch();
        p.protect(code, 2 * PAGE, Protection.RW).orElseThrow();
        long beforeUnmap = mmu.codeEpoch();
        assertThat(beforeUnmap).as("execute permission taken away").isGreaterThan(epoch);
        p.protect(code, 2 * PAGE, Protection.RWX).orElseThrow();
        assertThat(mmu.codeEpoch()).as("execute permission given: nothing decoded can be stale").isEqualTo(beforeUnmap);
        p.unmap(code, 2 * PAGE).orElseThrow();
        assertThat(mmu.codeEpoch()).isGreaterThan(beforeUnmap);
        assertThat(mmu.codeGeneration(f)).as("the frame went back to the pool").isEqualTo(gen + 1);

        long again = p.map(0, PAGE, Protection.RWX, "again").orElseThrow();
        mmu.store32(again, 0x13);
        decode(again);
        long beforeExec = mmu.codeEpoch();
        kernel.exec(p);
        assertThat(mmu.codeEpoch()).isGreaterThan(beforeExec);
        kernel.checkInvariants();
    }
}
