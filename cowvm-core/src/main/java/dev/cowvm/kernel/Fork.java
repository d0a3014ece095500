package dev.cowvm.kernel;

import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;

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

    static Result<Process> run(Kernel kernel, Process parent, ForkMode mode) {
        AddressSpace from = parent.space;
        long needed = from.tablePages + (mode == ForkMode.COPY ? from.residentPages : 0);
        long available = kernel.pool.available();
        if (available < needed) {
            kernel.count(parent, Counter.FAILED_FORKS);
            if (kernel.observed) {
                kernel.emit(new KernelEvent.ForkFailed(parent.pid(), needed, available));
            }
            return Result.err(Failure.NO_MEMORY, "fork needs up to " + needed + " frames and the pool has "
                    + available);
        }
        Process child = kernel.newProcess(parent, from.mode());
        AddressSpace to = child.space;
        boolean made = to.createRoot();
        assert made : "frames were checked";
        to.regions.clearAndCopy(from.regions);
        to.heapStart = from.heapStart;
        to.brk = from.brk;
        PageTable pt = from.pageTable;
        long[] moved = new long[2]; // shared, copied
        // Table by table: the parent's level-0 table and the child's are each fetched once,
        // and their entries read and written in place. Per page that leaves the entry
        // itself and the frame's reference count, as in Linux's copy_pte_range.
        pt.forEachLevel0Table(from.root, (base, entries) -> {
            long childEntries = PageTable.NO_SLOT;
            for (int i = pt.nextEntry(entries, 0); i < PageTable.ENTRIES; i = pt.nextEntry(entries, i + 1)) {
                long pte = pt.entry(entries, i);
                if (!Pte.mapsFrame(pte)) {
                    continue;
                }
                long va = base + ((long) i << PhysicalMemory.PAGE_SHIFT);
                int frame = Pte.frame(pte);
                long childPte;
                if (frame == PhysicalMemory.ZERO_FRAME) {
                    childPte = pte;
                } else if (mode == ForkMode.COW) {
                    childPte = (pte & ~Pte.W) | Pte.COW;
                    if (childPte != pte) {
                        pt.setEntry(entries, i, childPte);
                    }
                    kernel.pool.share(frame);
                    moved[0]++;
                } else {
                    childPte = copy(kernel, child, va, pte);
                    moved[1]++;
                }
                if (childEntries == PageTable.NO_SLOT) {
                    childEntries = pt.level0Table(to.root, base, to);
                    assert childEntries != PageTable.NO_SLOT : "frames were checked";
                }
                pt.setEntry(childEntries, i, childPte);
                if (frame != PhysicalMemory.ZERO_FRAME) {
                    to.residentPages++;
                }
            }
        });
        if (mode == ForkMode.COW) {
            // Write permission is gone everywhere; executable mappings are unchanged.
            parent.space.mmu.flushAll(false);
        }
        kernel.count(parent, Counter.FORKS);
        kernel.count(parent, Counter.NAIVE_COPY_PAGES, from.residentPages);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Forked(parent.pid(), child.pid(), mode, moved[0], moved[1], to.tablePages));
        }
        return Result.ok(child);
    }

    /** Copy mode: the child's own copy of the page a parent's entry maps, and its entry. */
    private static long copy(Kernel kernel, Process child, long va, long pte) {
        int frame = Pte.frame(pte);
        int copy = kernel.allocateFrame(child, FramePurpose.COPY_TARGET);
        assert copy >= 0 : "frames were checked";
        kernel.memory.copy(frame, copy);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.FrameCopied(frame, copy, child.pid()));
        }
        boolean writable = Pte.isLeaf(pte) && child.space.regions.find(va).protection().write();
        kernel.count(child, Counter.PAGES_COPIED);
        kernel.count(child, Counter.BYTES_COPIED, PhysicalMemory.PAGE_SIZE);
        return Pte.withFrame(pte & ~(Pte.COW | Pte.W), copy) | (writable ? Pte.W : 0);
    }
}
