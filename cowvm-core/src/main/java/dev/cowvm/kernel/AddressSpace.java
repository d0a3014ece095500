package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.LeafVisitor;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.mmu.Pte;
import dev.cowvm.mmu.TableAllocator;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;
import java.util.List;

/**
 * One process's memory: its regions, its root page table, the program break, and the MMU
 * every access goes through. Memory is lazy: mapping a region only records it; frames
 * arrive on the first fault of each page, which the MMU sends to this space's
 * {@link FaultHandler}.
 *
 * <p>Counts kept here and checked by the invariant checker: {@code tablePages} (frames holding
 * this space's page tables) and {@code residentPages} (entries that own a data frame; the
 * zero page is not counted, as Linux leaves it out of RSS).
 *
 * <p>Every change to the address space is checked first and made whole, or refused with a
 * {@link Result.Err} and nothing changed.
 */
final class AddressSpace implements TableAllocator {
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;

    final Kernel kernel;
    /** The process charged for faults and frames: the one that runs in it. */
    Process owner;
    /** The processes in it: one, or more after vfork (the last joined runs). */
    final java.util.ArrayDeque<Process> users = new java.util.ArrayDeque<>();
    final PageTable pageTable;
    final RegionList regions;
    final Mmu mmu;
    private final LeafVisitor release;
    int root = FramePool.NO_FRAME;
    /** Where the heap begins: {@link AddressLayout#HEAP_BASE} unless a program loader moved it. */
    long heapStart = AddressLayout.HEAP_BASE;
    long brk = AddressLayout.HEAP_BASE;
    int tablePages;
    long residentPages;

    AddressSpace(Kernel kernel, Process owner, PageTable pageTable) {
        this.kernel = kernel;
        this.owner = owner;
        this.users.add(owner);
        this.pageTable = pageTable;
        this.regions = new RegionList();
        this.release = this::release;
        this.mmu = new Mmu(kernel.memory, kernel.pool, pageTable.mode(), kernel.config().tlbEntries(),
                new FaultHandler(kernel, this));
    }

    PagingMode mode() {
        return pageTable.mode();
    }

    /** Allocates the root table and points the MMU at it; false if the pool is empty. */
    boolean createRoot() {
        assert root == FramePool.NO_FRAME;
        root = allocateTable();
        mmu.setRoot(root);
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
        heapStart = AddressLayout.HEAP_BASE;
        brk = AddressLayout.HEAP_BASE;
        mmu.setRoot(-1);
        assert tablePages == 0 && residentPages == 0 : "leak: " + tablePages + " tables, " + residentPages + " pages";
        return before;
    }

    Result<Long> map(long addr, long length, Protection protection, String name) {
        return map(addr, length, protection, name, false);
    }

    /**
     * mmap of an anonymous region; with {@code replace}, at exactly {@code addr}, unmapping
     * whatever was there first (MAP_FIXED), all or nothing.
     */
    Result<Long> map(long addr, long length, Protection protection, String name, boolean replace) {
        if (name == null || name.startsWith("[")) {
            return Result.err(Failure.INVALID, "region name '" + name
                    + "' is not allowed: names in brackets are the kernel's");
        }
        return map(addr, length, protection, name, AddressLayout.MIN_MAP_ADDRESS, replace);
    }

    /**
     * Maps a region of a program image at a fixed address for a loader: the address may be
     * as low as 0 and the name may be one of the kernel's ({@code [stack]}).
     */
    Result<Long> mapImage(long addr, long length, Protection protection, String name) {
        if (name == null || name.isEmpty() || name.equals(Region.HEAP)) {
            return Result.err(Failure.INVALID, "region name '" + name + "' is not allowed for an image region");
        }
        return map(addr, length, protection, name, 0, false);
    }

