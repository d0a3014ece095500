package dev.cowvm.kernel;

/**
 * A range of a process's address space with one protection: an anonymous mapping, or part
 * of the heap (named {@value #HEAP}). Linux calls this a VMA. {@code end} is exclusive; both
 * ends are page-aligned.
 *
 * @param start      the first address
 * @param end        the first address past it
 * @param protection what the process may do there
 * @param name       its label; {@value #HEAP} for the heap
 */
public record Region(long start, long end, Protection protection, String name) {
    /** The name of the heap that brk and sbrk move, as in Linux's {@code /proc/PID/maps}. */
    public static final String HEAP = "[heap]";

    public Region {
        if ((start & 0xFFF) != 0 || (end & 0xFFF) != 0 || end <= start) {
            throw new IllegalArgumentException("bad region [0x" + Long.toHexString(start) + ", 0x"
                    + Long.toHexString(end) + ")");
        }
    }

    /** Bytes covered. */
    public long length() {
        return end - start;
    }

    /** True if {@code va} lies in {@code [start, end)}. */
    public boolean contains(long va) {
        return va >= start && va < end;
    }

    /** True for the heap. */
    public boolean isHeap() {
        return HEAP.equals(name);
    }

    Region withRange(long newStart, long newEnd) {
        return new Region(newStart, newEnd, protection, name);
    }

    Region withProtection(Protection p) {
        return new Region(start, end, p, name);
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x) %s", name, start, end, protection.label());
    }
}
