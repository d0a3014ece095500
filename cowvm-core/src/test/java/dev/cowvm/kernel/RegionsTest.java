package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** map, unmap, mprotect, brk, and the segmentation faults they imply. */
class RegionsTest {
    private final Kernel kernel = Machines.kernel();
    private final Process p = kernel.spawn().orElseThrow();

    @Test
    void mappingsWithoutAnAddressGoToTheFirstFreeRangeAboveTheBase() {
        long a = p.map(0, 3 * PAGE, Protection.RW, "a");
        long b = p.map(0, PAGE, Protection.R, "b");
        assertThat(a).isEqualTo(AddressLayout.MMAP_BASE);
        assertThat(b).isEqualTo(a + 3 * PAGE);
        p.unmap(a, 3 * PAGE);
        assertThat(p.map(0, 2 * PAGE, Protection.RW, "c")).isEqualTo(a); // first fit
        assertThat(p.map(0, 2 * PAGE, Protection.RW, "d")).isEqualTo(b + PAGE);
    }

    @Test
    void lengthsAreRoundedUpToPages() {
        long a = p.map(0, 1, Protection.RW, "tiny");
        assertThat(p.regionAt(a).length()).isEqualTo(PAGE);
    }

    @Test
    void badMappingsAreRefusedWithAClearMessage() {
        p.map(0x4000_0000L, 4 * PAGE, Protection.RW, "buf");
        assertThatThrownBy(() -> p.map(0x4000_0000L + PAGE, PAGE, Protection.RW, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps region buf");
        assertThatThrownBy(() -> p.map(0x4000_0123L, PAGE, Protection.RW, "x"))
                .hasMessageContaining("not page-aligned");
        assertThatThrownBy(() -> p.map(0x1000, PAGE, Protection.RW, "x")).hasMessageContaining("outside user space");
        assertThatThrownBy(() -> p.map(1L << 38, PAGE, Protection.RW, "x")).hasMessageContaining("outside user space");
        assertThatThrownBy(() -> p.map(0, 0, Protection.RW, "x")).hasMessageContaining("length 0");
        assertThatThrownBy(() -> p.map(0, PAGE, Protection.RW, "[heap]")).hasMessageContaining("kernel's");
        assertThat(p.regions()).hasSize(1);
    }

    @Test
    void theLastPageOfUserSpaceCanBeMappedAndUsed() {
        long top = (1L << 38) - PAGE;
        p.map(top, PAGE, Protection.RW, "top");
        p.store64(top + PAGE - 8, 42);
        assertThat(p.load64(top + PAGE - 8)).isEqualTo(42);
        p.load8(1L << 38);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.deathReason()).contains("outside user space");
    }

    @Test
    void unmappingTheMiddleSplitsTheRegionAndFreesItsPages() {
        long a = p.map(0, 10 * PAGE, Protection.RW, "a");
        p.fill(a, 10 * PAGE, (byte) 1);
        long freedBefore = kernel.stats().get(Counter.FRAMES_FREED);
        p.unmap(a + 2 * PAGE, 3 * PAGE);

        assertThat(p.regions()).extracting(Region::start, Region::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, a + 2 * PAGE),
                        org.assertj.core.groups.Tuple.tuple(a + 5 * PAGE, a + 10 * PAGE));
        assertThat(kernel.stats().get(Counter.FRAMES_FREED) - freedBefore).isEqualTo(3);
        assertThat(p.read(a + 5 * PAGE, PAGE)).containsOnly(1);
        kernel.checkInvariants();
    }

