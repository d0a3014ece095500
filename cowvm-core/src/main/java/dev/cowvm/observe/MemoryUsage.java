package dev.cowvm.observe;

import dev.cowvm.Sizes;

/**
 * Memory of a process, or of one of its regions, as Linux's {@code /proc/PID/smaps} counts
 * it. Every figure is in bytes.
 *
 * <ul>
 *   <li><b>RSS</b>: bytes of the data frames mapped. The shared zero page is not counted
 *       (Linux skips it: reading untouched memory leaves RSS at 0).</li>
 *   <li><b>PSS</b>: each page's size divided by the number of processes mapping it, summed:
 *       the process's fair share. Summed over all processes, PSS is the memory in use.
 *       Computed like Linux, in fixed point with 12 fractional bits, then truncated.</li>
 *   <li><b>Shared / Private</b>: pages mapped by more than one process, or by this one
 *       only; each <b>Dirty</b> if its entry's D bit is set (it was written through this
 *       entry, or before the fork that shared it), else <b>Clean</b>.</li>
 *   <li><b>USS</b>: Private_Clean + Private_Dirty: what exiting would free.</li>
 * </ul>
 * Page-table pages are not included, as in Linux (it reports them as {@code VmPTE}).
 *
 * @param rssBytes          resident bytes (Linux's Rss)
 * @param pssBytes          proportional bytes: each page divided among the processes mapping it (Pss)
 * @param sharedCleanBytes  bytes of pages shared with another process, never written (Shared_Clean)
 * @param sharedDirtyBytes  bytes of pages shared with another process, written (Shared_Dirty)
 * @param privateCleanBytes bytes of pages this process alone maps, never written (Private_Clean)
 * @param privateDirtyBytes bytes of pages this process alone maps, written (Private_Dirty)
 */
public record MemoryUsage(long rssBytes, long pssBytes, long sharedCleanBytes, long sharedDirtyBytes,
                          long privateCleanBytes, long privateDirtyBytes) {
    /** No memory at all: a process that has ended, or a region nothing has touched. */
    public static final MemoryUsage NONE = new MemoryUsage(0, 0, 0, 0, 0, 0);

    /** Checks that the parts add up: shared plus private is the resident size. */
    public MemoryUsage {
        if (sharedCleanBytes + sharedDirtyBytes + privateCleanBytes + privateDirtyBytes != rssBytes) {
            throw new IllegalArgumentException("shared and private bytes must add up to rss " + rssBytes);
        }
    }

    /**
     * Bytes of pages this process alone maps: Private_Clean + Private_Dirty.
     *
     * @return the unique set size, what exiting would free
     */
    public long ussBytes() {
        return privateCleanBytes + privateDirtyBytes;
    }

    /**
     * Bytes of pages shared with another process: Shared_Clean + Shared_Dirty.
     *
     * @return shared bytes
     */
    public long sharedBytes() {
        return sharedCleanBytes + sharedDirtyBytes;
    }

    /**
     * Bytes of pages this process alone maps (the same as {@link #ussBytes()}).
     *
     * @return private bytes
     */
    public long privateBytes() {
        return ussBytes();
    }

    /**
     * Pages resident: RSS in pages.
     *
     * @return rssBytes / 4096
     */
    public long residentPages() {
        return rssBytes >>> Sizes.PAGE_SHIFT;
    }

    /**
     * The sum of two usages, as a process's total is the sum of its regions'.
     *
     * @param other another usage
     * @return field by field, the sum
     */
    public MemoryUsage plus(MemoryUsage other) {
        return new MemoryUsage(rssBytes + other.rssBytes, pssBytes + other.pssBytes,
                sharedCleanBytes + other.sharedCleanBytes, sharedDirtyBytes + other.sharedDirtyBytes,
                privateCleanBytes + other.privateCleanBytes, privateDirtyBytes + other.privateDirtyBytes);
    }
}