    private Result<Long> map(long addr, long length, Protection protection, String name, long lowest,
                             boolean replace) {
        Result<Long> len = pageRound(length);
        if (!len.isOk()) {
            return len;
        }
        long size = len.orElseThrow();
        long start;
        if (addr == 0 && lowest > 0) {
            start = regions.firstFit(AddressLayout.MMAP_BASE, size, mode().userLimit());
            if (start < 0) {
                return Result.err(Failure.NO_MEMORY, "no free range of " + size + " bytes in the address space");
            }
        } else {
            Result<Void> range = checkRange(addr, size, lowest);
            if (!range.isOk()) {
                return range.asFailure();
            }
            start = addr;
            Region clash = regions.firstOverlap(start, start + size);
            if (clash != null && !replace) {
                return Result.err(Failure.EXISTS, String.format("[0x%x, 0x%x) overlaps region %s", start,
                        start + size, clash));
            }
            if (clash != null) {
                List<Region> next = regions.without(start, start + size);
                if (next.size() >= AddressLayout.MAX_REGIONS) {
                    return tooManyRegions();
                }
                long released = clearRange(start, start + size, regions.anyExecutable(start, start + size));
                regions.replace(next);
                if (kernel.observed) {
                    kernel.emit(new KernelEvent.Unmapped(owner.pid(), start, size, released));
                }
            }
        }
        if (regions.size() >= AddressLayout.MAX_REGIONS) {
            return tooManyRegions();
        }
        regions.insert(new Region(start, start + size, protection, name));
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Mapped(owner.pid(), start, size, protection.label(), name));
        }
        return Result.ok(start);
    }

    private static <T> Result<T> tooManyRegions() {
        return Result.err(Failure.NO_MEMORY, "a process may have at most " + AddressLayout.MAX_REGIONS
                + " regions (Linux's vm.max_map_count)");
    }

    Result<Void> unmap(long addr, long length) {
        Result<Long> len = pageRound(length);
        if (!len.isOk()) {
            return len.asFailure();
        }
        long size = len.orElseThrow();
        Result<Void> range = checkRange(addr, size, 0);
        if (!range.isOk()) {
            return range;
        }
        List<Region> next = regions.without(addr, addr + size);
        if (next.size() > AddressLayout.MAX_REGIONS) {
            return tooManyRegions();
        }
        boolean code = regions.anyExecutable(addr, addr + size);
        long released = clearRange(addr, addr + size, code);
        regions.replace(next);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Unmapped(owner.pid(), addr, size, released));
        }
        return Result.done();
    }

    /**
     * madvise(MADV_DONTNEED): drops the pages of {@code [addr, addr+length)}, giving their
     * frames back, but keeps the regions: the next touch of a page finds it never touched
     * (a zero page, or a zero fill).
     *
     * @return the pages dropped; or {@link Failure#INVALID} for a bad range,
     *         {@link Failure#NO_MEMORY} if part of it is not mapped (as Linux says)
     */
    Result<Long> discard(long addr, long length) {
        Result<Long> len = pageRound(length);
        if (!len.isOk()) {
            return len;
        }
        long size = len.orElseThrow();
        Result<Void> range = checkRange(addr, size, 0);
        if (!range.isOk()) {
            return range.asFailure();
        }
        if (!regions.covers(addr, addr + size)) {
            return Result.err(Failure.NO_MEMORY, String.format("[0x%x, 0x%x) is not entirely mapped", addr,
                    addr + size));
        }
        long released = clearRange(addr, addr + size, regions.anyExecutable(addr, addr + size));
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Discarded(owner.pid(), addr, size, released));
        }
        return Result.ok(released);
    }

    /**
     * mremap: the region at {@code [addr, addr+oldLength)} gets {@code newLength} bytes.
     * Shrinking unmaps the tail; growing extends it in place if the range after it is free,
     * or else, with {@code mayMove}, moves it whole to a free range: the page-table entries
     * move, the frames and their bytes stay where they are (nothing is copied).
     *
     * @return the region's new start; or {@link Failure#INVALID} (bad ranges, or not one
     *         region), {@link Failure#NO_MEMORY} (no room to grow, or no frame for the tables
     *         of the new place), with nothing changed
     */
    Result<Long> remap(long addr, long oldLength, long newLength, boolean mayMove) {
        Result<Long> oldLen = pageRound(oldLength);
        Result<Long> newLen = pageRound(newLength);
        if (!oldLen.isOk() || !newLen.isOk()) {
            return !oldLen.isOk() ? oldLen : newLen;
        }
        long oldSize = oldLen.orElseThrow();
        long newSize = newLen.orElseThrow();
        Result<Void> range = checkRange(addr, oldSize, 0);
        if (!range.isOk()) {
            return range.asFailure();
        }
        Region r = regions.find(addr);
        if (r == null || r.end() < addr + oldSize) {
            return Result.err(Failure.INVALID, String.format("[0x%x, 0x%x) is not within one region", addr,
                    addr + oldSize));
        }
        if (newSize <= oldSize) {
            if (newSize < oldSize) {
                Result<Void> cut = unmap(addr + newSize, oldSize - newSize);
                if (!cut.isOk()) {
                    return cut.asFailure();
                }
            }
            return Result.ok(addr);
        }
        long end = addr + oldSize;
        boolean roomAfter = end <= mode().userLimit() - (newSize - oldSize)
                && regions.firstOverlap(end, addr + newSize) == null;
        if (roomAfter) {
            if (regions.size() >= AddressLayout.MAX_REGIONS && r.end() != end) {
                return tooManyRegions();
            }
            regions.insert(new Region(end, addr + newSize, r.protection(), r.name()));
            return Result.ok(addr);
        }
        if (!mayMove) {
            return Result.err(Failure.NO_MEMORY, String.format("[0x%x, 0x%x) cannot grow in place: another region"
                    + " follows it", addr, end));
        }
        long to = regions.firstFit(AddressLayout.MMAP_BASE, newSize, mode().userLimit());
        if (to < 0) {
            return Result.err(Failure.NO_MEMORY, "no free range of " + newSize + " bytes to move the region to");
        }
        // The new place may need a level-0 table for every 2 MiB, and tables above them.
        long tablesNeeded = 2 + 2 * ((oldSize + PageTable.span(1) - 1) / PageTable.span(1));
        if (kernel.pool.available() < tablesNeeded) {
            return Result.err(Failure.NO_MEMORY, "moving the region needs up to " + tablesNeeded
                    + " page-table frames and the pool has " + kernel.pool.available());
        }
        List<Region> without = regions.without(addr, end);
        if (without.size() + 1 > AddressLayout.MAX_REGIONS) {
            return tooManyRegions();
        }
        boolean code = r.protection().execute();
        List<long[]> moved = new java.util.ArrayList<>();
        pageTable.forEachLeaf(root, addr, end, (va, slot, pte) -> {
            moved.add(new long[] {va - addr, pte});
            pageTable.write(slot, 0);
        });
        for (long[] m : moved) {
            long slot = pageTable.findOrCreate(root, to + m[0], this);
            assert slot != PageTable.NO_SLOT : "table frames were checked";
            pageTable.write(slot, m[1]);
        }
        pageTable.clear(root, addr, end, (va, slot, pte) -> {
            throw new AssertionError("an entry left behind at 0x" + Long.toHexString(va));
        }, this);
        mmu.flushRange(addr, end, code);
        regions.replace(without);
        regions.insert(new Region(to, to + newSize, r.protection(), r.name()));
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Moved(owner.pid(), addr, to, oldSize, newSize, moved.size()));
        }
        return Result.ok(to);
    }

    /** Unmaps the pages of {@code [start, end)} and flushes them from the TLB. */
    private long clearRange(long start, long end, boolean code) {
        long before = residentPages;
        pageTable.clear(root, start, end, release, this);
        mmu.flushRange(start, end, code);
        return before - residentPages;
    }

    /**
     * mprotect: changes the regions, then every entry in the range. Write permission is given
     * back at once only to pages this process owns alone; a copy-on-write page stays
     * read-only and its next write faults, as in Linux.
     */
    Result<Void> protect(long addr, long length, Protection protection) {
        Result<Long> len = pageRound(length);
        if (!len.isOk()) {
            return len.asFailure();
        }
        long size = len.orElseThrow();
        Result<Void> range = checkRange(addr, size, 0);
        if (!range.isOk()) {
            return range;
        }
        if (!regions.covers(addr, addr + size)) {
            return Result.err(Failure.NO_MEMORY, String.format("[0x%x, 0x%x) is not entirely mapped", addr,
                    addr + size));
        }
        List<Region> next = regions.reprotected(addr, addr + size, protection);
        if (next.size() > AddressLayout.MAX_REGIONS) {
            return tooManyRegions();
        }
        boolean code = regions.anyExecutable(addr, addr + size) && !protection.execute();
        regions.replace(next);
        pageTable.forEachLeaf(root, addr, addr + size, (va, slot, pte) -> {
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
        mmu.flushRange(addr, addr + size, code);
        if (kernel.observed) {
            kernel.emit(new KernelEvent.Protected(owner.pid(), addr, size, protection.label()));
        }
        return Result.done();
    }

    /**
     * Moves the program break by {@code increment} bytes. Growth adds read-write heap
     * pages above the old break; shrinking unmaps the pages wholly above the new one.
     *
     * @return the old break, or a failure (below the heap's start, into another region, or
     *         past user space) with nothing changed
     */
    Result<Long> sbrk(long increment) {
        long old = brk;
        long target = old + increment;
        if (target < heapStart || target > mode().userLimit()
                || (increment > 0 && target < old) || (increment < 0 && target > old)) {
            return Result.err(Failure.NO_MEMORY, String.format("the break cannot move from 0x%x by %d bytes", old,
                    increment));
        }
        long oldEnd = pageUp(old);
        long newEnd = pageUp(target);
        if (newEnd > oldEnd) {
            Region clash = regions.firstOverlap(oldEnd, newEnd);
            if (clash != null) {
                return Result.err(Failure.NO_MEMORY, String.format("the heap cannot grow to 0x%x: region %s is there",
                        newEnd, clash));
            }
            if (regions.size() >= AddressLayout.MAX_REGIONS) {
                Region below = regions.find(oldEnd - 1);
                if (below == null || !below.isHeap() || !below.protection().equals(Protection.RW)) {
                    return tooManyRegions();
                }
            }
            regions.insert(new Region(oldEnd, newEnd, Protection.RW, Region.HEAP));
        } else if (newEnd < oldEnd) {
            List<Region> next = regions.without(newEnd, oldEnd);
            if (next.size() > AddressLayout.MAX_REGIONS) {
                return tooManyRegions();
            }
            clearRange(newEnd, oldEnd, regions.anyExecutable(newEnd, oldEnd));
            regions.replace(next);
        }
        brk = target;
        if (kernel.observed) {
            kernel.emit(new KernelEvent.BrkMoved(owner.pid(), old, target));
        }
        return Result.ok(old);
    }

    /** Why an access at {@code va} faults, in words, for a process's death reason. */
    String faultReason(long va, Access access) {
        if (va < 0 || va >= mode().userLimit()) {
            return "address outside user space";
        }
        Region region = regions.find(va);
        if (region == null) {
            return "no region contains it";
        }
        return access.label() + " not allowed in region " + region.name() + " (" + region.protection().label() + ")";
    }

    /**
     * Checks a range for map ({@code lowest} is {@link AddressLayout#MIN_MAP_ADDRESS}), or
     * for unmap, mprotect and a loader's map ({@code lowest} is 0: as in Linux, the lowest
     * mappable address limits what a process may map, not what it may unmap or protect).
     */
    private Result<Void> checkRange(long addr, long len, long lowest) {
        if ((addr & (PAGE - 1)) != 0) {
            return Result.err(Failure.INVALID, String.format("address 0x%x is not page-aligned", addr));
        }
        if (addr < lowest || addr > mode().userLimit() - len) {
            return Result.err(Failure.INVALID, String.format(
                    "[0x%x, +%d bytes) is outside user space [0x%x, 0x%x) of %s", addr, len,
                    lowest, mode().userLimit(), mode().specName()));
        }
        return Result.done();
    }

    /**
     * Places the start of the heap (and the break) at {@code start}, for a loader after exec.
     *
     * @return done, or {@link Failure#INVALID} if it is not page-aligned, outside user
     *         space, inside a region, or the heap has already grown
     */
    Result<Void> startHeap(long start) {
        if ((start & (PAGE - 1)) != 0 || start < 0 || start >= mode().userLimit()) {
            return Result.err(Failure.INVALID, String.format(
                    "heap start 0x%x must be page-aligned and inside user space", start));
        }
        if (brk != heapStart) {
            return Result.err(Failure.INVALID, "the heap has already grown; its start can only move before that");
        }
        Region there = regions.find(start);
        if (there != null) {
            return Result.err(Failure.INVALID, String.format("heap start 0x%x lies in region %s", start, there));
        }
        heapStart = start;
        brk = start;
        return Result.done();
    }

    private Result<Long> pageRound(long length) {
        if (length <= 0 || length > mode().userLimit()) {
            return Result.err(Failure.INVALID, "length " + length + " must be between 1 and "
                    + mode().userLimit() + " bytes");
        }
        return Result.ok(pageUp(length));
    }

    static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }
}
