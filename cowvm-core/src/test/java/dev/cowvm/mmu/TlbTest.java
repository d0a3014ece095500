package dev.cowvm.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlbTest {
    private final Tlb tlb = new Tlb(4);
    private final byte[] page = new byte[4096];

    @Test
    void aHitReturnsThePageAndAMissNull() {
        tlb.fill(5, 1, page, true, false);
        assertThat(tlb.forRead(5 << 12 | 0x123)).isSameAs(page);
        assertThat(tlb.forWrite(5 << 12)).isNull();
        assertThat(tlb.forRead(6 << 12)).isNull();
        assertThat(tlb.forRead(9 << 12)).as("same slot, other page").isNull();
    }

    @Test
    void aFillEvictsTheSlotsPreviousPageIncludingItsWriteTag() {
        tlb.fill(1, 1, page, true, true);
        tlb.fill(5, 2, new byte[4096], true, false);
        assertThat(tlb.holds(1)).isFalse();
        assertThat(tlb.forWrite(1 << 12)).isNull();
        assertThat(tlb.holdsWritable(5)).isFalse();
    }

    @Test
    void flushesArePrecise() {
        for (long vpn = 0; vpn < 4; vpn++) {
            tlb.fill(vpn, 1, page, true, true);
        }
        tlb.flush(2);
        assertThat(tlb.holds(2)).isFalse();
        assertThat(tlb.holds(1) && tlb.holds(3)).isTrue();
        tlb.flush(7); // not cached: nothing happens to slot 3
        assertThat(tlb.holds(3)).isTrue();
        tlb.flushRange(0, 2);
        assertThat(tlb.holds(0) || tlb.holds(1)).isFalse();
        assertThat(tlb.holds(3)).isTrue();
        tlb.flushRange(0, 100);
        assertThat(tlb.holds(3)).isFalse();
    }

    @Test
    void executePermissionIsCachedOnItsOwnAndFlushedWithTheRest() {
        tlb.fill(2, 1, page, false, false, true);
        assertThat(tlb.forExecute(2 << 12 | 7)).isSameAs(page);
        assertThat(tlb.forRead(2 << 12)).as("execute-only").isNull();
        tlb.fill(3, 1, page, true, false);
        assertThat(tlb.forExecute(3 << 12)).as("a fill without X").isNull();
        tlb.flush(2);
        assertThat(tlb.holdsExecutable(2)).isFalse();
        tlb.fill(2, 1, page, true, false, true);
        tlb.fill(6, 2, page, true, false);
        assertThat(tlb.holdsExecutable(2)).as("evicted by another page in its slot").isFalse();
    }

    @Test
    void sizesArePowersOfTwo() {
        assertThatThrownBy(() -> new Tlb(3)).hasMessage("TLB entries 3 must be a power of two");
        assertThat(new Tlb(1).entries()).isEqualTo(1);
    }
}
