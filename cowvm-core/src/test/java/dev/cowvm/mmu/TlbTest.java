package dev.cowvm.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlbTest {
    private static final long PAGE = 4096;
    private final Tlb tlb = new Tlb(4);

    /** The physical address an access of {@code size} bytes at {@code va} reaches on a hit, or -1 on a miss. */
    private long hit(int kind, long va, int size) {
        int i = tlb.index(va);
        long[] t = tlb.e;
        return t[i + kind] == (va & ~(0xFFFL & ~(size - 1))) ? va + t[i + Tlb.DELTA] : -1;
    }

    @Test
    void aHitIsOneCompareAndOneAdd() {
        tlb.fill(5 * PAGE, 1 * PAGE, true, false, false);
        assertThat(hit(Tlb.READ, 5 * PAGE | 0x123, 1)).isEqualTo(PAGE | 0x123);
        assertThat(hit(Tlb.WRITE, 5 * PAGE, 1)).isEqualTo(-1);
        assertThat(hit(Tlb.READ, 6 * PAGE, 1)).isEqualTo(-1);
        assertThat(hit(Tlb.READ, 9 * PAGE, 1)).as("same slot, other page").isEqualTo(-1);
    }

    @Test
    void misalignedAccessesMissThroughTheSameCompare() {
        tlb.fill(5 * PAGE, 2 * PAGE, true, true, false);
        assertThat(hit(Tlb.READ, 5 * PAGE + 8, 8)).isEqualTo(2 * PAGE + 8);
        assertThat(hit(Tlb.READ, 5 * PAGE + 12, 8)).as("8 bytes at a 4-byte boundary").isEqualTo(-1);
        assertThat(hit(Tlb.READ, 5 * PAGE + 4092, 4)).isEqualTo(2 * PAGE + 4092);
        assertThat(hit(Tlb.READ, 5 * PAGE + 4095, 2)).as("would cross into the next page").isEqualTo(-1);
        assertThat(hit(Tlb.READ, 5 * PAGE + 4095, 1)).isEqualTo(2 * PAGE + 4095);
    }

    @Test
    void anEmptySlotNeverMatches() {
        for (long va : new long[] {0, -1L, -PAGE, 0xFFFL, Long.MIN_VALUE}) {
            for (int size : new int[] {1, 2, 4, 8}) {
                for (int kind : new int[] {Tlb.READ, Tlb.WRITE, Tlb.EXEC}) {
                    assertThat(hit(kind, va, size)).as("0x%x size %d", va, size).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void aFillEvictsTheSlotsPreviousPageIncludingItsWriteTag() {
        tlb.fill(1 * PAGE, PAGE, true, true, false);
        tlb.fill(5 * PAGE, 2 * PAGE, true, false, false);
        assertThat(tlb.holds(PAGE)).isFalse();
        assertThat(hit(Tlb.WRITE, PAGE, 1)).isEqualTo(-1);
        assertThat(tlb.holdsWritable(5 * PAGE)).isFalse();
    }

    @Test
    void flushesArePrecise() {
        for (long vpn = 0; vpn < 4; vpn++) {
            tlb.fill(vpn * PAGE, PAGE, true, true, false);
        }
        assertThat(tlb.flush(2 * PAGE)).as("not executable").isFalse();
        assertThat(tlb.holds(2 * PAGE)).isFalse();
        assertThat(tlb.holds(PAGE) && tlb.holds(3 * PAGE)).isTrue();
        tlb.flush(7 * PAGE); // not cached: nothing happens to slot 3
        assertThat(tlb.holds(3 * PAGE)).isTrue();
        tlb.flushRange(0, 2 * PAGE);
        assertThat(tlb.holds(0) || tlb.holds(PAGE)).isFalse();
        assertThat(tlb.holds(3 * PAGE)).isTrue();
        tlb.flushRange(0, 100 * PAGE);
        assertThat(tlb.holds(3 * PAGE)).isFalse();
    }

    @Test
    void executePermissionIsCachedOnItsOwnAndFlushedWithTheRest() {
        tlb.fill(2 * PAGE, PAGE, false, false, true);
        assertThat(hit(Tlb.EXEC, 2 * PAGE | 6, 2)).isEqualTo(PAGE | 6);
        assertThat(tlb.holds(2 * PAGE)).as("execute-only").isFalse();
        tlb.fill(3 * PAGE, PAGE, true, false, false);
        assertThat(tlb.holdsExecutable(3 * PAGE)).as("a fill without X").isFalse();
        assertThat(tlb.flush(2 * PAGE)).as("it was executable").isTrue();
        assertThat(tlb.holdsExecutable(2 * PAGE)).isFalse();
        tlb.fill(2 * PAGE, PAGE, true, false, true);
        tlb.fill(6 * PAGE, 2 * PAGE, true, false, false);
        assertThat(tlb.holdsExecutable(2 * PAGE)).as("evicted by another page in its slot").isFalse();
    }

    @Test
    void forbiddingWritesKeepsReadsAndFetches() {
        tlb.fill(2 * PAGE, PAGE, true, true, true);
        tlb.forbidWrite(2 * PAGE + 100);
        assertThat(tlb.holdsWritable(2 * PAGE)).isFalse();
        assertThat(tlb.holds(2 * PAGE) && tlb.holdsExecutable(2 * PAGE)).isTrue();
    }

    @Test
    void sizesArePowersOfTwo() {
        assertThatThrownBy(() -> new Tlb(3)).hasMessage("TLB entries 3 must be a power of two");
        assertThat(new Tlb(1).entries()).isEqualTo(1);
        assertThat(new Tlb(1).maxEntries()).isEqualTo(1);
    }

    @Test
    void itStartsSmallAndGrowsWithItsMissesUpToItsSize() {
        Tlb t = new Tlb(64);
        assertThat(t.entries()).isEqualTo(Tlb.INITIAL);
        int grew = 0;
        for (int miss = 0; miss < 1000; miss++) {
            if (t.missed()) {
                grew++;
            }
        }
        assertThat(grew).as("16 -> 32 -> 64").isEqualTo(2);
        assertThat(t.entries()).isEqualTo(64);
        t.fill(PAGE, PAGE, true, true, true);
        assertThat(t.holds(PAGE)).isTrue();
        Tlb small = new Tlb(4);
        for (int miss = 0; miss < 100; miss++) {
            assertThat(small.missed()).as("never past its size").isFalse();
        }
        assertThat(small.entries()).isEqualTo(4);
    }

    @Test
    void growingEmptiesIt() {
        Tlb t = new Tlb(32);
        t.fill(PAGE, PAGE, true, true, true);
        boolean grew = false;
        while (!grew) {
            grew = t.missed();
        }
        assertThat(t.holds(PAGE)).isFalse();
    }
}
