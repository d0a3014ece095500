package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static dev.cowvm.kernel.Machines.load32;
import static dev.cowvm.kernel.Machines.load64;
import static dev.cowvm.kernel.Machines.load8;
import static dev.cowvm.kernel.Machines.store64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import org.junit.jupiter.api.Test;

/**
 * Every case where a cached translation would become a lie: the TLB must forget it. Each
 * test first makes the translation hot, then changes the page table, then proves the
 * stale entry is not used.
 */
class TlbInvalidationTest {
    private final Kernel kernel = Machines.kernel();
    private final Process p = kernel.spawn().orElseThrow();
    private final long buf = p.map(0, 8 * PAGE, Protection.RW, "buf").orElseThrow();

    @Test
    void aHitNeedsNoWalk() {
        store64(p, buf, 1);
        long misses = p.stats().get(Counter.TLB_MISSES);
        for (int i = 0; i < 100; i++) {
            store64(p, buf + 8L * i, i);
            assertThat(load64(p, buf + 8L * i)).isEqualTo(i);
        }
        assertThat(p.stats().get(Counter.TLB_MISSES)).isEqualTo(misses);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
    }

    @Test
    void instructionFetchesHitTheTlbUntilExecutePermissionIsTakenAway() {
        long code = p.map(0, 2 * PAGE, Protection.RX, "code").orElseThrow();
        assertThat(p.touch(code, 4, Access.EXECUTE).isOk()).isTrue();
        long misses = p.stats().get(Counter.TLB_MISSES);
        for (int i = 0; i < 100; i++) {
            assertThat(p.touch(code + 4L * i, 4, Access.EXECUTE).isOk()).isTrue();
        }
        assertThat(p.stats().get(Counter.TLB_MISSES)).isEqualTo(misses);

        p.protect(code, 2 * PAGE, Protection.R);
        assertThat(p.touch(code, 4, Access.EXECUTE).failure()).isEqualTo(Failure.SEGV);
        assertThat(p.deathReason()).contains("execute not allowed in region code (r)");
    }

    @Test
    void forkTakesAwayTheParentsCachedWritePermission() {
        store64(p, buf, 111);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
        Process child = kernel.fork(p).orElseThrow();

        assertThat(p.tlbHoldsWritable(buf)).isFalse();
        store64(p, buf, 222); // must fault and copy, not write the shared frame

        assertThat(load64(child, buf)).isEqualTo(111);
        assertThat(load64(p, buf)).isEqualTo(222);
        kernel.checkInvariants();
    }

    @Test
    void aCopyOnWriteBreakMovesTheWritersTranslationToTheCopy() {
        store64(p, buf, 5);
        Process child = kernel.fork(p).orElseThrow();
        assertThat(load64(child, buf)).isEqualTo(5);
        assertThat(child.tlbHolds(buf)).isTrue();
        assertThat(child.tlbHoldsWritable(buf)).isFalse();

        store64(child, buf, 6);

        assertThat(child.tlbHoldsWritable(buf)).isTrue();
        assertThat(load64(child, buf)).isEqualTo(6);
        assertThat(load64(p, buf)).isEqualTo(5);
        kernel.checkInvariants();
    }

    @Test
    void unmapForgetsTheTranslation() {
        store64(p, buf + PAGE, 9);
        assertThat(p.tlbHolds(buf + PAGE)).isTrue();
        p.unmap(buf, 2 * PAGE);

        assertThat(p.tlbHolds(buf + PAGE)).isFalse();
        load64(p, buf + PAGE);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }

    @Test
    void unmapOfALargeRangeFlushesEverything() {
        long big = p.map(0, 1024 * PAGE, Protection.RW, "big").orElseThrow();
        store64(p, buf, 1);
        store64(p, big + 1000L * PAGE, 2);
        p.unmap(big, 1024 * PAGE);
        assertThat(p.tlbHolds(big + 1000L * PAGE)).isFalse();
        assertThat(load64(p, buf)).isEqualTo(1); // refilled by a walk
    }

    @Test
    void mprotectToReadOnlyForgetsCachedWritePermission() {
        store64(p, buf, 1);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
        p.protect(buf, PAGE, Protection.R);

        assertThat(p.tlbHoldsWritable(buf)).isFalse();
        assertThat(load64(p, buf)).isEqualTo(1);
        assertThat(store64(p, buf, 2)).isFalse();
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.deathReason()).contains("write").contains("buf");
    }

    @Test
    void mprotectToNoneForgetsEvenReads() {
        store64(p, buf, 1);
        p.protect(buf, PAGE, Protection.NONE);
        assertThat(p.tlbHolds(buf)).isFalse();
        load64(p, buf);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }

    @Test
    void execForgetsEveryTranslation() {
        for (int i = 0; i < 8; i++) {
            store64(p, buf + (long) i * PAGE, i);
        }
        kernel.exec(p);
        for (int i = 0; i < 8; i++) {
            assertThat(p.tlbHolds(buf + (long) i * PAGE)).isFalse();
        }
        load64(p, buf);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        kernel.checkInvariants();
    }

    @Test
    void exitForgetsEveryTranslationAndFurtherUseIsRefused() {
        store64(p, buf, 1);
        kernel.exit(p, 0);
        assertThat(p.tlbHolds(buf)).isFalse();
        assertThat(p.mmu().load64(buf)).isZero();
        assertThat(p.mmu().trapFault()).as("an ended process has no page table").isEqualTo(dev.cowvm.mmu.Fault.MAPERR);
        assertThatThrownBy(() -> p.read(buf, 8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void pagesThatShareATlbSlotEvictEachOtherCorrectly() {
        Kernel k = new Kernel(KernelConfig.defaults().withTlbEntries(2));
        Process q = k.spawn().orElseThrow();
        long a = q.map(0, 16 * PAGE, Protection.RW, "a").orElseThrow();
        for (int i = 0; i < 16; i++) {
            store64(q, a + (long) i * PAGE, 1000 + i);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 16; i++) {
                assertThat(load64(q, a + (long) i * PAGE)).isEqualTo(1000 + i);
            }
        }
        k.checkInvariants();
    }

    @Test
    void aValueThatCrossesAPageBoundaryIsSplitAcrossFrames() {
        long va = buf + PAGE - 3;
        store64(p, va, 0x1122334455667788L);
        assertThat(load64(p, va)).isEqualTo(0x1122334455667788L);
        assertThat(load32(p, buf + PAGE)).isEqualTo(0x22334455); // little-endian: the top five bytes
        assertThat(load8(p, buf + PAGE - 1)).isEqualTo(0x66);
        assertThat(ascii(p.read(buf + PAGE - 3, 0).orElseThrow())).isEmpty();
    }

    @Test
    void aStoreThatCrossesIntoAForbiddenPageFaults() {
        p.protect(buf + PAGE, PAGE, Protection.R);
        store64(p, buf + PAGE - 16, 0);
        assertThat(store64(p, buf + PAGE - 4, -1L)).isFalse();
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }
}
