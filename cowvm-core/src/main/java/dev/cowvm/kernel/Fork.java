package dev.cowvm.kernel;

import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;
import java.util.Optional;

/**
 * fork, in both modes.
 *
 * <h2>Copy-on-write (the slide)</h2>
 * <ol>
 *   <li>Check that the pool holds as many frames as the parent has page-table pages (the
 *       most the child's copy can need). If not, refuse: nothing is built, nothing is
 *       changed, as Linux's fork fails with ENOMEM.</li>
 *   <li>Give the child a root table and a copy of the parent's regions and break.</li>
 *   <li>For every entry of the parent that owns a frame: clear W and set the COW mark in the
 *       parent's entry, write the same entry into the child's table (building levels as
 *       needed), and add one reference to the frame. Entries of the zero page are copied
 *       as they are: it is read-only already and never counted.</li>
 *   <li>Flush the parent's TLB: its cached write permissions are no longer true (Linux's
 *       {@code flush_tlb_mm} after {@code dup_mmap}).</li>
 * </ol>
 * Every shared page is marked, not only the writable ones (xv6 marks only those): a page of
 * a read-only region may be made writable later by mprotect, and must then still be copied
 * before the first write.
 *
 * <h2>Copy (the baseline)</h2>
 * The same walk, but each frame is copied at once into a frame of the child's own; the
 * check in step 1 also counts those frames.
 */
final class Fork {
    private Fork() {
    }

    static Optional<Process> run(Kernel kernel, Process parent, ForkMode mode) {
        AddressSpace from = parent.space;
        long needed = from.tablePages + (mode == ForkMode.COPY ? from.residentPages : 0);
        long available = kernel.pool.available();
        if (available < needed) {
            kernel.count(parent, Counter.FAILED_FORKS);
            if (kernel.observed) {
                kernel.emit(new KernelEvent.ForkFailed(parent.pid(), needed, available));
            }
            return Optional.empty();
        }
        Process child = kernel.newProcess(parent, from.mode());
        AddressSpace to = child.space;
        boolean made = to.createRoot();
        assert made : "frames were checked";
        to.regions.clearAndCopy(from.regions);
        to.brk = from.brk;
        PageTable pt = from.pageTable;
        long[] moved = new long[2]; // shared, copied
        ChildTable childTable = new ChildTable(pt, to);
        pt.forEachLeaf(from.root, 0, from.mode().userLimit(), (va, slot, pte) -> {
            int frame = Pte.frame(pte);
            long childPte;
            if (frame == PhysicalMemory.ZERO_FRAME) {
                childPte = pte;
            } else if (mode == ForkMode.COW) {
                childPte = (pte & ~Pte.W) | Pte.COW;
                if (childPte != pte) {
                    pt.write(slot, childPte);
                }
                kernel.pool.share(frame);
                moved[0]++;
            } else {
                int copy = kernel.allocateFrame(child, FramePurpose.COPY_TARGET);
                assert copy >= 0 : "frames were checked";
                kernel.memory.copy(frame, copy);
                if (kernel.observed) {
                    kernel.emit(new KernelEvent.FrameCopied(frame, copy, child.pid()));
                }
                boolean writable = Pte.isLeaf(pte) && to.regions.find(va).protection().write();
                childPte = Pte.withFrame(pte & ~(Pte.COW | Pte.W), copy) | (writable ? Pte.W : 0);
                kernel.count(child, Counter.PAGES_COPIED);
                kernel.count(child, Counter.BYTES_COPIED, PhysicalMemory.PAGE_SIZE);
                moved[1]++;
            }
            long childSlot = childTable.slot(va);
            assert childSlot != PageTable.NO_SLOT : "frames were checked";
            pt.write(childSlot, childPte);
            if (frame != PhysicalMemory.ZERO_FRAME) {
                to.residentPages++;
            }
        });
        if (mode == ForkMode.COW) {
            parent.tlb.flushAll();
        }
        kernel.count(parent, Counter.FORKS);
        kernel.count(parent, Counter.NAIVE_COPY_PAGES, from.residentPages);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Forked(parent.pid(), child.pid(), mode, moved[0], moved[1], to.tablePages));
        }
        return Optional.of(child);
    }

    /**
     * Where the child's entry for an address goes. Leaves arrive in address order, so most
     * of them land in the same level-0 table as the one before: that table is found (or
     * built) once, by a walk from the root, and its entries are then addressed directly.
     * A walk per page would cost a dependent load per level, most of a cow fork's time.
     */
    private static final class ChildTable {
        private final PageTable pt;
        private final AddressSpace to;
        private long span = -1;
        private long anySlot;

        ChildTable(PageTable pt, AddressSpace to) {
            this.pt = pt;
            this.to = to;
        }

        long slot(long va) {
            long s = va / PageTable.span(1);
            if (s != span) {
                anySlot = pt.findOrCreate(to.root, va, to);
                span = anySlot == PageTable.NO_SLOT ? -1 : s;
                return anySlot;
            }
            return PageTable.slotInSameTable(anySlot, va);
        }
    }
}
