package dev.cowvm.observe;

/**
 * A process's memory, as Linux's {@code /proc/PID/smaps} counts it.
 *
 * <ul>
 *   <li><b>RSS</b>: bytes of the data frames it maps. The shared zero page is not counted
 *       (Linux skips it: reading untouched memory leaves RSS at 0).</li>
 *   <li><b>PSS</b>: each page's size divided by the number of processes mapping it, summed:
 *       the process's fair share. Summed over all processes, PSS is the memory in use.
 *       Computed like Linux, in fixed point with 12 fractional bits, then truncated.</li>
 *   <li><b>USS</b>: bytes of pages only this process maps (Linux's Private_Clean +
 *       Private_Dirty): what exiting would free.</li>
 *   <li><b>shared / private pages</b>: pages mapped by more than one process / by this one
 *       only.</li>
 * </ul>
 * Page-table pages are not included, as in Linux (they are reported as {@code VmPTE}).
 *
 * @param rss          resident bytes
 * @param pss          proportional bytes: each page divided among the processes mapping it
 * @param uss          bytes of pages this process alone maps
 * @param sharedPages  pages mapped by more than one process
 * @param privatePages pages mapped by this process alone
 */
public record MemoryUsage(long rss, long pss, long uss, long sharedPages, long privatePages) {
    /** Bytes of pages shared with another process. */
    public long sharedBytes() {
        return sharedPages * 4096;
    }

    /** Bytes of pages this process alone maps (equals {@link #uss()}). */
    public long privateBytes() {
        return privatePages * 4096;
    }

    /** Pages resident: shared plus private. */
    public long residentPages() {
        return sharedPages + privatePages;
    }
}
