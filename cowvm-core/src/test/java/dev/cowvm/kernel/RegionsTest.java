package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static dev.cowvm.kernel.Machines.load64;
import static dev.cowvm.kernel.Machines.load8;
import static dev.cowvm.kernel.Machines.store64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** map, unmap, mprotect, brk, and the segmentation faults they imply. */
class RegionsTest {
    private final Kernel kernel = Machines.kernel();
    private final Process p = kernel.spawn().orElseThrow();

    @Test
    void mappingsWithoutAnAddressGoToTheFirstFreeRangeAboveTheBase() {
        long a = p.map(0, 3 * PAGE, Protection.RW, "a").orElseThrow();
        long b = p.map(0, PAGE, Protection.R, "b").orElseThrow();
        assertThat(a).isEqualTo(AddressLayout.MMAP_BASE);
        assertThat(b).isEqualTo(a + 3 * PAGE);
        p.unmap(a, 3 * PAGE);
        assertThat(p.map(0, 2 * PAGE, Protection.RW, "c").orElseThrow()).isEqualTo(a); // first fit
        assertThat(p.map(0, 2 * PAGE, Protection.RW, "d").orElseThrow()).isEqualTo(b + PAGE);
    }

    @Test
    void lengthsAreRoundedUpToPages() {
        long a = p.map(0, 1, Protection.RW, "tiny").orElseThrow();
        assertThat(p.regionAt(a).orElseThrow().length()).isEqualTo(PAGE);
    }

    @Test
    void badMappingsAreRefusedWithAClearMessage() {
        p.map(0x4000_0000L, 4 * PAGE, Protection.RW, "buf").orElseThrow();
        assertFails(p.map(0x4000_0000L + PAGE, PAGE, Protection.RW, "x"), Failure.EXISTS, "overlaps region buf");
        assertFails(p.map(0x4000_0123L, PAGE, Protection.RW, "x"), Failure.INVALID, "not page-aligned");
        assertFails(p.map(0x1000, PAGE, Protection.RW, "x"), Failure.INVALID, "outside user space");
        assertFails(p.map(1L << 38, PAGE, Protection.RW, "x"), Failure.INVALID, "outside user space");
        assertFails(p.map(0, 0, Protection.RW, "x"), Failure.INVALID, "length 0");
        assertFails(p.map(0, PAGE, Protection.RW, "[heap]"), Failure.INVALID, "kernel's");
        assertFails(p.map(0, 1L << 38, Protection.RW, "all"), Failure.NO_MEMORY, "no free range");
        assertThat(p.regions()).hasSize(1);
        assertThat(p.isAlive()).as("a refused call harms no one").isTrue();
        kernel.checkInvariants();
    }

    private static void assertFails(Result<?> r, Failure failure, String message) {
        assertThat(r.failure()).as(r.toString()).isEqualTo(failure);
        assertThat(r.message()).contains(message);
    }

