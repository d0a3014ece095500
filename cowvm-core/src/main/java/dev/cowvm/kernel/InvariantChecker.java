package dev.cowvm.kernel;

import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.Pte;
import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.FrameState;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, from scratch, everything the kernel's bookkeeping claims. It trusts no counter:
 * it walks every live process's page tables and recounts.
 *
 * <ol>
 *   <li>Every data frame's reference count equals the number of entries that map it, and is
 *       at least 1; the zero page is mapped only read-only and never counted.</li>
 *   <li>Every page-table page is reached from exactly one root, is in the page-table state,
 *       and each process's count of them is right; the kernel's total is right.</li>
 *   <li>A free frame is mapped by no one, reached by no table, and on the free stack once.
 *       Under {@code on-free} zeroing no free frame holds stale bytes; a frame marked
 *       zeroed really is zero, and so is the zero page.</li>
 *   <li>Entries are well-formed Sv39/Sv48: leaves at level 0 only, reserved bits clear, U
 *       set, W only with R, no W on a copy-on-write or shared page, and no entry grants
 *       more than its region allows.</li>
 *   <li>Every cached TLB translation agrees with the page table and grants no more; the MMU
 *       walks the process's own root; no frame watched for decoded code is cached
 *       writable.</li>
 *   <li>Regions are sorted, disjoint, inside user space, and no more than the limit
 *       ({@link AddressLayout#MAX_REGIONS}); ended processes hold nothing; and when no
 *       process runs, every frame is back in the pool.</li>
 * </ol>
 */
final class InvariantChecker {
    private final Kernel kernel;
    private final FramePool pool;
    private final PhysicalMemory memory;
    private final List<String> problems = new ArrayList<>();
    private final int highWater;
    private final int[] mapCount;
    private final int[] tableRefs;
    private int tablesSeen;

    InvariantChecker(Kernel kernel) {
        this.kernel = kernel;
        this.pool = kernel.pool;
        this.memory = kernel.memory;
        this.highWater = pool.highWater();
        this.mapCount = new int[highWater];
        this.tableRefs = new int[highWater];
    }

    List<String> check() {
        boolean anyAlive = false;
        java.util.Set<AddressSpace> spaces = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Process p : kernel.processes()) {
            if (p.isAlive()) {
                anyAlive = true;
                if (!p.space.users.contains(p)) {
                    problem("process %d is not among the users of its address space", p.pid());
                }
                if (spaces.add(p.space)) {
                    checkProcess(p); // a space shared after vfork is checked once
                }
            } else if (p.space.root >= 0 || p.space.tablePages != 0 || p.space.residentPages != 0) {
                problem("ended process %d still holds memory: root %d, %d tables, %d pages", p.pid(),
                        p.space.root, p.space.tablePages, p.space.residentPages);
            }
        }
        checkFrames();
        if (tablesSeen != kernel.pageTablePages) {
            problem("kernel counts %d page-table pages, the tables hold %d", kernel.pageTablePages, tablesSeen);
        }
        if (!anyAlive && pool.inUse() != 0) {
            problem("no process runs but %d frames are out of the pool", pool.inUse());
        }
        if (pool.allocations() - pool.releases() != pool.inUse()) {
            problem("allocated %d - freed %d != in use %d", pool.allocations(), pool.releases(), pool.inUse());
        }
        return problems;
    }

    private void checkProcess(Process p) {
        AddressSpace as = p.space;
        if (as.root < 0) {
            problem("running process %d has no root table", p.pid());
            return;
        }
        int[] tables = {0};
        as.pageTable.forEachTable(as.root, (frame, level, base) -> {
            tables[0]++;
            if (!inRange(frame, "table of process " + p.pid())) {
                return;
            }
            tableRefs[frame]++;
            checkTableEntries(p, frame, level);
        });
        tablesSeen += tables[0];
        if (tables[0] != as.tablePages) {
            problem("process %d counts %d table pages, its tree has %d", p.pid(), as.tablePages, tables[0]);
        }
        long[] resident = {0};
        as.pageTable.forEachLeaf(as.root, 0, as.mode().userLimit(), (va, slot, pte) -> {
            int f = Pte.frame(pte);
            if (f != PhysicalMemory.ZERO_FRAME) {
                resident[0]++;
                if (inRange(f, "page 0x" + Long.toHexString(va) + " of process " + p.pid())) {
                    mapCount[f]++;
                }
            }
            checkLeaf(p, va, pte);
        });
        if (resident[0] != as.residentPages) {
            problem("process %d counts %d resident pages, its table maps %d", p.pid(), as.residentPages, resident[0]);
        }
        checkTlb(p);
        checkRegions(p);
    }

    private void checkTableEntries(Process p, int table, int level) {
        for (int i = 0; i < PageTable.ENTRIES; i++) {
            long pte = memory.loadLong(PhysicalMemory.address(table) + 8L * i);
            if ((pte & Pte.RESERVED_MASK) != 0) {
                problem("process %d table %d entry %d has reserved bits set: %s", p.pid(), table, i, Pte.describe(pte));
            }
            if (level > 0 && pte != 0 && !Pte.isPointer(pte)) {
                problem("process %d table %d (level %d) entry %d is not a pointer: %s", p.pid(), table, level, i,
                        Pte.describe(pte));
            }
            if (level == 0 && pte != 0 && !Pte.mapsFrame(pte)) {
                problem("process %d leaf table %d entry %d is neither a leaf nor held: %s", p.pid(), table, i,
                        Pte.describe(pte));
            }
        }
    }

    private void checkLeaf(Process p, long va, long pte) {
        String where = String.format("process %d page 0x%x (%s)", p.pid(), va, Pte.describe(pte));
        int f = Pte.frame(pte);
        Region r = p.space.regions.find(va);
        if (r == null) {
            problem("%s is mapped outside every region", where);
            return;
        }
        if ((pte & Pte.U) == 0) {
            problem("%s lacks U", where);
        }
        if (!Pte.isLeaf(pte)) { // held
            if (!r.protection().isNone()) {
                problem("%s is held but its region is %s", where, r.protection().label());
            }
            if (f == PhysicalMemory.ZERO_FRAME) {
                problem("%s holds the zero page", where);
            }
            return;
        }
        Protection rp = r.protection();
        if (((pte & Pte.R) != 0 && !rp.read()) || ((pte & Pte.W) != 0 && !rp.write())
                || ((pte & Pte.X) != 0 && !rp.execute())) {
            problem("%s grants more than its region %s", where, rp.label());
        }
        if ((pte & (Pte.R | Pte.W)) == Pte.W) {
            problem("%s has W without R (reserved in Sv39)", where);
        }
        if (f == PhysicalMemory.ZERO_FRAME) {
            if ((pte & (Pte.W | Pte.COW)) != 0) {
                problem("%s maps the zero page writable or copy-on-write", where);
            }
            return;
        }
        if (f >= highWater || pool.state(f) != FrameState.DATA) {
            problem("%s maps frame %d, which is not a data frame", where, f);
            return;
        }
        int refs = pool.refCount(f);
        if ((pte & Pte.W) != 0 && ((pte & Pte.COW) != 0 || refs != 1)) {
            problem("%s is writable but marked copy-on-write or shared (%d references)", where, refs);
        }
        if ((pte & Pte.COW) == 0 && refs != 1) {
            problem("%s is not marked copy-on-write but its frame has %d references", where, refs);
        }
    }

    private void checkTlb(Process p) {
        if (p.space.mmu.rootFrame() != p.space.root) {
            problem("process %d's MMU walks root %d, its address space has root %d", p.pid(),
                    p.space.mmu.rootFrame(), p.space.root);
        }
        p.space.mmu.tlb().forEach((va, pa, readable, writable, executable) -> {
            int frame = (int) (pa >>> PhysicalMemory.PAGE_SHIFT);
            long slot = p.space.pageTable.find(p.space.root, va);
            long pte = slot == PageTable.NO_SLOT ? 0 : p.space.pageTable.read(slot);
            String where = String.format("process %d TLB entry for 0x%x", p.pid(), va);
            if (!Pte.isLeaf(pte) || (readable && (pte & Pte.R) == 0)) {
                problem("%s is cached but the page table does not allow reading it", where);
            } else if (executable && (pte & Pte.X) == 0) {
                problem("%s allows fetching instructions the page table does not", where);
            } else if (Pte.frame(pte) != frame) {
                problem("%s points at frame %d, the page table at %d", where, frame, Pte.frame(pte));
            } else if (writable && (pte & (Pte.W | Pte.D)) != (Pte.W | Pte.D)) {
                problem("%s allows writes the page table does not", where);
            } else if (writable && pool.isWatched(frame)) {
                problem("%s caches write permission to frame %d, which holds watched code", where, frame);
            }
        });
    }

    private void checkRegions(Process p) {
        if (p.space.regions.size() > AddressLayout.MAX_REGIONS) {
            problem("process %d has %d regions, more than the limit of %d", p.pid(), p.space.regions.size(),
                    AddressLayout.MAX_REGIONS);
        }
        long last = 0;
        for (Region r : p.space.regions.asList()) {
            if (r.start() < last) {
                problem("process %d region %s overlaps or precedes the one before", p.pid(), r);
            }
            if (r.end() > p.space.mode().userLimit()) {
                problem("process %d region %s passes the end of user space", p.pid(), r);
            }
            if (r.isHeap() && (r.start() < p.space.heapStart || r.end() > AddressSpace.pageUp(p.space.brk))) {
                problem("process %d heap region %s lies outside [heap base, break 0x%x)", p.pid(), r, p.space.brk);
            }
            last = r.end();
        }
    }

    private void checkFrames() {
        if (!memory.isZero(PhysicalMemory.ZERO_FRAME)) {
            problem("the zero page is not zero");
        }
        boolean[] onStack = new boolean[highWater];
        for (int f : pool.freeStack()) {
            if (f <= 0 || f >= highWater) {
                problem("free stack holds frame %d, outside 1..%d", f, highWater - 1);
            } else if (onStack[f]) {
                problem("frame %d is on the free stack twice", f);
            } else {
                onStack[f] = true;
            }
        }
        int inUse = 0;
        int tableFrames = 0;
        for (int f = 1; f < highWater; f++) {
            FrameState s = pool.state(f);
            int refs = pool.refCount(f);
            switch (s) {
                case DATA -> {
                    inUse++;
                    if (refs != mapCount[f] || refs < 1) {
                        problem("frame %d has reference count %d but %d entries map it", f, refs, mapCount[f]);
                    }
                }
                case PAGE_TABLE -> {
                    inUse++;
                    tableFrames++;
                    if (tableRefs[f] != 1 || refs != 1) {
                        problem("page-table frame %d is reached from %d tables (count %d), expected 1", f,
                                tableRefs[f], refs);
                    }
                }
                case FREE_ZEROED, FREE_STALE -> {
                    if (refs != 0 || mapCount[f] != 0 || tableRefs[f] != 0 || !onStack[f]) {
                        problem("free frame %d: count %d, mapped %d times, %d tables, on free stack %b", f, refs,
                                mapCount[f], tableRefs[f], onStack[f]);
                    }
                    if (s == FrameState.FREE_ZEROED && !memory.isZero(f)) {
                        problem("frame %d is marked zeroed but holds data", f);
                    }
                    if (s == FrameState.FREE_STALE && pool.policy() == ZeroPolicy.ON_FREE) {
                        problem("frame %d holds stale bytes under on-free zeroing", f);
                    }
                }
                case ZERO_PAGE -> problem("frame %d claims to be the zero page", f);
            }
            if (s != FrameState.DATA && mapCount[f] != 0) {
                problem("frame %d in state %s is mapped by %d entries", f, s, mapCount[f]);
            }
            if (s != FrameState.PAGE_TABLE && tableRefs[f] != 0) {
                problem("frame %d in state %s is used as a page table", f, s);
            }
        }
        if (inUse != pool.inUse()) {
            problem("pool counts %d frames in use, the frames say %d", pool.inUse(), inUse);
        }
        if (tableFrames != tablesSeen) {
            problem("%d frames are page tables but live processes reach %d", tableFrames, tablesSeen);
        }
    }

    private boolean inRange(int frame, String what) {
        if (frame <= 0 || frame >= highWater) {
            problem("%s points at frame %d, never handed out", what, frame);
            return false;
        }
        return true;
    }

    private void problem(String format, Object... args) {
        if (problems.size() < 50) {
            problems.add(String.format(format, args));
        }
    }
}
