package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ProcessStatus;
import org.junit.jupiter.api.Test;

/** vfork: a child that shares the parent's memory until it execs or ends; nothing copied, nothing built. */
class VforkTest {
    @Test
    void theChildSharesEverythingAndCostsNoFrame() {
        Kernel kernel = Machines.kernel();
        Process parent = kernel.spawn().orElseThrow();
        long heap = parent.map(0, 256 * PAGE, Protection.RW, "heap").orElseThrow();
        parent.fill(heap, 256 * PAGE, (byte) 1).orElseThrow();
        long inUse = kernel.stats().get(Counter.FRAMES_IN_USE);

        Process child = kernel.vfork(parent).orElseThrow();
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).as("no table, no frame").isEqualTo(inUse);
        assertThat(child.mmu()).isSameAs(parent.mmu());
        assertThat(child.sharesMemory() && parent.sharesMemory()).isTrue();
        child.write(heap, ascii("kid")).orElseThrow();
        assertThat(ascii(parent.read(heap, 3).orElseThrow())).as("one memory: no copy-on-write").isEqualTo("kid");
        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(kernel.stats().get(Counter.VFORKS)).isEqualTo(1);
        assertThat(kernel.stats().get(Counter.NAIVE_COPY_PAGES)).isEqualTo(256);
        kernel.checkInvariants();

        kernel.exec(child).orElseThrow();
        assertThat(child.sharesMemory() || parent.sharesMemory()).isFalse();
        assertThat(child.regions()).isEmpty();
        assertThat(parent.regions()).hasSize(1);
        assertThat(ascii(parent.read(heap, 3).orElseThrow())).isEqualTo("kid");
        long mine = child.map(0, PAGE, Protection.RW, "mine").orElseThrow();
        child.write(mine, ascii("own")).orElseThrow();
        kernel.checkInvariants();
        kernel.exit(child, 0);
        assertThat(kernel.wait(parent, child).orElseThrow()).isEqualTo(ProcessStatus.EXITED);
        kernel.checkInvariants();
        kernel.exit(parent, 0);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isZero();
        kernel.checkInvariants();
    }

    @Test
    void aChildThatEndsLeavesTheMemoryToTheParent() {
        Kernel kernel = Machines.kernel();
        Process parent = kernel.spawn().orElseThrow();
        long heap = parent.map(0, 4 * PAGE, Protection.RW, "heap").orElseThrow();
        parent.write(heap, ascii("mine")).orElseThrow();
        Process child = kernel.vfork(parent).orElseThrow();
        long more = child.map(0, PAGE, Protection.RW, "by-child").orElseThrow();
        child.write(more, ascii("left")).orElseThrow();
        assertThat(child.write(0x20000, ascii("x")).failure()).isEqualTo(Failure.SEGV);
        assertThat(child.status()).isEqualTo(ProcessStatus.SEGV);
        assertThat(parent.isAlive()).isTrue();
        assertThat(ascii(parent.read(more, 4).orElseThrow())).as("what the child mapped stays").isEqualTo("left");
        assertThat(kernel.stats().get(Counter.SEGFAULTS)).isEqualTo(1);
        kernel.checkInvariants();
    }

    @Test
    void execOfASharerWithNoFrameLeftChangesNothing() {
        Kernel kernel = Machines.kernel(8 * PAGE);
        Process parent = kernel.spawn().orElseThrow();
        long heap = parent.map(0, 16 * PAGE, Protection.RW, "heap").orElseThrow();
        Process child = kernel.vfork(parent).orElseThrow();
        assertThat(child.fill(heap, 16 * PAGE, (byte) 1).failure()).as("the pool runs dry").isEqualTo(Failure.OOM);
        // The child died of it; the space is the parent's again, with everything written.
        assertThat(parent.sharesMemory()).isFalse();
        Process second = kernel.vfork(parent).orElseThrow();
        assertThat(kernel.freeFrames()).isZero();
        assertThat(kernel.exec(second).failure()).isEqualTo(Failure.NO_MEMORY);
        assertThat(second.sharesMemory()).isTrue();
        kernel.checkInvariants();
    }
}
