package dev.cowvm.kernel;

import dev.cowvm.mmu.LeafVisitor;
import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.mmu.Pte;
import dev.cowvm.mmu.TableAllocator;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;

/**
 * One process's memory: its regions, its root page table, and the program break. Memory is
 * lazy: mapping a region only records it; frames arrive on the first fault of each page.
 *
 * <p>Counts kept here and checked by the invariant checker: {@code tablePages} (frames holding
 * this process's page tables) and {@code residentPages} (entries that own a data frame; the
 * zero page is not counted, as Linux leaves it out of RSS).
 */
final class AddressSpace implements TableAllocator {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;

    final Kernel kernel;
    final Process owner;
    final PageTable pageTable;
    final RegionList regions;
    private final LeafVisitor release;
    int root = FramePool.NO_FRAME;
    long brk = AddressLayout.HEAP_BASE;
    int tablePages;
    long residentPages;

    AddressSpace(Kernel kernel, Process owner, PageTable pageTable) {
        this.kernel = kernel;
        this.owner = owner;
        this.pageTable = pageTable;
        this.regions = new RegionList();
        this.release = this::release;
    }

    PagingMode mode() {
        return pageTable.mode();
    }

    /** Allocates the root table; false if the pool is empty. */
    boolean createRoot() {
        assert root == FramePool.NO_FRAME;
        root = allocateTable();
        return root >= 0;
    }

    @Override
    public int allocateTable() {
        int f = kernel.allocateFrame(owner, FramePurpose.PAGE_TABLE);
        if (f >= 0) {
            tablePages++;
            kernel.pageTablePages++;
        }
        return f;
    }

    @Override
    public void freeTable(int frame) {
        kernel.pool.freeTable(frame);
        tablePages--;
        kernel.pageTablePages--;
    }

    /** Drops the reference an entry holds, returning its frame to the pool if it was the last. */
    private void release(long va, long slot, long pte) {
        int f = Pte.frame(pte);
        if (f != PhysicalMemory.ZERO_FRAME) {
            kernel.pool.unshare(f);
            residentPages--;
        }
    }

    /** Releases every frame and every table page, the root too. Returns references dropped. */
    long destroy() {
        if (root < 0) {
            return 0;
        }
        long before = residentPages;
        pageTable.destroy(root, release, this);
        root = FramePool.NO_FRAME;
        regions.clear();
        brk = AddressLayout.HEAP_BASE;
        owner.tlb.flushAll();
        assert tablePages == 0 && residentPages == 0 : "leak: " + tablePages + " tables, " + residentPages + " pages";
        return before;
    }

