package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import org.junit.jupiter.api.Test;

/** mremap, madvise(MADV_DONTNEED) and mmap(MAP_FIXED), as glibc uses them. */
class RemapTest {
    private final Kernel kernel = Machines.kernel();
    private final Process p = kernel.spawn().orElseThrow();

    @Test
    void aRegionGrowsInPlaceWhenThereIsRoom() {
        long a = p.map(0, 4 * PAGE, Protection.RW, "a").orElseThrow();
        p.write(a, ascii("start")).orElseThrow();
        assertThat(p.remap(a, 4 * PAGE, 8 * PAGE, false).orElseThrow()).isEqualTo(a);
        assertThat(p.regions()).singleElement().satisfies(r -> assertThat(r.length()).isEqualTo(8 * PAGE));
        p.write(a + 7 * PAGE, ascii("end")).orElseThrow();
        assertThat(ascii(p.read(a, 5).orElseThrow())).isEqualTo("start");
        kernel.checkInvariants();
    }

    @Test
    void aRegionThatCannotGrowMovesItsEntriesNotItsBytes() {
        long a = p.map(0, 600 * PAGE, Protection.RW, "a").orElseThrow(); // spans two level-0 tables
        long wall = p.map(a + 600 * PAGE, PAGE, Protection.R, "wall").orElseThrow();
        for (int i = 0; i < 600; i += 7) {
            p.write(a + (long) i * PAGE, ascii("page " + i)).orElseThrow();
        }
        int frame = Machines.frameOf(p, a + 14 * PAGE);
        long allocated = kernel.stats().get(Counter.FRAMES_ALLOCATED) - kernel.stats().get(Counter.PAGE_TABLE_PAGES);
        assertThat(p.remap(a, 600 * PAGE, 700 * PAGE, false).failure()).isEqualTo(Failure.NO_MEMORY);

        long b = p.remap(a, 600 * PAGE, 700 * PAGE, true).orElseThrow();
        assertThat(b).isNotEqualTo(a);
        assertThat(Machines.frameOf(p, b + 14 * PAGE)).as("the same frame, moved").isEqualTo(frame);
        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        for (int i = 0; i < 600; i += 7) {
            assertThat(ascii(p.read(b + (long) i * PAGE, ("page " + i).length()).orElseThrow())).isEqualTo("page " + i);
        }
        assertThat(p.regionAt(a)).isEmpty();
        assertThat(p.regionAt(wall)).isPresent();
        assertThat(p.touch(a, 1, Access.READ).failure()).as("the old place is gone").isEqualTo(Failure.SEGV);
        assertThat(allocated).isPositive();
        kernel.checkInvariants();
    }

    @Test
    void aSharedRegionMovesWithItsSharingIntact() {
        long a = p.map(0, 8 * PAGE, Protection.RW, "a").orElseThrow();
        p.fill(a, 8 * PAGE, (byte) 3).orElseThrow();
        p.map(a + 8 * PAGE, PAGE, Protection.RW, "wall").orElseThrow();
        Process child = kernel.fork(p).orElseThrow();
        long b = child.remap(a, 8 * PAGE, 16 * PAGE, true).orElseThrow();
        child.write(b, ascii("c")).orElseThrow();
        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).as("still copy-on-write after the move").isEqualTo(1);
        assertThat(p.read(a, 1).orElseThrow()).containsExactly(3);
        kernel.checkInvariants();
    }

    @Test
    void shrinkingUnmapsTheTail() {
        long a = p.map(0, 8 * PAGE, Protection.RW, "a").orElseThrow();
        p.fill(a, 8 * PAGE, (byte) 1).orElseThrow();
        assertThat(p.remap(a, 8 * PAGE, 2 * PAGE, false).orElseThrow()).isEqualTo(a);
        assertThat(p.memoryUsage().rssBytes()).isEqualTo(2L * PAGE);
        assertThat(p.remap(a + PAGE, PAGE, 4 * PAGE, false).isOk()).as("a range inside the region can grow to its end").isTrue();
        assertThat(p.remap(a + 100 * PAGE, PAGE, 2 * PAGE, true).failure()).isEqualTo(Failure.INVALID);
        kernel.checkInvariants();
    }

    @Test
    void discardGivesFramesBackAndTheNextTouchFindsZeros() {
        long a = p.map(0, 4 * PAGE, Protection.RW, "a").orElseThrow();
        p.fill(a, 4 * PAGE, (byte) 9).orElseThrow();
        assertThat(p.discard(a + PAGE, 2 * PAGE).orElseThrow()).isEqualTo(2);
        assertThat(p.memoryUsage().rssBytes()).isEqualTo(2L * PAGE);
        assertThat(p.read(a + PAGE, 2 * PAGE).orElseThrow()).containsOnly(0);
        assertThat(p.read(a, 1).orElseThrow()).containsExactly(9);
        assertThat(p.regions()).hasSize(1);
        assertThat(p.discard(a + 8 * PAGE, PAGE).failure()).isEqualTo(Failure.NO_MEMORY);
        kernel.checkInvariants();
    }

    @Test
    void aFixedMappingReplacesWhatWasThere() {
        long a = p.map(0, 4 * PAGE, Protection.RW, "a").orElseThrow();
        p.fill(a, 4 * PAGE, (byte) 5).orElseThrow();
        assertThat(p.map(a + PAGE, PAGE, Protection.R, "b").failure()).isEqualTo(Failure.EXISTS);
        assertThat(p.mapReplacing(a + PAGE, PAGE, Protection.R, "b").orElseThrow()).isEqualTo(a + PAGE);
        assertThat(p.read(a + PAGE, 1).orElseThrow()).as("a fresh page").containsExactly(0);
        assertThat(p.read(a, 1).orElseThrow()).containsExactly(5);
        assertThat(p.regions()).extracting(Region::name).containsExactly("a", "b", "a");
        kernel.checkInvariants();
    }
}
