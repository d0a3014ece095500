package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker must notice each kind of corruption; otherwise every test that calls it proves nothing. */
class InvariantCheckerTest {
    private Kernel kernel;
    private Process p;
    private Process child;
    private long buf;

    @BeforeEach
    void healthyMachine() {
        kernel = Machines.kernel();
        p = kernel.spawn().orElseThrow();
        buf = p.map(0, 4 * PAGE, Protection.RW, "buf").orElseThrow();
        p.fill(buf, 4 * PAGE, (byte) 1);
        child = kernel.fork(p).orElseThrow();
        Machines.load64(p, buf);
        assertThatCode(kernel::checkInvariants).doesNotThrowAnyException();
    }

    private long slotOf(Process q, long va) {
        return q.space.pageTable.find(q.space.root, va);
    }

    @Test
    void aWrongReferenceCount() {
        kernel.pool.share(Machines.frameOf(p, buf));
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("reference count 3 but 2 entries map it");
    }

    @Test
    void aSharedPageLeftWritable() {
        long slot = slotOf(child, buf);
        kernel.memory.storeLong(slot, kernel.memory.loadLong(slot) | Pte.W);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("is writable but marked copy-on-write or shared");
    }

    @Test
    void anEntryPointingAtAFreeFrame() {
        long slot = slotOf(child, buf + PAGE);
        int free = kernel.pool.freeStack().length > 0 ? kernel.pool.freeStack()[0] : 0;
        int frame = free > 0 ? free : kernel.pool.allocate(dev.cowvm.phys.FramePurpose.ZEROED_DATA, 9);
        if (free == 0) {
            kernel.pool.unshare(frame);
        }
        kernel.memory.storeLong(slot, Pte.withFrame(kernel.memory.loadLong(slot), frame));
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("not a data frame");
    }

    /** Rewrites an entry behind the MMU's back: the flush a kernel must do is missed. */
    private void rewriteWithoutFlush(Process q, long va, java.util.function.LongUnaryOperator change) {
        long slot = slotOf(q, va);
        kernel.memory.storeLong(slot, change.applyAsLong(kernel.memory.loadLong(slot)));
    }

    @Test
    void aStaleTlbEntry() {
        int other = Machines.frameOf(p, buf + PAGE);
        rewriteWithoutFlush(p, buf, pte -> Pte.withFrame(pte, other));
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("TLB entry for 0x" + Long.toHexString(buf)
                + " points at frame");
    }

    @Test
    void aTlbEntryThatAllowsTooMuch() {
        Machines.store64(p, buf + 3 * PAGE, 7); // a copy, cached writable
        rewriteWithoutFlush(p, buf + 3 * PAGE, pte -> pte & ~Pte.W);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("allows writes the page table does not");
    }

    @Test
    void aTlbEntryThatAllowsFetchingFromData() {
        long code = p.map(0, PAGE, Protection.RX, "code").orElseThrow();
        assertThatCode(() -> p.touch(code, 4, dev.cowvm.mmu.Access.EXECUTE).orElseThrow()).doesNotThrowAnyException();
        rewriteWithoutFlush(p, code, pte -> pte & ~Pte.X);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("allows fetching instructions the page table does not");
    }

    @Test
    void writePermissionCachedForWatchedCode() {
        long code = p.map(0, PAGE, Protection.RWX, "jit").orElseThrow();
        Machines.store64(p, code, 0x13); // a nop, written: cached writable
        kernel.pool.watch(Machines.frameOf(p, code)); // watched without the MMU forgetting the write permission
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("which holds watched code");
    }

    @Test
    void aLeakedFrame() {
        kernel.pool.allocate(dev.cowvm.phys.FramePurpose.ZEROED_DATA, 99);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("reference count 1 but 0 entries map it");
    }

    @Test
    void aMappingOutsideEveryRegion() {
        child.space.regions.replace(child.space.regions.without(buf + 3 * PAGE, buf + 4 * PAGE));
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("mapped outside every region");
    }

    @Test
    void anEntryGrantingMoreThanItsRegion() {
        p.space.regions.replace(p.space.regions.reprotected(buf, buf + PAGE, Protection.R));
        p.space.pageTable.forEachLeaf(p.space.root, buf, buf + PAGE, (va, slot, pte) ->
                p.space.pageTable.write(slot, (pte & ~Pte.COW) | Pte.W));
        kernel.pool.unshare(Machines.frameOf(child, buf)); // keep the counts right: only the grant is wrong
        child.space.pageTable.clear(child.space.root, buf, buf + PAGE, (va, slot, pte) -> child.space.residentPages--,
                child.space);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("grants more than its region r");
    }

    @Test
    void aResidentCountThatDrifted() {
        p.space.residentPages++;
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("counts 5 resident pages, its table maps 4");
    }

    @Test
    void aDirtyZeroPage() {
        kernel.memory.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 7, (byte) 1);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("the zero page is not zero");
        kernel.memory.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 7, (byte) 0);
    }

    @Test
    void aPageTableReachedTwice() {
        long rootSlot = ((long) child.space.root << 12) | 8 * 300;
        long pointer = kernel.memory.loadLong(((long) p.space.root << 12) | 8 * ((buf >>> 30) & 511));
        kernel.memory.storeLong(rootSlot, pointer);
        assertThatThrownBy(kernel::checkInvariants).hasMessageContaining("reached from 2 tables");
    }

    @Test
    void findSlotIsStable() {
        assertThatCode(() -> slotOf(p, buf)).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(slotOf(p, 0x20000)).isNotEqualTo(PageTable.NO_SLOT - 1);
    }
}
