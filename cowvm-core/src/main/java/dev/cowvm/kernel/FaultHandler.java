package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.Fault;
import dev.cowvm.mmu.FaultResolver;
import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.FaultKind;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;

/**
 * The page-fault handler of one address space: what the MMU calls when a walk finds no
 * entry that permits an access. It decides in the order Linux's {@code handle_mm_fault}
 * does:
 * <ol>
 *   <li>No region contains the address, or the region forbids the access: the fault stands
 *       ({@link Fault#MAPERR}, {@link Fault#ACCERR}); whoever made the access decides what
 *       follows (a process's own access kills it, a system call returns EFAULT).</li>
 *   <li>A read of a page never touched: map the shared zero page read-only (no frame
 *       used).</li>
 *   <li>A write to a page never touched, or to the zero page: take a frame from the pool
 *       (zeroed as the policy says) and map it writable: zero-fill-on-demand.</li>
 *   <li>A write to a copy-on-write page whose frame others still map: the slide's three
 *       steps. (1) A new frame is taken from the pool; (2) the shared frame is copied into
 *       it; (3) the writer's entry points at the copy, writable and no longer marked, the
 *       old frame loses a reference, the stale translation leaves the TLB, and the MMU
 *       retries the write.</li>
 *   <li>A write to a copy-on-write page that no one else maps any more: reuse the frame in
 *       place, making the entry writable. No copy.</li>
 * </ol>
 * When a step needs a frame (or a page-table page) and the pool is empty, the fault stands
 * as {@link Fault#OOM} and nothing has changed but tables already built, which stay empty
 * and accounted.
 */
final class FaultHandler implements FaultResolver {
    private final Kernel kernel;
    private final AddressSpace space;
    private final PhysicalMemory memory;

    FaultHandler(Kernel kernel, AddressSpace space) {
        this.kernel = kernel;
        this.space = space;
        this.memory = kernel.memory;
    }

    @Override
    public Fault resolve(long va, Access access, long slot, long pte) {
        Process p = space.owner;
        Region region = space.regions.find(va);
        if (region == null) {
            fault(p, va, access, FaultKind.SEGV, -1, -1);
            return Fault.MAPERR;
        }
        if (!region.protection().permits(access)) {
            fault(p, va, access, FaultKind.SEGV, -1, -1);
            return Fault.ACCERR;
        }
        if (access == Access.WRITE && Pte.isLeaf(pte)) {
            int frame = Pte.frame(pte);
            if (frame == PhysicalMemory.ZERO_FRAME) {
                return zeroFill(p, va, access, slot, region, pte);
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
            return zeroFill(p, va, access, slot, region, 0);
        }
        return mapZeroPage(p, va, access, slot, region);
    }

    private Fault mapZeroPage(Process p, long va, Access access, long slot, Region region) {
        if (slot == PageTable.NO_SLOT && (slot = space.pageTable.findOrCreate(space.root, va, space)) == PageTable.NO_SLOT) {
            return oom(p, va, access);
        }
        long bits = (region.protection().pteBits() & ~Pte.W) | Pte.A;
        space.pageTable.write(slot, Pte.leaf(PhysicalMemory.ZERO_FRAME, bits));
        kernel.count(p, Counter.ZERO_PAGE_MAPS);
        fault(p, va, access, FaultKind.ZERO_PAGE_MAP, -1, PhysicalMemory.ZERO_FRAME);
        return Fault.NONE;
    }

    private Fault zeroFill(Process p, long va, Access access, long slot, Region region, long old) {
        if (slot == PageTable.NO_SLOT && (slot = space.pageTable.findOrCreate(space.root, va, space)) == PageTable.NO_SLOT) {
            return oom(p, va, access);
        }
        int frame = kernel.allocateFrame(p, FramePurpose.ZEROED_DATA);
        if (frame < 0) {
            return oom(p, va, access);
        }
        space.pageTable.write(slot, Pte.leaf(frame, region.protection().pteBits() | Pte.A | Pte.D));
        space.residentPages++;
        space.mmu.flush(va, (old & Pte.X) != 0);
        kernel.count(p, Counter.ZERO_FILL_FAULTS);
        fault(p, va, access, FaultKind.ZERO_FILL, Pte.isLeaf(old) ? PhysicalMemory.ZERO_FRAME : -1, frame);
        return Fault.NONE;
    }

    private Fault copy(Process p, long va, Access access, long slot, long pte, Region region) {
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
        space.pageTable.write(slot, Pte.leaf(frame, bits));                        // step 3
        kernel.pool.unshare(shared);
        space.mmu.flush(va, (pte & Pte.X) != 0);
        kernel.count(p, Counter.COW_COPY_FAULTS);
        fault(p, va, access, FaultKind.COW_COPY, shared, frame);
        return Fault.NONE;
    }

    private Fault reuse(Process p, long va, Access access, long slot, long pte) {
        space.pageTable.write(slot, (pte | Pte.W | Pte.A | Pte.D) & ~Pte.COW);
        space.mmu.flush(va, false); // the same frame, the same bytes: decoded code stays true
        kernel.count(p, Counter.COW_REUSE_FAULTS);
        int frame = Pte.frame(pte);
        fault(p, va, access, FaultKind.COW_REUSE, frame, frame);
        return Fault.NONE;
    }

    private Fault oom(Process p, long va, Access access) {
        fault(p, va, access, FaultKind.OOM, -1, -1);
        return Fault.OOM;
    }

    private void fault(Process p, long va, Access access, FaultKind kind, int oldFrame, int newFrame) {
        if (kind != FaultKind.SEGV && kind != FaultKind.OOM) {
            kernel.count(p, Counter.MINOR_FAULTS);
        }
        if (kernel.observed) {
            kernel.emit(new KernelEvent.PageFault(p.pid(), va, access, kind, oldFrame, newFrame));
        }
    }
}
