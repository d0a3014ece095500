package dev.cowvm.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PteTest {
    @Test
    void bitsSitWhereTheSpecificationPutsThem() {
        assertThat(Pte.V).isEqualTo(0x1);
        assertThat(Pte.R).isEqualTo(0x2);
        assertThat(Pte.W).isEqualTo(0x4);
        assertThat(Pte.X).isEqualTo(0x8);
        assertThat(Pte.U).isEqualTo(0x10);
        assertThat(Pte.A).isEqualTo(0x40);
        assertThat(Pte.D).isEqualTo(0x80);
        assertThat(Pte.COW).isEqualTo(0x100);
        assertThat(Pte.HELD).isEqualTo(0x200);
        assertThat(Pte.PPN_SHIFT).isEqualTo(10);
        assertThat(Pte.RESERVED_MASK).isEqualTo(0xFFC0_0000_0000_0000L);
    }

    @Test
    void leavesPointersAndHeldEntriesAreToldApart() {
        long leaf = Pte.leaf(0x1234, Pte.R | Pte.W);
        long pointer = Pte.pointer(0x99);
        long held = Pte.withFrame(Pte.HELD, 7);
        assertThat(Pte.isLeaf(leaf)).isTrue();
        assertThat(Pte.isPointer(leaf)).isFalse();
        assertThat(Pte.isPointer(pointer)).isTrue();
        assertThat(Pte.isLeaf(pointer)).isFalse();
        assertThat(Pte.mapsFrame(held)).isTrue();
        assertThat(Pte.isValid(held)).isFalse();
        assertThat(Pte.mapsFrame(0)).isFalse();
        assertThat(Pte.mapsFrame(pointer)).isFalse();
    }

    @Test
    void theFrameNumberRoundTripsThroughAllFortyFourBits() {
        int frame = (1 << 30) - 1;
        long pte = Pte.leaf(frame, Pte.R | Pte.COW);
        assertThat(Pte.frame(pte)).isEqualTo(frame);
        assertThat(Pte.frame(Pte.withFrame(pte, 5))).isEqualTo(5);
        assertThat(Pte.withFrame(pte, 5) & ~Pte.PPN_MASK).isEqualTo(pte & ~Pte.PPN_MASK);
        assertThat(pte & Pte.RESERVED_MASK).isZero();
    }

    @Test
    void flagsReadLikeATable() {
        long pte = Pte.leaf(3, Pte.R | Pte.A | Pte.COW);
        assertThat(Pte.flags(pte)).isEqualTo("r--ua-C-");
        assertThat(Pte.flags(Pte.leaf(3, Pte.R | Pte.W | Pte.X | Pte.A | Pte.D))).isEqualTo("rwxuad--");
        assertThat(Pte.flags(Pte.withFrame(Pte.HELD | Pte.COW | Pte.U, 3))).isEqualTo("---u--CH");
        assertThat(Pte.describe(pte)).isEqualTo("V R U A COW ppn=0x3");
    }
}
