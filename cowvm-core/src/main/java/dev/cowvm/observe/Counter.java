package dev.cowvm.observe;

import dev.cowvm.Labeled;

/**
 * Everything the kernel counts. Each has a stable camel-case name, used in JSON output and
 * scenario expectations. Counters marked "gauge" are levels, not totals.
 */
public enum Counter implements Labeled {
    /** Processes created by spawn. */
    SPAWNS("spawns", "processes created by spawn"),
    /** Successful forks. */
    FORKS("forks", "successful forks"),
    /** vforks (Linux's CLONE_VM): children that shared the parent's memory, nothing copied or built. */
    VFORKS("vforks", "vforks: children that shared the parent's address space until exec or exit"),
    /** Forks refused for lack of frames, nothing left behind. */
    FAILED_FORKS("failedForks", "forks refused for lack of frames, nothing left behind"),
    /** Execs. */
    EXECS("execs", "execs"),
    /** Processes that ended, for any reason (exit, kill, segfault, out of memory). */
    EXITS("exits", "processes that ended, for any reason (exit, kill, segfault, out of memory)"),
    /** Processes ended by kill. */
    KILLS("kills", "processes ended by kill"),
    /** Page faults resolved without I/O: zero-page maps, zero fills, copies and reuses (Linux's ru_minflt). */
    MINOR_FAULTS("minorFaults", "page faults resolved without I/O: zero-page maps, zero fills, copies and reuses"),
    /** Read faults that mapped the shared zero page. */
    ZERO_PAGE_MAPS("zeroPageMaps", "read faults that mapped the shared zero page"),
    /** Write faults that mapped a zeroed frame. */
    ZERO_FILL_FAULTS("zeroFillFaults", "write faults that mapped a zeroed frame"),
    /** Copy-on-write faults that copied a shared page. */
    COW_COPY_FAULTS("cowCopyFaults", "copy-on-write faults that copied a shared page"),
    /** Copy-on-write faults that reused a page no longer shared. */
    COW_REUSE_FAULTS("cowReuseFaults", "copy-on-write faults that reused a page no longer shared"),
    /** Processes killed by a segmentation fault. */
    SEGFAULTS("segfaults", "processes killed by a segmentation fault"),
    /** Processes killed because a fault found the pool empty. */
    OOM_KILLS("oomKills", "processes killed because a fault found the pool empty"),
    /** Frames handed out by the pool (data and page tables). */
    FRAMES_ALLOCATED("framesAllocated", "frames handed out by the pool (data and page tables)"),
    /** Frames returned to the pool. */
    FRAMES_FREED("framesFreed", "frames returned to the pool"),
    /** Frames cleared by the zeroing policy or for page tables. */
    FRAMES_ZEROED("framesZeroed", "frames cleared by the zeroing policy or for page tables"),
    /** Bytes cleared: framesZeroed times 4096. */
    BYTES_ZEROED("bytesZeroed", "bytes cleared: framesZeroed times 4096"),
    /** Data pages copied, by copy-on-write faults or by copy-mode fork. */
    PAGES_COPIED("pagesCopied", "data pages copied, by copy-on-write faults or by copy-mode fork"),
    /** Bytes copied: pagesCopied times 4096. */
    BYTES_COPIED("bytesCopied", "bytes copied: pagesCopied times 4096"),
    /** Pages an eager copy would have copied, summed over every fork. */
    NAIVE_COPY_PAGES("naiveCopyPages", "pages an eager copy would have copied, summed over every fork"),
    /** Accesses that missed the TLB and walked the page table. */
    TLB_MISSES("tlbMisses", "accesses that missed the TLB and walked the page table"),
    /** Gauge: frames holding page tables now. */
    PAGE_TABLE_PAGES("pageTablePages", "gauge: frames holding page tables now"),
    /** Gauge: frames out of the pool now (data and page tables). */
    FRAMES_IN_USE("framesInUse", "gauge: frames out of the pool now (data and page tables)"),
    /** Gauge: the most frames ever out of the pool at once. */
    PEAK_FRAMES_IN_USE("peakFramesInUse", "gauge: the most frames ever out of the pool at once");

    private final String key;
    private final String description;

    Counter(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /**
     * The stable name, as in JSON output and scenario expectations.
     *
     * @return the name, like {@code pagesCopied}
     */
    @Override
    public String label() {
        return key;
    }

    /**
     * What is counted.
     *
     * @return one line
     */
    public String description() {
        return description;
    }

    /**
     * Whether this is a level rather than a running total.
     *
     * @return true for levels such as frames in use
     */
    public boolean isGauge() {
        return description.startsWith("gauge");
    }

    /**
     * The counter with this stable name.
     *
     * @param key a name like {@code pagesCopied}
     * @return the counter
     * @throws IllegalArgumentException naming the key
     */
    public static Counter byKey(String key) {
        return Labeled.parse(Counter.class, "counter", key);
    }
}
