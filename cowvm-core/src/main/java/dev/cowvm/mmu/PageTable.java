package dev.cowvm.mmu;

import dev.cowvm.phys.PhysicalMemory;
import java.lang.foreign.MemorySegment;

/**
 * Builds, edits and scans page tables that live in physical memory, in the Sv39 or Sv48
 * format: the kernel's side of the tables (the MMU walks them itself, see {@link Mmu}).
 *
 * <p>A table is a tree of 4 KiB frames, each holding 512 eight-byte entries; a process is
 * named by the frame number of its root. For an address {@code va}, the index into the
 * table at level {@code i} (the root is level {@code levels-1}, the leaves level 0) is
 * <pre>
 *   VPN[i] = (va >>> (12 + 9*i)) &amp; 511
 * </pre>
 * This kernel makes leaves at level 0 only (no superpages). Entries are addressed by their
 * physical address ({@code slot}), which is also their offset in the arena.
 *
 * <p>Nothing here holds state between calls except the memory and the format: one instance
 * serves every process that uses the format.
 */
public final class PageTable {
    /** Entries per table page. */
    public static final int ENTRIES = 512;
    /** Returned when a walk cannot reach level 0. */
    public static final long NO_SLOT = -1;
    /** An empty table, to find runs of empty entries against. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[PhysicalMemory.PAGE_SIZE]);

    private final PhysicalMemory memory;
    private final MemorySegment ram;
    private final PagingMode mode;
    private final int levels;

    /**
     * @param memory the memory the tables live in
     * @param mode   their format
     */
    public PageTable(PhysicalMemory memory, PagingMode mode) {
        this.memory = memory;
        this.ram = memory.segment();
        this.mode = mode;
        this.levels = mode.levels();
    }

    /** The format this instance edits. */
    public PagingMode mode() {
        return mode;
    }

    private static int index(long va, int level) {
        return (int) (va >>> (PhysicalMemory.PAGE_SHIFT + 9 * level)) & (ENTRIES - 1);
    }

    private static long slot(int tableFrame, int index) {
        return PhysicalMemory.address(tableFrame) | ((long) index << 3);
    }

    /** Bytes of address space one entry covers at a level: 4 KiB, 2 MiB, 1 GiB, 512 GiB. */
    public static long span(int level) {
        return 1L << (PhysicalMemory.PAGE_SHIFT + 9 * level);
    }

    /**
     * The physical address of the level-0 entry for {@code va}, or {@link #NO_SLOT} if an
     * upper level has no table there.
     */
    public long find(int root, long va) {
        int table = root;
        for (int level = levels - 1; level > 0; level--) {
            long pte = memory.loadLong(slot(table, index(va, level)));
            if (!Pte.isPointer(pte)) {
                assert !Pte.isValid(pte) : "superpage leaf at level " + level;
                return NO_SLOT;
            }
            table = Pte.frame(pte);
        }
        return slot(table, index(va, 0));
    }

    /**
     * Like {@link #find}, building missing levels with tables from {@code alloc}.
     *
     * @return the entry's physical address, or {@link #NO_SLOT} if a table was needed and
     *         the allocator had none (levels already built stay, empty and accounted)
     */
    public long findOrCreate(int root, long va, TableAllocator alloc) {
        int table = root;
        for (int level = levels - 1; level > 0; level--) {
            long at = slot(table, index(va, level));
            long pte = memory.loadLong(at);
            if (!Pte.isPointer(pte)) {
                assert !Pte.isValid(pte) : "superpage leaf at level " + level;
                int next = alloc.allocateTable();
                if (next < 0) {
                    return NO_SLOT;
                }
                pte = Pte.pointer(next);
                memory.storeLong(at, pte);
            }
            table = Pte.frame(pte);
        }
        return slot(table, index(va, 0));
    }

