package dev.cowvm.kernel;

import dev.cowvm.observe.ForkMode;
import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.FaultKind;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.KernelEvent.FrameAllocated;
import dev.cowvm.observe.KernelEvent.FrameCopied;
import dev.cowvm.observe.KernelEvent.FrameFreed;
import dev.cowvm.observe.KernelEvent.FrameZeroed;
import dev.cowvm.observe.KernelEvent.PageFault;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counters and events say exactly what happened, in order. */
class AccountingTest {

    @Test
    void theSlidesThreeStepsAppearInOrder() {
        Kernel kernel = Machines.kernel();
        Process parent = kernel.spawn().orElseThrow();
        long heap = parent.map(0, PAGE, Protection.RW, "heap").orElseThrow();
        parent.write(heap, ascii("x"));
        Process child = kernel.fork(parent).orElseThrow();
        int shared = Machines.frameOf(parent, heap);
        List<KernelEvent> events = new ArrayList<>();
        kernel.addListener(events::add);

        child.write(heap, ascii("y"));

        int copy = Machines.frameOf(child, heap);
        assertThat(events).containsExactly(
                new FrameAllocated(copy, FramePurpose.COPY_TARGET, child.pid()),   // 1. new frame from the pool
                new FrameCopied(shared, copy, child.pid()),                        // 2. contents copied
                new PageFault(child.pid(), heap, Access.WRITE, FaultKind.COW_COPY, shared, copy)); // 3. entry updated
    }

    @Test
    void countersAddUp() {
        Kernel kernel = Machines.kernel();
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 10 * PAGE, Protection.RW, "a").orElseThrow();
        p.touch(a, 4 * PAGE, Access.READ);
        p.touch(a, 10 * PAGE, Access.WRITE);
        Process c = kernel.fork(p).orElseThrow();
        c.touch(a, 3 * PAGE, Access.WRITE);
        kernel.exit(c, 0);
        p.touch(a, 10 * PAGE, Access.WRITE);
        kernel.exit(p, 0);

        var s = kernel.stats();
        assertThat(s.get(Counter.SPAWNS)).isEqualTo(1);
        assertThat(s.get(Counter.FORKS)).isEqualTo(1);
        assertThat(s.get(Counter.EXITS)).isEqualTo(2);
        assertThat(s.get(Counter.ZERO_PAGE_MAPS)).isEqualTo(4);
        assertThat(s.get(Counter.ZERO_FILL_FAULTS)).isEqualTo(10);
        assertThat(s.get(Counter.COW_COPY_FAULTS)).isEqualTo(3);
        assertThat(s.get(Counter.COW_REUSE_FAULTS)).isEqualTo(10); // every page of p stayed marked
        assertThat(s.get(Counter.PAGES_COPIED)).isEqualTo(3);
        assertThat(s.get(Counter.NAIVE_COPY_PAGES)).isEqualTo(10);
        // frames: 3 tables + 10 pages for p, 3 tables + 3 copies for c
        assertThat(s.get(Counter.FRAMES_ALLOCATED)).isEqualTo(19);
        assertThat(s.get(Counter.FRAMES_FREED)).isEqualTo(19);
        assertThat(s.get(Counter.PEAK_FRAMES_IN_USE)).isEqualTo(19);
        assertThat(s.get(Counter.FRAMES_IN_USE)).isZero();
        assertThat(s.get(Counter.PAGE_TABLE_PAGES)).isZero();
        assertThat(s.asMap()).containsKeys("forks", "execs", "exits", "zeroPageMaps", "zeroFillFaults", "cowCopyFaults",
                "cowReuseFaults", "segfaults", "oomKills", "framesAllocated", "framesFreed", "framesZeroed",
                "pagesCopied", "bytesCopied", "pageTablePages", "naiveCopyPages", "framesInUse", "peakFramesInUse");
    }

    @Test
    void onAllocZeroesOnlyTheStaleFramesItHandsOut() {
        Kernel kernel = Machines.kernel(64L << 20, ForkMode.COW, ZeroPolicy.ON_ALLOC);
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 8 * PAGE, Protection.RW, "a").orElseThrow();
        p.touch(a, 8 * PAGE, Access.WRITE);
        assertThat(kernel.stats().get(Counter.FRAMES_ZEROED)).isZero(); // fresh frames are zero already
        p.unmap(a, 8 * PAGE);
        assertThat(kernel.stats().get(Counter.FRAMES_ZEROED)).isZero(); // freed frames keep stale bytes
        p.map(a, 8 * PAGE, Protection.RW, "a").orElseThrow();
        p.touch(a, 8 * PAGE, Access.WRITE);
        assertThat(kernel.stats().get(Counter.FRAMES_ZEROED)).isEqualTo(10); // 8 pages + 2 tables reused
        assertThat(kernel.stats().get(Counter.BYTES_ZEROED)).isEqualTo(10L * PAGE);
    }

    @Test
    void onFreeZeroesEveryFrameAsItIsReleased() {
        Kernel kernel = Machines.kernel(64L << 20, ForkMode.COW, ZeroPolicy.ON_FREE);
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 8 * PAGE, Protection.RW, "a").orElseThrow();
        p.touch(a, 8 * PAGE, Access.WRITE);
        List<KernelEvent> events = new ArrayList<>();
        kernel.addListener(events::add);
        kernel.exit(p, 0);
        assertThat(kernel.stats().get(Counter.FRAMES_ZEROED)).isEqualTo(11);
        assertThat(events.stream().filter(e -> e instanceof FrameFreed).count()).isEqualTo(11);
        assertThat(events.stream().filter(e -> e instanceof FrameZeroed).count()).isEqualTo(11);
        kernel.checkInvariants();
    }

    @Test
    void noListenerNoEventsAndRemovingOneStopsThem() {
        Kernel kernel = Machines.kernel();
        List<KernelEvent> events = new ArrayList<>();
        kernel.addListener(events::add);
        Process p = kernel.spawn().orElseThrow();
        assertThat(events).hasSize(2); // the root's frame, then the spawn
        kernel.removeListener(events::add); // a different lambda instance: nothing removed
        p.map(0, PAGE, Protection.RW, "a").orElseThrow();
        assertThat(events).hasSize(3);
    }

    @Test
    void removedListenersHearNothing() {
        Kernel kernel = Machines.kernel();
        List<KernelEvent> events = new ArrayList<>();
        dev.cowvm.observe.KernelListener l = events::add;
        kernel.addListener(l);
        kernel.removeListener(l);
        kernel.spawn().orElseThrow().map(0, PAGE, Protection.RW, "a");
        assertThat(events).isEmpty();
    }

    @Test
    void perProcessCountersAreTheirOwn() {
        Kernel kernel = Machines.kernel();
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 4 * PAGE, Protection.RW, "a").orElseThrow();
        p.touch(a, 4 * PAGE, Access.WRITE);
        Process c = kernel.fork(p).orElseThrow();
        c.touch(a, 2 * PAGE, Access.WRITE);
        assertThat(p.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(4);
        assertThat(c.stats().get(Counter.ZERO_FILL_FAULTS)).isZero();
        assertThat(c.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(2);
        assertThat(p.stats().get(Counter.FORKS)).isEqualTo(1);
        assertThat(c.stats().get(Counter.FRAMES_ALLOCATED)).isEqualTo(3 + 2);
        assertThat(c.stats().get(Counter.PAGE_TABLE_PAGES)).isEqualTo(3);
        assertThat(c.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(3 + 4);
    }
}
