package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
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
    private final long buf = p.map(0, 8 * PAGE, Protection.RW, "buf");

    @Test
    void aHitNeedsNoWalk() {
        p.store64(buf, 1);
        long misses = p.stats().get(Counter.TLB_MISSES);
        for (int i = 0; i < 100; i++) {
            p.store64(buf + 8L * i, i);
            assertThat(p.load64(buf + 8L * i)).isEqualTo(i);
        }
        assertThat(p.stats().get(Counter.TLB_MISSES)).isEqualTo(misses);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
    }

    @Test
    void instructionFetchesHitTheTlbUntilExecutePermissionIsTakenAway() {
        long code = p.map(0, 2 * PAGE, Protection.RX, "code");
        assertThat(p.touch(code, 4, Access.EXECUTE)).isTrue();
        long misses = p.stats().get(Counter.TLB_MISSES);
        for (int i = 0; i < 100; i++) {
            assertThat(p.touch(code + 4L * i, 4, Access.EXECUTE)).isTrue();
        }
        assertThat(p.stats().get(Counter.TLB_MISSES)).isEqualTo(misses);

        p.protect(code, 2 * PAGE, Protection.R);
        assertThat(p.touch(code, 4, Access.EXECUTE)).isFalse();
        assertThat(p.deathReason()).contains("execute not allowed in region code (r)");
    }

    @Test
    void forkTakesAwayTheParentsCachedWritePermission() {
        p.store64(buf, 111);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
        Process child = kernel.fork(p).orElseThrow();

        assertThat(p.tlbHoldsWritable(buf)).isFalse();
        p.store64(buf, 222); // must fault and copy, not write the shared frame

        assertThat(child.load64(buf)).isEqualTo(111);
        assertThat(p.load64(buf)).isEqualTo(222);
        kernel.checkInvariants();
    }

    @Test
    void aCopyOnWriteBreakMovesTheWritersTranslationToTheCopy() {
        p.store64(buf, 5);
        Process child = kernel.fork(p).orElseThrow();
        assertThat(child.load64(buf)).isEqualTo(5);
        assertThat(child.tlbHolds(buf)).isTrue();
        assertThat(child.tlbHoldsWritable(buf)).isFalse();

        child.store64(buf, 6);

        assertThat(child.tlbHoldsWritable(buf)).isTrue();
        assertThat(child.load64(buf)).isEqualTo(6);
        assertThat(p.load64(buf)).isEqualTo(5);
        kernel.checkInvariants();
    }

    @Test
    void unmapForgetsTheTranslation() {
        p.store64(buf + PAGE, 9);
        assertThat(p.tlbHolds(buf + PAGE)).isTrue();
        p.unmap(buf, 2 * PAGE);

        assertThat(p.tlbHolds(buf + PAGE)).isFalse();
        p.load64(buf + PAGE);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }

    @Test
    void unmapOfALargeRangeFlushesEverything() {
        long big = p.map(0, 1024 * PAGE, Protection.RW, "big");
        p.store64(buf, 1);
        p.store64(big + 1000L * PAGE, 2);
        p.unmap(big, 1024 * PAGE);
        assertThat(p.tlbHolds(big + 1000L * PAGE)).isFalse();
        assertThat(p.load64(buf)).isEqualTo(1); // refilled by a walk
    }

    @Test
    void mprotectToReadOnlyForgetsCachedWritePermission() {
        p.store64(buf, 1);
        assertThat(p.tlbHoldsWritable(buf)).isTrue();
        p.protect(buf, PAGE, Protection.R);

        assertThat(p.tlbHoldsWritable(buf)).isFalse();
        assertThat(p.load64(buf)).isEqualTo(1);
        assertThat(p.store64(buf, 2)).isFalse();
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.deathReason()).contains("write").contains("buf");
    }

    @Test
    void mprotectToNoneForgetsEvenReads() {
        p.store64(buf, 1);
        p.protect(buf, PAGE, Protection.NONE);
        assertThat(p.tlbHolds(buf)).isFalse();
        p.load64(buf);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }

    @Test
    void execForgetsEveryTranslation() {
        for (int i = 0; i < 8; i++) {
            p.store64(buf + (long) i * PAGE, i);
        }
        kernel.exec(p);
        for (int i = 0; i < 8; i++) {
            assertThat(p.tlbHolds(buf + (long) i * PAGE)).isFalse();
        }
        p.load64(buf);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        kernel.checkInvariants();
    }

    @Test
    void exitForgetsEveryTranslationAndFurtherUseIsRefused() {
        p.store64(buf, 1);
        kernel.exit(p, 0);
        assertThat(p.tlbHolds(buf)).isFalse();
        assertThatThrownBy(() -> p.load64(buf)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void pagesThatShareATlbSlotEvictEachOtherCorrectly() {
        Kernel k = new Kernel(KernelConfig.defaults().withTlbEntries(2));
        Process q = k.spawn().orElseThrow();
        long a = q.map(0, 16 * PAGE, Protection.RW, "a");
        for (int i = 0; i < 16; i++) {
            q.store64(a + (long) i * PAGE, 1000 + i);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 16; i++) {
                assertThat(q.load64(a + (long) i * PAGE)).isEqualTo(1000 + i);
            }
        }
        k.checkInvariants();
    }

    @Test
    void aValueThatCrossesAPageBoundaryIsSplitAcrossFrames() {
        long va = buf + PAGE - 3;
        p.store64(va, 0x1122334455667788L);
        assertThat(p.load64(va)).isEqualTo(0x1122334455667788L);
        assertThat(p.load32(buf + PAGE)).isEqualTo(0x22334455); // little-endian: the top five bytes
        assertThat(p.load8(buf + PAGE - 1)).isEqualTo(0x66);
        assertThat(ascii(p.read(buf + PAGE - 3, 0))).isEmpty();
    }

    @Test
    void aStoreThatCrossesIntoAForbiddenPageFaults() {
        p.protect(buf + PAGE, PAGE, Protection.R);
        p.store64(buf + PAGE - 16, 0);
        assertThat(p.store64(buf + PAGE - 4, -1L)).isFalse();
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
    }
}