    /**
     * The physical address of the level-0 table that maps {@code va}, building missing
     * levels with tables from {@code alloc}; {@link #NO_SLOT} if a table was needed and the
     * allocator had none.
     */
    public long level0Table(int root, long va, TableAllocator alloc) {
        long slot = findOrCreate(root, va, alloc);
        return slot == NO_SLOT ? NO_SLOT : slot & ~(long) PhysicalMemory.PAGE_MASK;
    }

    /** Entry {@code i} of the table at physical address {@code table}. */
    public long entry(long table, int i) {
        return ram.get(PhysicalMemory.LONG, table + ((long) i << 3));
    }

    /** Rewrites entry {@code i} of the table at physical address {@code table}. */
    public void setEntry(long table, int i, long pte) {
        ram.set(PhysicalMemory.LONG, table + ((long) i << 3), pte);
    }

    /** The entry at a physical address found by {@link #find}. */
    public long read(long slot) {
        return memory.loadLong(slot);
    }

    /** Rewrites the entry at a physical address found by {@link #find}. */
    public void write(long slot, long pte) {
        memory.storeLong(slot, pte);
    }

    /**
     * Visits, in address order, every entry in {@code [from, to)} that owns a frame. Skips
     * absent subtrees whole, so a sparse table is cheap to scan. The visitor may rewrite the
     * entry it is given but must not add or remove tables.
     */
    public void forEachLeaf(int root, long from, long to, LeafVisitor visitor) {
        if (from < to) {
            visit(root, levels - 1, 0L, from, to - 1, visitor);
        }
    }

    /**
     * Visits, in address order, every level-0 table: the address its entry 0 maps, and the
     * table's physical address, whose entries the visitor reads and may rewrite
     * ({@link #entry}, {@link #setEntry}) but must not free. For work on every entry of a
     * process, such as fork: one lookup per table instead of one per entry.
     */
    public void forEachLevel0Table(int root, Level0Visitor visitor) {
        level0Tables(root, levels - 1, 0L, visitor);
    }

    private void level0Tables(int table, int level, long base, Level0Visitor visitor) {
        long at = PhysicalMemory.address(table);
        if (level == 0) {
            visitor.visit(base, at);
            return;
        }
        for (int i = nextEntry(at, 0); i < ENTRIES; i = nextEntry(at, i + 1)) {
            long pte = entry(at, i);
            if (Pte.isPointer(pte)) {
                level0Tables(Pte.frame(pte), level - 1, base + i * span(level), visitor);
            }
        }
    }

    /** Visits level-0 tables. */
    @FunctionalInterface
    public interface Level0Visitor {
        /**
         * @param baseVa the address entry 0 of the table maps
         * @param table  the table's physical address
         */
        void visit(long baseVa, long table);
    }

    /** The first entry of a table (covering from {@code base}) that reaches {@code first}. */
    private static int firstIndex(long base, long first, int level) {
        return first <= base ? 0 : index(first, level);
    }

    /** The last entry of a table (covering from {@code base}) that reaches {@code last}. */
    private static int lastIndex(long base, long last, int level) {
        return last >= base + span(level + 1) - 1 ? ENTRIES - 1 : index(last, level);
    }

    private void visit(int table, int level, long base, long first, long last, LeafVisitor visitor) {
        long at = PhysicalMemory.address(table);
        int hi = lastIndex(base, last, level);
        for (int i = nextEntry(at, firstIndex(base, first, level), hi); i <= hi; i = nextEntry(at, i + 1, hi)) {
            long pte = entry(at, i);
            long va = base + i * span(level);
            if (level == 0) {
                if (Pte.mapsFrame(pte)) {
                    visitor.visit(va, slot(table, i), pte);
                }
            } else if (Pte.isPointer(pte)) {
                visit(Pte.frame(pte), level - 1, va, first, last, visitor);
            }
        }
    }

    /** The first entry of the table at {@code table} from {@code i} on that is not zero, or {@link #ENTRIES}. */
    public int nextEntry(long table, int i) {
        return nextEntry(table, i, ENTRIES - 1);
    }

