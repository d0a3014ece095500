package dev.cowvm.kernel;

import dev.cowvm.observe.ForkMode;
import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static dev.cowvm.kernel.Machines.frameOf;
import static dev.cowvm.kernel.Machines.mappingOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.FrameState;
import dev.cowvm.phys.ZeroPolicy;
import org.junit.jupiter.api.Test;

/** The slide's mechanisms, with exact counts. */
class CopyOnWriteTest {
    private final Kernel kernel = Machines.kernel();
    private final Process parent = kernel.spawn().orElseThrow();
    private final long heap = parent.map(0, 64 * PAGE, Protection.RW, "heap").orElseThrow();

    @Test
    void forkSharesEveryFrameAndMarksBothSidesCopyOnWrite() {
        parent.fill(heap, 64 * PAGE, (byte) 7);
        Process child = kernel.fork(parent).orElseThrow();

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(child.mappings()).hasSize(64);
        for (int i = 0; i < 64; i++) {
            long va = heap + (long) i * PAGE;
            PageMapping p = mappingOf(parent, va);
            PageMapping c = mappingOf(child, va);
            assertThat(c.frame()).isEqualTo(p.frame());
            assertThat(kernel.frame(p.frame()).refCount()).isEqualTo(2);
            assertThat(p.isCopyOnWrite() && c.isCopyOnWrite()).isTrue();
            assertThat(p.isWritable() || c.isWritable()).isFalse();
        }
        assertThat(kernel.stats().get(Counter.NAIVE_COPY_PAGES)).isEqualTo(64);
        kernel.checkInvariants();
    }

    @Test
    void forkThenExecCopiesNothing() {
        parent.fill(heap, 64 * PAGE, (byte) 1);
        Process child = kernel.fork(parent).orElseThrow();
        kernel.exec(child);

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(child.regions()).isEmpty();
        assertThat(child.mappings()).isEmpty();
        // The parent is the last holder of every page now: its writes reuse in place.
        parent.fill(heap, 64 * PAGE, (byte) 2);
        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(kernel.stats().get(Counter.COW_REUSE_FAULTS)).isEqualTo(64);
        kernel.checkInvariants();
    }

    @Test
    void writesToKDistinctPagesCopyExactlyK() {
        parent.fill(heap, 64 * PAGE, (byte) 'p');
        Process child = kernel.fork(parent).orElseThrow();
        int[] pages = {0, 3, 4, 17, 40, 41, 63};
        for (int page : pages) {
            child.write(heap + (long) page * PAGE + 100, ascii("child"));
            child.write(heap + (long) page * PAGE + 200, ascii("again")); // same page: no second copy
        }

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isEqualTo(pages.length);
        assertThat(kernel.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(pages.length);
        assertThat(kernel.stats().get(Counter.BYTES_COPIED)).isEqualTo((long) pages.length * PAGE);
        assertThat(child.stats().get(Counter.PAGES_COPIED)).isEqualTo(pages.length);
        assertThat(parent.stats().get(Counter.PAGES_COPIED)).isZero();
        for (int page : pages) {
            long va = heap + (long) page * PAGE;
            assertThat(ascii(child.read(va + 100, 5).orElseThrow())).isEqualTo("child");
            assertThat(ascii(parent.read(va + 100, 5).orElseThrow())).isEqualTo("ppppp");
            assertThat(frameOf(child, va)).isNotEqualTo(frameOf(parent, va));
        }
        assertThat(frameOf(child, heap + PAGE)).isEqualTo(frameOf(parent, heap + PAGE));
        kernel.checkInvariants();
    }

    @Test
    void theLastHolderReusesTheFrameWithoutCopying() {
        parent.write(heap, ascii("before"));
        int frame = frameOf(parent, heap);
        Process child = kernel.fork(parent).orElseThrow();
        kernel.exit(child, 0);
        assertThat(kernel.frame(frame).refCount()).isEqualTo(1);

        parent.write(heap, ascii("after!"));

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(kernel.stats().get(Counter.COW_REUSE_FAULTS)).isEqualTo(1);
        assertThat(frameOf(parent, heap)).isEqualTo(frame);
        assertThat(mappingOf(parent, heap).isCopyOnWrite()).isFalse();
        assertThat(mappingOf(parent, heap).isWritable()).isTrue();
        kernel.checkInvariants();
    }

    @Test
    void whenBothWriteTheFirstCopiesAndTheSecondReuses() {
        parent.write(heap, ascii("shared"));
        int frame = frameOf(parent, heap);
        Process child = kernel.fork(parent).orElseThrow();

        child.write(heap, ascii("child!"));
        parent.write(heap, ascii("parent"));

        assertThat(kernel.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(1);
        assertThat(kernel.stats().get(Counter.COW_REUSE_FAULTS)).isEqualTo(1);
        assertThat(frameOf(parent, heap)).isEqualTo(frame);
        assertThat(ascii(child.read(heap, 6).orElseThrow())).isEqualTo("child!");
        assertThat(ascii(parent.read(heap, 6).orElseThrow())).isEqualTo("parent");
        kernel.checkInvariants();
    }

    @Test
    void readingUntouchedMemoryAllocatesNoDataFrame() {
        long tablesBefore = kernel.stats().get(Counter.PAGE_TABLE_PAGES);
        byte[] all = parent.read(heap, 64 * PAGE).orElseThrow();

        assertThat(all).containsOnly(0);
        assertThat(kernel.stats().get(Counter.ZERO_PAGE_MAPS)).isEqualTo(64);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE) - kernel.stats().get(Counter.PAGE_TABLE_PAGES)).isZero();
        assertThat(kernel.stats().get(Counter.PAGE_TABLE_PAGES)).isEqualTo(tablesBefore + 2); // levels 1 and 0
        assertThat(parent.memoryUsage().rssBytes()).isZero();
        assertThat(parent.mappings()).allMatch(PageMapping::isZeroPage).allMatch(m -> !m.isWritable());
        kernel.checkInvariants();
    }