    @Test
    void theLastPageOfUserSpaceCanBeMappedAndUsed() {
        long top = (1L << 38) - PAGE;
        p.map(top, PAGE, Protection.RW, "top").orElseThrow();
        store64(p, top + PAGE - 8, 42);
        assertThat(load64(p, top + PAGE - 8)).isEqualTo(42);
        load8(p, 1L << 38);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.deathReason()).contains("outside user space");
    }

    @Test
    void unmappingTheMiddleSplitsTheRegionAndFreesItsPages() {
        long a = p.map(0, 10 * PAGE, Protection.RW, "a").orElseThrow();
        p.fill(a, 10 * PAGE, (byte) 1);
        long freedBefore = kernel.stats().get(Counter.FRAMES_FREED);
        p.unmap(a + 2 * PAGE, 3 * PAGE);

        assertThat(p.regions()).extracting(Region::start, Region::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, a + 2 * PAGE),
                        org.assertj.core.groups.Tuple.tuple(a + 5 * PAGE, a + 10 * PAGE));
        assertThat(kernel.stats().get(Counter.FRAMES_FREED) - freedBefore).isEqualTo(3);
        assertThat(p.read(a + 5 * PAGE, PAGE).orElseThrow()).containsOnly(1);
        kernel.checkInvariants();
    }

    @Test
    void unmappingEverythingGivesBackThePageTablesToo() {
        long a = p.map(0, 600 * PAGE, Protection.RW, "a").orElseThrow(); // spans two leaf tables
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
        long a = p.map(0, 4 * PAGE, Protection.RW, "a").orElseThrow();
        p.protect(a + PAGE, PAGE, Protection.R);
        assertThat(p.regions()).hasSize(3);
        p.protect(a + PAGE, PAGE, Protection.RW);
        assertThat(p.regions()).hasSize(1);
        assertFails(p.protect(a, 8 * PAGE, Protection.R), Failure.NO_MEMORY, "not entirely mapped");
        assertThat(p.regions()).hasSize(1);
    }

    @Test
    void protNoneKeepsTheDataForWhenAccessReturns() {
        long a = p.map(0, 2 * PAGE, Protection.RW, "a").orElseThrow();
        p.write(a, ascii("kept"));
        long rss = p.memoryUsage().rssBytes();
        p.protect(a, 2 * PAGE, Protection.NONE);
        assertThat(p.memoryUsage().rssBytes()).isEqualTo(rss);
        assertThat(Machines.mappingOf(p, a).isHeld()).isTrue();
        kernel.checkInvariants();

        p.protect(a, 2 * PAGE, Protection.RW);
        assertThat(ascii(p.read(a, 4).orElseThrow())).isEqualTo("kept");
        p.write(a, ascii("more"));
        assertThat(kernel.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void aSharedPageMadeWritableByMprotectIsStillCopiedOnWrite() {
        long a = p.map(0, PAGE, Protection.RW, "a").orElseThrow();
        p.write(a, ascii("one"));
        p.protect(a, PAGE, Protection.R);
        Process c = kernel.fork(p).orElseThrow();
        c.protect(a, PAGE, Protection.RW);
        c.write(a, ascii("two"));
        assertThat(ascii(p.read(a, 3).orElseThrow())).isEqualTo("one");
        assertThat(kernel.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void anExclusivePageGetsWriteBackFromMprotectWithoutAFault() {
        long a = p.map(0, PAGE, Protection.RW, "a").orElseThrow();
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
        assertThat(p.sbrk(100).orElseThrow()).isEqualTo(AddressLayout.HEAP_BASE);
        assertThat(p.regions()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(Region.HEAP);
            assertThat(r.length()).isEqualTo(PAGE);
        });
        p.write(AddressLayout.HEAP_BASE, ascii("heap"));
        assertThat(p.sbrk(3 * PAGE).orElseThrow()).isEqualTo(AddressLayout.HEAP_BASE + 100);
        assertThat(p.regions()).singleElement().satisfies(r -> assertThat(r.length()).isEqualTo(4 * PAGE));
        assertThat(ascii(p.read(AddressLayout.HEAP_BASE, 4).orElseThrow())).isEqualTo("heap");

        p.sbrk(-(3 * PAGE + 100));
        assertThat(p.regions()).isEmpty();
        assertThat(p.sbrk(-1).failure()).isEqualTo(Failure.NO_MEMORY);
        p.sbrk(PAGE);
        assertThat(p.read(AddressLayout.HEAP_BASE, 4).orElseThrow()).containsOnly(0); // shrinking dropped the page
        kernel.checkInvariants();
    }

    @Test
    void sbrkStopsAtTheNextRegion() {
        p.map(AddressLayout.HEAP_BASE + 2 * PAGE, PAGE, Protection.RW, "wall").orElseThrow();
        assertThat(p.sbrk(2 * PAGE).isOk()).isTrue();
        assertFails(p.sbrk(1), Failure.NO_MEMORY, "region wall");
        assertThat(p.brk()).isEqualTo(AddressLayout.HEAP_BASE + 2 * PAGE);
    }

    @Test
    void segmentationFaultsKillOnlyTheOffenderAndSayWhy() {
        Process other = kernel.spawn().orElseThrow();
        long o = other.map(0, PAGE, Protection.RW, "o").orElseThrow();
        other.write(o, ascii("safe"));
        long r = p.map(0, PAGE, Protection.R, "ro").orElseThrow();

        assertThat(p.write(r, ascii("no")).failure()).isEqualTo(Failure.SEGV);

        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.exitCode()).isEqualTo(139);
        assertThat(p.deathReason()).isEqualTo(String.format(
                "segmentation fault: write at 0x%x: write not allowed in region ro (r)", r));
        assertThat(kernel.stats().get(Counter.SEGFAULTS)).isEqualTo(1);
        assertThat(ascii(other.read(o, 4).orElseThrow())).isEqualTo("safe");
        kernel.checkInvariants();
    }

    @Test
    void executeNeedsX() {
        long x = p.map(0, PAGE, Protection.RX, "code").orElseThrow();
        assertThat(p.touch(x, 1, Access.EXECUTE).isOk()).isTrue();
        long d = p.map(0, PAGE, Protection.RW, "data").orElseThrow();
        assertThat(p.touch(d, 1, Access.EXECUTE).failure()).isEqualTo(Failure.SEGV);
        assertThat(p.deathReason()).contains("execute not allowed in region data");
    }

    @Test
    void aNegativeAddressIsOutsideUserSpace() {
        load8(p, -4096);
        assertThat(p.deathReason()).contains("outside user space");
    }

    @Test
    void aRangePastTheEndOfTheAddressSpaceIsRefusedNotIgnored() {
        assertFails(p.touch(0x7ffffffffffff000L, 0x2000, Access.READ), Failure.INVALID, "wraps past the end");
        assertFails(p.touch(0x1000, Long.MAX_VALUE, Access.WRITE), Failure.INVALID, "wraps past the end");
        assertFails(p.touch(0, -1, Access.READ), Failure.INVALID, "negative");
        assertThat(p.isAlive()).isTrue();
        assertThat(p.fill(-8, 16, (byte) 1).failure()).as("a process's own access to the kernel's half")
                .isEqualTo(Failure.SEGV);
        assertThat(p.deathReason()).isEqualTo("segmentation fault: write at 0xfffffffffffffff8: address outside user space");
    }

    @Test
    void aKernelCopyToABadAddressFailsWithoutHarmingTheProcess() {
        long a = p.map(0, PAGE, Protection.R, "ro").orElseThrow();
        assertFails(p.copyOut(a, ascii("x"), 0, 1), Failure.FAULT, "not accessible");
        assertFails(p.copyIn(a + PAGE - 2, new byte[4], 0, 4), Failure.FAULT, "not accessible at 0x");
        assertFails(p.copyOut(-16, new byte[32], 0, 32), Failure.FAULT, "not accessible");
        assertThat(p.isAlive()).isTrue();
        assertThat(p.copyIn(a, new byte[PAGE], 0, PAGE).isOk()).isTrue();
        kernel.checkInvariants();
    }

    @Test
    void theRegionLimitHoldsOnEverySplit() {
        // Alternate protections so that no two neighbours merge: one region per page, and
        // one more region of three pages at the end, to split.
        long a = AddressLayout.MMAP_BASE;
        for (int i = 0; i < AddressLayout.MAX_REGIONS - 1; i++) {
            assertThat(p.map(a + (long) i * PAGE, PAGE, i % 2 == 0 ? Protection.RW : Protection.R, "many").isOk()).isTrue();
        }
        long tail = a + (long) AddressLayout.MAX_REGIONS * PAGE;
        p.map(tail - PAGE, 3 * PAGE, Protection.RWX, "tail").orElseThrow();
        assertThat(p.regions()).hasSize(AddressLayout.MAX_REGIONS);
        List<Region> before = p.regions();

        assertFails(p.protect(tail, PAGE, Protection.R), Failure.NO_MEMORY, "at most 65530 regions");
        assertFails(p.unmap(tail, PAGE), Failure.NO_MEMORY, "at most 65530 regions");
        assertFails(p.map(0, PAGE, Protection.RW, "one-more"), Failure.NO_MEMORY, "at most 65530 regions");
        assertThat(p.regions()).as("nothing changed").isEqualTo(before);
        kernel.checkInvariants();

        assertThat(p.protect(a + PAGE, PAGE, Protection.RW).isOk()).as("a merge makes room").isTrue();
        assertThat(p.regions()).hasSize(AddressLayout.MAX_REGIONS - 2);
        kernel.checkInvariants();
    }
}
