package dev.cowvm.mmu;

import dev.cowvm.phys.PhysicalMemory;
import java.util.Arrays;

/**
 * A software TLB: a direct-mapped cache of translations, one per address space, kept as
 * parallel primitive arrays so that a hit is one compare and one add.
 *
 * <pre>
 *   slot  = (va &gt;&gt;&gt; 12) &amp; (entries - 1)
 *   read[2*slot]      tag: the page's virtual address (va &amp; ~0xfff) if loads may hit, else -1
 *   read[2*slot + 1]  delta: the frame's physical address minus the page's virtual address
 *   write[...]        the same for stores (the entry has W and D; the frame is not watched for code)
 *   exec[...]         the same for instruction fetches (the entry has X)
 * </pre>
 * A hit on an access of {@code size} bytes at {@code va} is
 * <pre>
 *   read[2*slot] == (va &amp; ~(0xfff &amp; ~(size - 1)))      then   pa = va + read[2*slot + 1]
 * </pre>
 * Folding the low bits of the address into the compare, as QEMU's software TLB does, sends
 * a misaligned access (which may cross into the next page) to the slow path through the
 * same compare: the tag's low 12 bits are zero, so any set bit below the access size
 * misses. An empty slot's tag, -1, has its low bits set and never matches.
 *
 * <p>Tag and delta sit next to each other, so a hit touches one cache line of one array.
 * The three kinds are filled together from one page-table entry, so they never disagree
 * about a page; a write tag is set only with the read tag.
 *
 * <p>Flushes are precise, as the kernel's rules require: one entry when a copy-on-write
 * fault moves a page, a range on unmap and mprotect (all of it when the range is larger
 * than the TLB, like Linux's {@code tlb_single_page_flush_ceiling}), everything on fork (the
 * parent loses write permission everywhere), exec and exit.
 */
public final class Tlb {
    /** The tag of an empty slot. */
    static final long EMPTY = -1L;

    final long[] read;
    final long[] write;
    final long[] exec;
    final int mask;

    /** @param entries a power of two, at least 1 */
    public Tlb(int entries) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("TLB entries " + entries + " must be a power of two");
        }
        read = new long[2 * entries];
        write = new long[2 * entries];
        exec = new long[2 * entries];
        mask = entries - 1;
        flushAll();
    }

    /** The array index of the tag of {@code va}'s slot. */
    int index(long va) {
        return ((int) (va >>> PhysicalMemory.PAGE_SHIFT) & mask) << 1;
    }

    /**
     * Caches the translation of the page at {@code pageVa} to the frame at {@code pagePa},
     * evicting whatever shared its slot.
     */
    void fill(long pageVa, long pagePa, boolean readable, boolean writable, boolean executable) {
        assert !writable || readable : "a writable TLB entry must be readable";
        assert (pageVa & PhysicalMemory.PAGE_MASK) == 0 && (pagePa & PhysicalMemory.PAGE_MASK) == 0;
        int i = index(pageVa);
        long delta = pagePa - pageVa;
        set(read, i, readable, pageVa, delta);
        set(write, i, writable, pageVa, delta);
        set(exec, i, executable, pageVa, delta);
    }

    private static void set(long[] t, int i, boolean on, long tag, long delta) {
        t[i] = on ? tag : EMPTY;
        t[i + 1] = on ? delta : 0;
    }

    /** Drops write permission for one page, keeping the rest of its entry. */
    void forbidWrite(long va) {
        int i = index(va);
        if (write[i] == (va & ~(long) PhysicalMemory.PAGE_MASK)) {
            write[i] = EMPTY;
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
        boolean code = exec[i] == page;
        if (read[i] == page || write[i] == page || code) {
            read[i] = EMPTY;
            write[i] = EMPTY;
            exec[i] = EMPTY;
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
        Arrays.fill(read, EMPTY);
        Arrays.fill(write, EMPTY);
        Arrays.fill(exec, EMPTY);
    }

    /** Number of slots. */
    public int entries() {
        return mask + 1;
    }

    /** Visits every cached translation (for the invariant checker and tests). */
    public void forEach(EntryVisitor visitor) {
        for (int i = 0; i < read.length; i += 2) {
            long page = read[i] != EMPTY ? read[i] : exec[i];
            if (page != EMPTY) {
                long delta = read[i] != EMPTY ? read[i + 1] : exec[i + 1];
                visitor.visit(page, page + delta, read[i] == page, write[i] == page, exec[i] == page);
            }
        }
    }

    /** True if loads from the page containing {@code va} hit. */
    public boolean holds(long va) {
        return read[index(va)] == (va & ~(long) PhysicalMemory.PAGE_MASK);
    }

    /** True if stores to the page containing {@code va} hit. */
    public boolean holdsWritable(long va) {
        return write[index(va)] == (va & ~(long) PhysicalMemory.PAGE_MASK);
    }

    /** True if instruction fetches from the page containing {@code va} hit. */
    public boolean holdsExecutable(long va) {
        return exec[index(va)] == (va & ~(long) PhysicalMemory.PAGE_MASK);
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
