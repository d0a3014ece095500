package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.FaultKind;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;

/**
 * The slow path of every access: the page-table walk, and when it fails, the page fault.
 *
 * <h2>Translate (the MMU)</h2>
 * <ol>
 *   <li>Walk to the level-0 entry. If it is a leaf that permits the access, set A (and D for
 *       a store) as the specification requires, fill the TLB and return the frame.</li>
 *   <li>Otherwise it is a page fault: resolve it (below) and walk again, as hardware retries
 *       the faulting instruction.</li>
 * </ol>
 *
 * <h2>Resolve (the kernel), in the order Linux's {@code handle_mm_fault} decides</h2>
 * <ol>
 *   <li>No region contains the address, or the region forbids the access: segmentation
 *       fault, the process is killed.</li>
 *   <li>A read of a page never touched: map the shared zero page read-only (no frame
 *       used).</li>
 *   <li>A write to a page never touched, or to the zero page: take a frame from the pool
 *       (zeroed as the policy says) and map it writable: zero-fill-on-demand.</li>
 *   <li>A write to a copy-on-write page whose frame others still map: the slide's three
 *       steps. (1) A new frame is taken from the pool; (2) the shared frame is copied into
 *       it; (3) the writer's entry points at the copy, writable and no longer marked, the
 *       old frame loses a reference, the stale translation leaves the TLB, and the write is
 *       retried.</li>
 *   <li>A write to a copy-on-write page that no one else maps any more: reuse the frame in
 *       place, making the entry writable. No copy.</li>
 * </ol>
 * When a step needs a frame (or a page-table page) and the pool is empty, the faulting
 * process is killed with an out-of-memory status, as Linux does with
 * {@code vm.oom_kill_allocating_task = 1}. No other process is touched.
 */
final class FaultHandler {
    private final Kernel kernel;
    private final PhysicalMemory memory;

    FaultHandler(Kernel kernel) {
        this.kernel = kernel;
        this.memory = kernel.memory;
    }

    /** The frame's bytes for the access, or null if the process was killed. */
    byte[] translate(Process p, long va, Access access) {
        AddressSpace as = p.space;
        if (va < 0 || va >= as.mode().userLimit()) {
            segv(p, va, access, "address outside user space");
            return null;
        }
        kernel.count(p, Counter.TLB_MISSES);
        long vpn = va >>> PhysicalMemory.PAGE_SHIFT;
        for (int attempt = 0; ; attempt++) {
            long slot = as.pageTable.find(as.root, va);
            long pte = slot == PageTable.NO_SLOT ? 0 : as.pageTable.read(slot);
            if (Pte.isLeaf(pte) && permits(pte, access)) {
                long updated = pte | Pte.A | (access == Access.WRITE ? Pte.D : 0);
                if (updated != pte) {
                    as.pageTable.write(slot, updated);
                }
                int frame = Pte.frame(updated);
                byte[] bytes = memory.frame(frame);
                p.tlb.fill(vpn, frame, bytes, (updated & Pte.R) != 0,
                        (updated & (Pte.W | Pte.D)) == (Pte.W | Pte.D), (updated & Pte.X) != 0);
                return bytes;
            }
            assert attempt == 0 : "fault resolved but the walk fails again at 0x" + Long.toHexString(va);
            if (!resolve(p, va, access, slot, pte)) {
                return null;
            }
        }
    }

    private static boolean permits(long pte, Access access) {
        return switch (access) {
            case READ -> (pte & Pte.R) != 0;
            case WRITE -> (pte & Pte.W) != 0;
            case EXECUTE -> (pte & Pte.X) != 0;
        };
    }

    /** Handles a page fault; false if the process was killed. */
    private boolean resolve(Process p, long va, Access access, long slot, long pte) {
        Region region = p.space.regions.find(va);
        if (region == null) {
            segv(p, va, access, "no region contains it");
            return false;
        }
        if (!region.protection().permits(access)) {
            segv(p, va, access, access.label() + " not allowed in region " + region.name()
                    + " (" + region.protection().label() + ")");
            return false;
        }
        if (access == Access.WRITE && Pte.isLeaf(pte)) {
            int frame = Pte.frame(pte);
            if (frame == PhysicalMemory.ZERO_FRAME) {
                return zeroFill(p, va, access, slot, region, frame);
            }
            assert (pte & Pte.COW) != 0 : "read-only private page without COW mark in a writable region";
            if (kernel.pool.refCount(frame) > 1) {
                return copy(p, va, access, slot, pte, region);
            }
            return reuse(p, va, access, slot, pte);
        }
        if (Pte.isLeaf(pte)) {
            // Present but lacking R or X although the region allows it: cannot arise, since
            // entries are made from their region's protection and changed with it.
            throw new AssertionError("entry " + Pte.describe(pte) + " disagrees with region " + region);
        }
        if (access == Access.WRITE) {
            return zeroFill(p, va, access, slot, region, -1);
        }
        return mapZeroPage(p, va, access, slot, region);
    }