    long map(long addr, long length, Protection protection, String name) {
        checkName(name);
        long len = pageRound(length, "length");
        long start;
        if (addr == 0) {
            start = regions.firstFit(AddressLayout.MMAP_BASE, len, mode().userLimit());
            if (start < 0) {
                throw new IllegalArgumentException("no free range of " + len + " bytes in the address space");
            }
        } else {
            checkRange(addr, len);
            start = addr;
            Region clash = regions.firstOverlap(start, start + len);
            if (clash != null) {
                throw new IllegalArgumentException(String.format(
                        "[0x%x, 0x%x) overlaps region %s", start, start + len, clash));
            }
        }
        if (regions.size() >= AddressLayout.MAX_REGIONS) {
            throw new IllegalArgumentException("a process may have at most " + AddressLayout.MAX_REGIONS + " regions");
        }
        regions.insert(new Region(start, start + len, protection, name));
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Mapped(owner.pid(), start, len, protection.label(), name));
        }
        return start;
    }

    private static void checkName(String name) {
        if (name == null || name.startsWith("[")) {
            throw new IllegalArgumentException("region name '" + name
                    + "' is not allowed: names in brackets are the kernel's");
        }
    }

    void unmap(long addr, long length) {
        long len = pageRound(length, "length");
        checkRange(addr, len);
        long released = clearRange(addr, addr + len);
        regions.remove(addr, addr + len);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Unmapped(owner.pid(), addr, len, released));
        }
    }

    /** Unmaps the pages of {@code [start, end)} and flushes them from the TLB. */
    private long clearRange(long start, long end) {
        long before = residentPages;
        pageTable.clear(root, start, end, release, this);
        owner.tlb.flushRange(start >>> PhysicalMemory.PAGE_SHIFT, end >>> PhysicalMemory.PAGE_SHIFT);
        return before - residentPages;
    }

    /**
     * mprotect: changes the regions, then every entry in the range. Write permission is given
     * back at once only to pages this process owns alone; a copy-on-write page stays
     * read-only and its next write faults, as in Linux.
     */
    void protect(long addr, long length, Protection protection) {
        long len = pageRound(length, "length");
        checkRange(addr, len);
        if (!regions.covers(addr, addr + len)) {
            throw new IllegalArgumentException(String.format(
                    "[0x%x, 0x%x) is not entirely mapped", addr, addr + len));
        }
        regions.protect(addr, addr + len, protection);
        pageTable.forEachLeaf(root, addr, addr + len, (va, slot, pte) -> {
            int f = Pte.frame(pte);
            long updated;
            if (protection.isNone()) {
                updated = f == PhysicalMemory.ZERO_FRAME ? 0 : (pte & ~(Pte.V | Pte.RWX)) | Pte.HELD;
            } else {
                boolean exclusive = f != PhysicalMemory.ZERO_FRAME && (pte & Pte.COW) == 0;
                long rwx = protection.pteBits() & ~(exclusive ? 0 : Pte.W);
                updated = (pte & ~(Pte.RWX | Pte.HELD)) | Pte.V | Pte.U | rwx;
            }
            pageTable.write(slot, updated);
        });
        owner.tlb.flushRange(addr >>> PhysicalMemory.PAGE_SHIFT, (addr + len) >>> PhysicalMemory.PAGE_SHIFT);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Protected(owner.pid(), addr, len, protection.label()));
        }
    }

    /**
     * Moves the program break by {@code increment} bytes. Growth adds read-write heap
     * pages above the old break; shrinking unmaps the pages wholly above the new one.
     *
     * @return the old break, or -1 if the move is refused (below the heap's start, into
     *         another region, or past user space), with nothing changed
     */
    long sbrk(long increment) {
        long old = brk;
        long target = old + increment;
        if (target < AddressLayout.HEAP_BASE || target > mode().userLimit()
                || (increment > 0 && target < old)) {
            return -1;
        }
        long oldEnd = pageUp(old);
        long newEnd = pageUp(target);
        if (newEnd > oldEnd) {
            if (regions.firstOverlap(oldEnd, newEnd) != null) {
                return -1;
            }
            regions.insert(new Region(oldEnd, newEnd, Protection.RW, Region.HEAP));
        } else if (newEnd < oldEnd) {
            clearRange(newEnd, oldEnd);
            regions.remove(newEnd, oldEnd);
        }
        brk = target;
        if (kernel.observed) {
            kernel.emit(new KernelEvent.BrkMoved(owner.pid(), old, target));
        }
        return old;
    }

    private void checkRange(long addr, long len) {
        if ((addr & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("address 0x%x is not page-aligned", addr));
        }
        if (addr < AddressLayout.MIN_MAP_ADDRESS || addr > mode().userLimit() - len) {
            throw new IllegalArgumentException(String.format(
                    "[0x%x, +%d bytes) is outside user space [0x%x, 0x%x) of %s", addr, len,
                    AddressLayout.MIN_MAP_ADDRESS, mode().userLimit(), mode().label()));
        }
    }

    private long pageRound(long length, String what) {
        if (length <= 0 || length > mode().userLimit()) {
            throw new IllegalArgumentException(what + " " + length + " must be between 1 and "
                    + mode().userLimit() + " bytes");
        }
        return pageUp(length);
    }

    static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }
}
