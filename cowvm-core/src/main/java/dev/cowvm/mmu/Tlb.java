package dev.cowvm.mmu;

import dev.cowvm.phys.PhysicalMemory;
import java.util.Arrays;

/**
 * A software TLB: a direct-mapped cache of translations, one per address space, kept in one
 * primitive array so that a hit is one compare and one add.
 *
 * <pre>
 *   slot = (va &gt;&gt;&gt; 12) &amp; (size - 1)          four longs a slot, 32 bytes:
 *   e[4*slot]      read tag:  the page's virtual address (va &amp; ~0xfff) if loads may hit, else -1
 *   e[4*slot + 1]  write tag: the same if stores may hit (W and D set, the frame not watched for code)
 *   e[4*slot + 2]  exec tag:  the same if instruction fetches may hit (X set)
 *   e[4*slot + 3]  delta:     the frame's physical address minus the page's virtual address
 * </pre>
 * A hit on an access of {@code size} bytes at {@code va} is
 * <pre>
 *   e[4*slot + kind] == (va &amp; ~(0xfff &amp; ~(size - 1)))      then   pa = va + e[4*slot + 3]
 * </pre>
 * Folding the low bits of the address into the compare, as QEMU's software TLB does, sends
 * a misaligned access (which may cross into the next page) to the slow path through the
 * same compare: a tag's low 12 bits are zero, so any set bit below the access size misses.
 * An empty tag, -1, has its low bits set and never matches. The three tags of a slot are
 * filled together from one page-table entry, so they never disagree about a page, and the
 * whole slot lies in one cache line.
 *
 * <h2>Size</h2>
 * A TLB starts with {@value #INITIAL} slots and doubles, up to the configured size, each time
 * it has missed as many times as it has slots since it last grew: a process that touches a
 * few pages costs a few hundred bytes, one that sweeps a large working set soon has the room
 * for it. Growing empties it.
 *
 * <p>Flushes are precise, as the kernel's rules require: one entry when a copy-on-write
 * fault moves a page, a range on unmap and mprotect (all of it when the range is larger
 * than the TLB, like Linux's {@code tlb_single_page_flush_ceiling}), everything on fork (the
 * parent loses write permission everywhere), exec and exit.
 */
public final class Tlb {
    /** The tag of an empty slot. */
    static final long EMPTY = -1L;
    /** Slots a TLB starts with (or its maximum, if smaller). */
    static final int INITIAL = 16;
    static final int READ = 0;
    static final int WRITE = 1;
    static final int EXEC = 2;
    static final int DELTA = 3;

    private final int max;
    long[] e;
    int mask;
    private long missesSinceGrowth;

    /** @param entries the most slots it may grow to, a power of two, at least 1 */
    public Tlb(int entries) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("TLB entries " + entries + " must be a power of two");
        }
        this.max = entries;
        resize(Math.min(INITIAL, entries));
    }

    private void resize(int slots) {
        e = new long[4 * slots];
        mask = slots - 1;
        Arrays.fill(e, EMPTY);
        missesSinceGrowth = 0;
    }

    /** The index of {@code va}'s slot's first long. */
    int index(long va) {
        return ((int) (va >>> PhysicalMemory.PAGE_SHIFT) & mask) << 2;
    }

    /**
     * Counts a miss, and grows the TLB if it has missed as often as it has slots.
     *
     * @return true if it grew (and so emptied): callers that copied its array must copy again
     */
    boolean missed() {
        if (++missesSinceGrowth > mask && mask + 1 < max) {
            resize(2 * (mask + 1));
            return true;
        }
        return false;
    }

    /**
     * Caches the translation of the page at {@code pageVa} to the frame at {@code pagePa},
     * evicting whatever shared its slot.
     */
    void fill(long pageVa, long pagePa, boolean readable, boolean writable, boolean executable) {
        assert !writable || readable : "a writable TLB entry must be readable";
        assert (pageVa & PhysicalMemory.PAGE_MASK) == 0 && (pagePa & PhysicalMemory.PAGE_MASK) == 0;
        int i = index(pageVa);
        long[] t = e;
        t[i + READ] = readable ? pageVa : EMPTY;
        t[i + WRITE] = writable ? pageVa : EMPTY;
        t[i + EXEC] = executable ? pageVa : EMPTY;
        t[i + DELTA] = pagePa - pageVa;
    }

    /** Drops write permission for one page, keeping the rest of its entry. */
    void forbidWrite(long va) {
        int i = index(va);
        if (e[i + WRITE] == (va & ~(long) PhysicalMemory.PAGE_MASK)) {
            e[i + WRITE] = EMPTY;
        }
    }

    /**
     * Drops the translation of one page, if cached.
     *
     * @return true if instruction fetches could hit it
     */
    boolean flush(long va) {
        long page = va & ~(long) PhysicalMemory.PAGE_MASK;
        int i = index(va);
        long[] t = e;
        boolean code = t[i + EXEC] == page;
        if (t[i + READ] == page || t[i + WRITE] == page || code) {
            t[i + READ] = EMPTY;
            t[i + WRITE] = EMPTY;
            t[i + EXEC] = EMPTY;
        }
        return code;
    }

    /** Drops the translations of pages in {@code [from, to)}. */
    void flushRange(long from, long to) {
        long pages = (to - from) >>> PhysicalMemory.PAGE_SHIFT;
        if (pages > mask) {
            flushAll();
            return;
        }
        for (long va = from; va < to; va += PhysicalMemory.PAGE_SIZE) {
            flush(va);
        }
    }

    /** Drops every translation. */
    void flushAll() {
        Arrays.fill(e, EMPTY);
    }

    /** Number of slots now. */
    public int entries() {
        return mask + 1;
    }

    /** The most slots it may grow to. */
    public int maxEntries() {
        return max;
    }

    /** Visits every cached translation (for the invariant checker and tests). */
    public void forEach(EntryVisitor visitor) {
        long[] t = e;
        for (int i = 0; i < t.length; i += 4) {
            long page = t[i + READ] != EMPTY ? t[i + READ] : t[i + EXEC];
            if (page != EMPTY) {
                visitor.visit(page, page + t[i + DELTA], t[i + READ] == page, t[i + WRITE] == page,
                        t[i + EXEC] == page);
            }
        }
    }

    /** True if loads from the page containing {@code va} hit. */
    public boolean holds(long va) {
        return e[index(va) + READ] == (va & ~(long) PhysicalMemory.PAGE_MASK);
    }

    /** True if stores to the page containing {@code va} hit. */
    public boolean holdsWritable(long va) {
        return e[index(va) + WRITE] == (va & ~(long) PhysicalMemory.PAGE_MASK);
    }

    /** True if instruction fetches from the page containing {@code va} hit. */
    public boolean holdsExecutable(long va) {
        return e[index(va) + EXEC] == (va & ~(long) PhysicalMemory.PAGE_MASK);
    }

    /** Visits cached translations. */
    @FunctionalInterface
    public interface EntryVisitor {
        /**
         * @param pageVa     the page's virtual address
         * @param pagePa     the frame's physical address
         * @param readable   loads hit
         * @param writable   stores hit
         * @param executable instruction fetches hit
         */
        void visit(long pageVa, long pagePa, boolean readable, boolean writable, boolean executable);
    }
}