    private boolean mapZeroPage(Process p, long va, Access access, long slot, Region region) {
        AddressSpace as = p.space;
        if (slot == PageTable.NO_SLOT && (slot = as.pageTable.findOrCreate(as.root, va, as)) == PageTable.NO_SLOT) {
            return oom(p, va, access);
        }
        long bits = (region.protection().pteBits() & ~Pte.W) | Pte.A;
        as.pageTable.write(slot, Pte.leaf(PhysicalMemory.ZERO_FRAME, bits));
        kernel.count(p, Counter.ZERO_PAGE_MAPS);
        fault(p, va, access, FaultKind.ZERO_PAGE_MAP, -1, PhysicalMemory.ZERO_FRAME);
        return true;
    }

    private boolean zeroFill(Process p, long va, Access access, long slot, Region region, int oldFrame) {
        AddressSpace as = p.space;
        if (slot == PageTable.NO_SLOT && (slot = as.pageTable.findOrCreate(as.root, va, as)) == PageTable.NO_SLOT) {
            return oom(p, va, access);
        }
        int frame = kernel.allocateFrame(p, FramePurpose.ZEROED_DATA);
        if (frame < 0) {
            return oom(p, va, access);
        }
        as.pageTable.write(slot, Pte.leaf(frame, region.protection().pteBits() | Pte.A | Pte.D));
        as.residentPages++;
        p.tlb.flush(va >>> PhysicalMemory.PAGE_SHIFT);
        kernel.count(p, Counter.ZERO_FILL_FAULTS);
        fault(p, va, access, FaultKind.ZERO_FILL, oldFrame, frame);
        return true;
    }

    private boolean copy(Process p, long va, Access access, long slot, long pte, Region region) {
        int shared = Pte.frame(pte);
        int frame = kernel.allocateFrame(p, FramePurpose.COPY_TARGET);              // step 1
        if (frame < 0) {
            return oom(p, va, access);
        }
        memory.copy(shared, frame);                                                 // step 2
        kernel.count(p, Counter.PAGES_COPIED);
        kernel.count(p, Counter.BYTES_COPIED, PhysicalMemory.PAGE_SIZE);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.FrameCopied(shared, frame, p.pid()));
        }
        long bits = region.protection().pteBits() | Pte.A | Pte.D | (pte & Pte.G);
        p.space.pageTable.write(slot, Pte.leaf(frame, bits));                       // step 3
        kernel.pool.unshare(shared);
        p.tlb.flush(va >>> PhysicalMemory.PAGE_SHIFT);
        kernel.count(p, Counter.COW_COPY_FAULTS);
        fault(p, va, access, FaultKind.COW_COPY, shared, frame);
        return true;
    }

    private boolean reuse(Process p, long va, Access access, long slot, long pte) {
        p.space.pageTable.write(slot, (pte | Pte.W | Pte.A | Pte.D) & ~Pte.COW);
        p.tlb.flush(va >>> PhysicalMemory.PAGE_SHIFT);
        kernel.count(p, Counter.COW_REUSE_FAULTS);
        int frame = Pte.frame(pte);
        fault(p, va, access, FaultKind.COW_REUSE, frame, frame);
        return true;
    }

    private void segv(Process p, long va, Access access, String why) {
        kernel.count(p, Counter.SEGFAULTS);
        fault(p, va, access, FaultKind.SEGV, -1, -1);
        kernel.terminate(p, ProcessStatus.SEGV, 128 + 11,
                String.format("segmentation fault: %s at 0x%x: %s", access.label(), va, why));
    }

    private boolean oom(Process p, long va, Access access) {
        kernel.count(p, Counter.OOM_KILLS);
        fault(p, va, access, FaultKind.OOM, -1, -1);
        kernel.terminate(p, ProcessStatus.OOM, 128 + 9,
                String.format("out of memory: %s at 0x%x needed a frame and the pool was empty", access.label(), va));
        return false;
    }

    private void fault(Process p, long va, Access access, FaultKind kind, int oldFrame, int newFrame) {
        if (kernel.observed) {
            kernel.emit(new KernelEvent.PageFault(p.pid(), va, access, kind, oldFrame, newFrame));
        }
    }
}