    /**
     * The first entry from {@code i} to {@code hi} that is not zero, or {@code hi + 1}. A run
     * of empty entries is skipped with one vectorized compare instead of an entry at a time:
     * a sparse address space is mostly such runs, and its fork and exit scan them all.
     */
    private int nextEntry(long table, int i, int hi) {
        if (i > hi || entry(table, i) != 0) {
            return i;
        }
        long from = table + ((long) i << 3);
        long to = table + ((long) (hi + 1) << 3);
        long m = MemorySegment.mismatch(ram, from, to, ZEROS, 0, to - from);
        return m < 0 ? hi + 1 : i + (int) (m >>> 3);
    }

    /**
     * Removes every mapping in {@code [from, to)}: each entry that owns a frame is shown to
     * {@code onLeaf} (which releases the frame) and cleared; each table page left with no
     * entry at all is given back to {@code alloc}, as Linux's {@code free_pgtables} does
     * after {@code munmap}. The root is never freed.
     */
    public void clear(int root, long from, long to, LeafVisitor onLeaf, TableAllocator alloc) {
        if (from < to) {
            clear(root, levels - 1, 0L, from, to - 1, onLeaf, alloc);
        }
    }

    /** @return true if the table is now empty */
    private boolean clear(int table, int level, long base, long first, long last,
                          LeafVisitor onLeaf, TableAllocator alloc) {
        long at = PhysicalMemory.address(table);
        int hi = lastIndex(base, last, level);
        for (int i = nextEntry(at, firstIndex(base, first, level), hi); i <= hi; i = nextEntry(at, i + 1, hi)) {
            long pte = entry(at, i);
            long va = base + i * span(level);
            if (level == 0) {
                if (Pte.mapsFrame(pte)) {
                    onLeaf.visit(va, slot(table, i), pte);
                }
                setEntry(at, i, 0);
            } else if (Pte.isPointer(pte)) {
                int child = Pte.frame(pte);
                if (clear(child, level - 1, va, first, last, onLeaf, alloc)) {
                    setEntry(at, i, 0);
                    alloc.freeTable(child);
                }
            }
        }
        return memory.isZero(table);
    }

    /**
     * Tears the whole table down: shows every frame-owning entry to {@code onLeaf}, then
     * gives every table page, the root last, back to {@code alloc}.
     */
    public void destroy(int root, LeafVisitor onLeaf, TableAllocator alloc) {
        destroy(root, levels - 1, 0L, onLeaf, alloc);
    }

    private void destroy(int table, int level, long base, LeafVisitor onLeaf, TableAllocator alloc) {
        long at = PhysicalMemory.address(table);
        for (int i = nextEntry(at, 0); i < ENTRIES; i = nextEntry(at, i + 1)) {
            long pte = entry(at, i);
            long va = base + i * span(level);
            if (level == 0) {
                if (Pte.mapsFrame(pte)) {
                    onLeaf.visit(va, slot(table, i), pte);
                }
            } else if (Pte.isPointer(pte)) {
                destroy(Pte.frame(pte), level - 1, va, onLeaf, alloc);
            }
        }
        alloc.freeTable(table);
    }

    /** Visits every table page: its frame, its level, and the first address it covers. */
    public void forEachTable(int root, TableVisitor visitor) {
        tables(root, levels - 1, 0L, visitor);
    }

    private void tables(int table, int level, long base, TableVisitor visitor) {
        visitor.visit(table, level, base);
        if (level == 0) {
            return;
        }
        long at = PhysicalMemory.address(table);
        for (int i = nextEntry(at, 0); i < ENTRIES; i = nextEntry(at, i + 1)) {
            long pte = entry(at, i);
            if (Pte.isPointer(pte)) {
                tables(Pte.frame(pte), level - 1, base + i * span(level), visitor);
            }
        }
    }

    /** Visits page-table pages. */
    @FunctionalInterface
    public interface TableVisitor {
        /**
         * @param frame  the table page's frame
         * @param level  its level (0 holds leaves)
         * @param baseVa the first address it covers
         */
        void visit(int frame, int level, long baseVa);
    }
}
