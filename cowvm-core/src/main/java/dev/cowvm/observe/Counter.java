package dev.cowvm.observe;

/**
 * Everything the kernel counts. Each has a stable camel-case name, used in JSON output and
 * scenario expectations. Counters marked "gauge" are levels, not totals.
 */
public enum Counter {
    SPAWNS("spawns", "processes created by spawn"),
    FORKS("forks", "successful forks"),
    FAILED_FORKS("failedForks", "forks refused for lack of frames, nothing left behind"),
    EXECS("execs", "execs"),
    EXITS("exits", "processes that ended, for any reason (exit, kill, segfault, out of memory)"),
    KILLS("kills", "processes ended by kill"),
    ZERO_PAGE_MAPS("zeroPageMaps", "read faults that mapped the shared zero page"),
    ZERO_FILL_FAULTS("zeroFillFaults", "write faults that mapped a zeroed frame"),
    COW_COPY_FAULTS("cowCopyFaults", "copy-on-write faults that copied a shared page"),
    COW_REUSE_FAULTS("cowReuseFaults", "copy-on-write faults that reused a page no longer shared"),
    SEGFAULTS("segfaults", "processes killed by a segmentation fault"),
    OOM_KILLS("oomKills", "processes killed because a fault found the pool empty"),
    FRAMES_ALLOCATED("framesAllocated", "frames handed out by the pool (data and page tables)"),
    FRAMES_FREED("framesFreed", "frames returned to the pool"),
    FRAMES_ZEROED("framesZeroed", "frames cleared by the zeroing policy or for page tables"),
    BYTES_ZEROED("bytesZeroed", "bytes cleared: framesZeroed times 4096"),
    PAGES_COPIED("pagesCopied", "data pages copied, by copy-on-write faults or by copy-mode fork"),
    BYTES_COPIED("bytesCopied", "bytes copied: pagesCopied times 4096"),
    NAIVE_COPY_PAGES("naiveCopyPages", "pages an eager copy would have copied, summed over every fork"),
    TLB_MISSES("tlbMisses", "accesses that missed the TLB and walked the page table"),
    PAGE_TABLE_PAGES("pageTablePages", "gauge: frames holding page tables now"),
    FRAMES_IN_USE("framesInUse", "gauge: frames out of the pool now (data and page tables)"),
    PEAK_FRAMES_IN_USE("peakFramesInUse", "gauge: the most frames ever out of the pool at once");

    private final String key;
    private final String description;

    Counter(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The stable name, as in JSON output: {@code pagesCopied}. */
    public String key() {
        return key;
    }

    /** One line saying what is counted. */
    public String description() {
        return description;
    }

    /** True for levels (frames in use) rather than running totals. */
    public boolean isGauge() {
        return description.startsWith("gauge");
    }

    /**
     * The counter with this stable name.
     *
     * @throws IllegalArgumentException naming the key
     */
    public static Counter byKey(String key) {
        for (Counter c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown counter '" + key + "'");
    }
}