    @Test
    void aWriteAfterAReadReplacesTheZeroPageWithAZeroFilledFrame() {
        parent.read(heap, 1).orElseThrow();
        assertThat(frameOf(parent, heap)).isZero();

        parent.write(heap + 10, ascii("x"));

        int frame = frameOf(parent, heap);
        assertThat(frame).isPositive();
        assertThat(kernel.frame(frame).state()).isEqualTo(FrameState.DATA);
        byte[] page = parent.read(heap, PAGE).orElseThrow();
        assertThat(page[10]).isEqualTo((byte) 'x');
        page[10] = 0;
        assertThat(page).containsOnly(0);
        assertThat(kernel.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(1);
        assertThat(kernel.peekFrame(0, 0, PAGE)).containsOnly(0);
        kernel.checkInvariants();
    }

    @Test
    void forkSharesTheZeroPageAndAChildWriteZeroFillsInsteadOfCopying() {
        parent.read(heap, PAGE).orElseThrow();
        Process child = kernel.fork(parent).orElseThrow();
        assertThat(kernel.stats().get(Counter.NAIVE_COPY_PAGES)).isZero();

        child.write(heap, ascii("z"));

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isZero();
        assertThat(kernel.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(1);
        assertThat(frameOf(parent, heap)).isZero();
        kernel.checkInvariants();
    }

    @Test
    void threeSharersCountDownOneCopyAtATime() {
        parent.write(heap, ascii("0"));
        int frame = frameOf(parent, heap);
        Process a = kernel.fork(parent).orElseThrow();
        Process b = kernel.fork(parent).orElseThrow();
        assertThat(kernel.frame(frame).refCount()).isEqualTo(3);

        a.write(heap, ascii("a"));
        assertThat(kernel.frame(frame).refCount()).isEqualTo(2);
        b.write(heap, ascii("b"));
        assertThat(kernel.frame(frame).refCount()).isEqualTo(1);
        parent.write(heap, ascii("p"));

        assertThat(kernel.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(2);
        assertThat(kernel.stats().get(Counter.COW_REUSE_FAULTS)).isEqualTo(1);
        assertThat(ascii(parent.read(heap, 1).orElseThrow() )+ ascii(a.read(heap, 1).orElseThrow()) + ascii(b.read(heap, 1).orElseThrow())).isEqualTo("pab");
        kernel.checkInvariants();
    }

    @Test
    void copyModeCopiesEveryPresentPageAtForkAndNothingLater() {
        Kernel k = Machines.kernel(64L << 20, ForkMode.COPY, ZeroPolicy.ON_ALLOC);
        Process p = k.spawn().orElseThrow();
        long buf = p.map(0, 32 * PAGE, Protection.RW, "buf").orElseThrow();
        p.fill(buf, 20 * PAGE, (byte) 3);
        p.read(buf + 20 * PAGE, 12 * PAGE).orElseThrow(); // zero-page mappings: shared, never copied

        Process c = k.fork(p).orElseThrow();
        assertThat(k.stats().get(Counter.PAGES_COPIED)).isEqualTo(20);
        assertThat(k.stats().get(Counter.NAIVE_COPY_PAGES)).isEqualTo(20);
        c.fill(buf, 20 * PAGE, (byte) 4);
        p.fill(buf, 20 * PAGE, (byte) 5);

        assertThat(k.stats().get(Counter.PAGES_COPIED)).isEqualTo(20);
        assertThat(k.stats().get(Counter.COW_COPY_FAULTS) + k.stats().get(Counter.COW_REUSE_FAULTS)).isZero();
        assertThat(c.read(buf, 20 * PAGE).orElseThrow()).containsOnly(4);
        assertThat(p.read(buf, 20 * PAGE).orElseThrow()).containsOnly(5);
        k.checkInvariants();
    }

    @Test
    void aKernelWriteIntoASharedPageBreaksTheSharingFirst() {
        parent.write(heap, ascii("original"));
        Process child = kernel.fork(parent).orElseThrow();

        child.write(heap, ascii("kernel"), 0, 6); // the range API is the kernel's way in

        assertThat(ascii(parent.read(heap, 8).orElseThrow())).isEqualTo("original");
        assertThat(ascii(child.read(heap, 8).orElseThrow())).isEqualTo("kernelal");
        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isEqualTo(1);
    }

    @Test
    void touchForWritingBreaksSharingWithoutChangingBytes() {
        parent.fill(heap, 4 * PAGE, (byte) 9);
        Process child = kernel.fork(parent).orElseThrow();

        child.touch(heap, 4 * PAGE, Access.WRITE);

        assertThat(kernel.stats().get(Counter.PAGES_COPIED)).isEqualTo(4);
        assertThat(child.read(heap, 4 * PAGE).orElseThrow()).containsOnly(9);
    }
}
