package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.load8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.observe.ProcessStatus;
import org.junit.jupiter.api.Test;

/** What a program loader needs from the core: image regions from address 0, kernel names, the heap's start. */
class ImageLayoutTest {
    private final Kernel kernel = Machines.kernel();
    private final Process p = kernel.spawn().orElseThrow();

    @Test
    void aLoaderMayMapAnImageAtAddressZeroWhereAGuestMayNot() {
        assertThat(p.map(PAGE, PAGE, Protection.RW, "x").failure()).isEqualTo(Failure.INVALID);
        assertThat(p.mapImage(0, 2 * PAGE, Protection.RW, "/init").orElseThrow()).isZero();
        p.write(0, new byte[] {7}).orElseThrow();
        assertThat(p.protect(0, 2 * PAGE, Protection.RX).isOk()).as("mprotect below the lowest mappable address").isTrue();
        assertThat(load8(p, 0)).isEqualTo(7);
        assertThat(p.regionAt(0).orElseThrow().protection()).isEqualTo(Protection.RX);
        assertThat(p.unmap(0, PAGE).isOk()).isTrue();
        assertThat(p.regionAt(0)).isEmpty();
        kernel.checkInvariants();
    }

    @Test
    void aLoaderMayUseTheKernelsNamesButNotTheHeaps() {
        assertThat(p.map(0, PAGE, Protection.RW, "[stack]").failure()).isEqualTo(Failure.INVALID);
        assertThat(p.mapImage(0x20_0000, PAGE, Protection.RW, "[stack]").isOk()).isTrue();
        assertThat(p.regionAt(0x20_0000).orElseThrow().name()).isEqualTo("[stack]");
        Result<Long> heap = p.mapImage(0x30_0000, PAGE, Protection.RW, Region.HEAP);
        assertThat(heap.failure()).isEqualTo(Failure.INVALID);
        assertThat(heap.message()).contains("[heap]");
        assertThat(p.mapImage(0x20_0000, PAGE, Protection.RW, "again").failure()).isEqualTo(Failure.EXISTS);
        assertThat(p.mapImage(1L << 38, PAGE, Protection.RW, "high").failure()).isEqualTo(Failure.INVALID);
    }

    @Test
    void aGuardRegionWithNoAccessKillsWithItsNameInTheReason() {
        p.mapImage(0x20_0000, PAGE, Protection.NONE, "[guard]").orElseThrow();
        load8(p, 0x20_0010);
        assertThat(p.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(p.deathReason()).contains("[guard]");
    }

    @Test
    void theHeapStartsWhereTheLoaderPutsItAndTheBreakNeverGoesBelow() {
        assertThat(p.heapStart()).isEqualTo(AddressLayout.HEAP_BASE);
        p.mapImage(0, 3 * PAGE, Protection.RW, "/prog").orElseThrow();
        p.startHeap(3 * PAGE).orElseThrow();
        assertThat(p.brk()).isEqualTo(3 * PAGE);
        assertThat(p.sbrk(PAGE).orElseThrow()).isEqualTo(3 * PAGE);
        assertThat(p.regionAt(3 * PAGE).orElseThrow().isHeap()).isTrue();
        assertThat(p.sbrk(-2 * PAGE).failure()).isEqualTo(Failure.NO_MEMORY);
        assertThat(p.startHeap(8 * PAGE).message()).contains("already grown");
        Process child = kernel.fork(p).orElseThrow();
        assertThat(child.heapStart()).isEqualTo(3 * PAGE);
        assertThat(child.brk()).isEqualTo(4 * PAGE);
        kernel.checkInvariants();
        kernel.exec(p);
        assertThat(p.heapStart()).isEqualTo(AddressLayout.HEAP_BASE);
        assertThat(p.brk()).isEqualTo(AddressLayout.HEAP_BASE);
        kernel.checkInvariants();
    }

    @Test
    void aBadHeapStartIsRefused() {
        p.mapImage(0, PAGE, Protection.RW, "/prog").orElseThrow();
        assertThat(p.startHeap(PAGE + 1).failure()).isEqualTo(Failure.INVALID);
        assertThat(p.startHeap(0).message()).contains("lies in region");
        assertThat(p.startHeap(1L << 38).failure()).isEqualTo(Failure.INVALID);
        assertThat(p.startHeap(-PAGE).failure()).isEqualTo(Failure.INVALID);
        assertThat(p.heapStart()).isEqualTo(AddressLayout.HEAP_BASE);
    }
}