    @Test
    void unmappingEverythingGivesBackThePageTablesToo() {
        long a = p.map(0, 600 * PAGE, Protection.RW, "a"); // spans two leaf tables
        p.touch(a, 600 * PAGE, Access.WRITE);
        assertThat(p.stats().get(Counter.PAGE_TABLE_PAGES)).isEqualTo(4);
        p.unmap(a, 600 * PAGE);
        assertThat(p.stats().get(Counter.PAGE_TABLE_PAGES)).isEqualTo(1); // the root stays
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void unmappingAHoleIsNotAnError() {
        p.unmap(0x4000_0000L, 16 * PAGE);
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void mprotectSplitsAndMergesRegions() {
        long a = p.map(0, 4 * PAGE, Protection.RW, "a");
        p.protect(a + PAGE, PAGE, Protection.R);
        assertThat(p.regions()).hasSize(3);
        p.protect(a + PAGE, PAGE, Protection.RW);
        assertThat(p.regions()).hasSize(1);
        assertThatThrownBy(() -> p.protect(a, 8 * PAGE, Protection.R)).hasMessageContaining("not entirely mapped");
    }

    @Test
    void protNoneKeepsTheDataForWhenAccessReturns() {
        long a = p.map(0, 2 * PAGE, Protection.RW, "a");
        p.write(a, ascii("kept"));
        long rss = p.memoryUsage().rss();
        p.protect(a, 2 * PAGE, Protection.NONE);
        assertThat(p.memoryUsage().rss()).isEqualTo(rss);
        assertThat(Machines.mappingOf(p, a).isHeld()).isTrue();
        kernel.checkInvariants();

        p.protect(a, 2 * PAGE, Protection.RW);
        assertThat(ascii(p.read(a, 4))).isEqualTo("kept");
        p.write(a, ascii("more"));
        assertThat(kernel.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void aSharedPageMadeWritableByMprotectIsStillCopiedOnWrite() {
        long a = p.map(0, PAGE, Protection.RW, "a");
        p.write(a, ascii("one"));
        p.protect(a, PAGE, Protection.R);
        Process c = kernel.fork(p).orElseThrow();
        c.protect(a, PAGE, Protection.RW);
        c.write(a, ascii("two"));
        assertThat(ascii(p.read(a, 3))).isEqualTo("one");
        assertThat(kernel.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void anExclusivePageGetsWriteBackFromMprotectWithoutAFault() {
        long a = p.map(0, PAGE, Protection.RW, "a");
        p.write(a, ascii("x"));
        p.protect(a, PAGE, Protection.R);
        p.protect(a, PAGE, Protection.RW);
        assertThat(Machines.mappingOf(p, a).isWritable()).isTrue();
        long faults = kernel.stats().get(Counter.COW_REUSE_FAULTS) + kernel.stats().get(Counter.ZERO_FILL_FAULTS);
        p.write(a, ascii("y"));
        assertThat(kernel.stats().get(Counter.COW_REUSE_FAULTS) + kernel.stats().get(Counter.ZERO_FILL_FAULTS))
                .isEqualTo(faults);
    }

    @Test
    void sbrkGrowsAndShrinksTheHeap() {
        assertThat(p.brk()).isEqualTo(AddressLayout.HEAP_BASE);
        assertThat(p.sbrk(100)).isEqualTo(OptionalLong.of(AddressLayout.HEAP_BASE));
        assertThat(p.regions()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(Region.HEAP);
            assertThat(r.length()).isEqualTo(PAGE);
        });
        p.write(AddressLayout.HEAP_BASE, ascii("heap"));
        assertThat(p.sbrk(3 * PAGE)).isEqualTo(OptionalLong.of(AddressLayout.HEAP_BASE + 100));
        assertThat(p.regions()).singleElement().satisfies(r -> assertThat(r.length()).isEqualTo(4 * PAGE));
        assertThat(ascii(p.read(AddressLayout.HEAP_BASE, 4))).isEqualTo("heap");

        p.sbrk(-(3 * PAGE + 100));
        assertThat(p.regions()).isEmpty();
        assertThat(p.sbrk(-1)).isEmpty();
        p.sbrk(PAGE);
        assertThat(p.read(AddressLayout.HEAP_BASE, 4)).containsOnly(0); // shrinking dropped the page
        kernel.checkInvariants();
    }

    @Test
    void sbrkStopsAtTheNextRegion() {
        p.map(AddressLayout.HEAP_BASE + 2 * PAGE, PAGE, Protection.RW, "wall");
        assertThat(p.sbrk(2 * PAGE)).isPresent();
        assertThat(p.sbrk(1)).isEmpty();
        assertThat(p.brk()).isEqualTo(AddressLayout.HEAP_BASE + 2 * PAGE);
    }

    @Test
    void segmentationFaultsKillOnlyTheOffenderAndSayWhy() {
        Process other = kernel.spawn().orElseThrow();
        long o = other.map(0, PAGE, Protection.RW, "o");
        other.write(o, ascii("safe"));
        long r = p.map(0, PAGE, Protection.R, "ro");

        assertThat(p.write(r, ascii("no"))).isFalse();

        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.exitCode()).isEqualTo(139);
        assertThat(p.deathReason()).isEqualTo(String.format(
                "segmentation fault: write at 0x%x: write not allowed in region ro (r)", r));
        assertThat(kernel.stats().get(Counter.SEGFAULTS)).isEqualTo(1);
        assertThat(ascii(other.read(o, 4))).isEqualTo("safe");
        kernel.checkInvariants();
    }

    @Test
    void executeNeedsX() {
        long x = p.map(0, PAGE, Protection.RX, "code");
        assertThat(p.touch(x, 1, Access.EXECUTE)).isTrue();
        long d = p.map(0, PAGE, Protection.RW, "data");
        assertThat(p.touch(d, 1, Access.EXECUTE)).isFalse();
        assertThat(p.deathReason()).contains("execute not allowed in region data");
    }

    @Test
    void aNegativeAddressIsOutsideUserSpace() {
        p.load8(-4096);
        assertThat(p.deathReason()).contains("outside user space");
    }
}
