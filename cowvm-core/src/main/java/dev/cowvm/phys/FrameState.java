package dev.cowvm.phys;

/** What a frame is used for right now. Stored per frame as its ordinal in a {@code byte[]}. */
public enum FrameState {
    /** In the pool, all zeros (never used, or cleared when freed). */
    FREE_ZEROED,
    /** In the pool, still holding the bytes of whoever used it last. */
    FREE_STALE,
    /** Holds a process's data; its reference count is the number of entries mapping it. */
    DATA,
    /** Holds one page of a page table. */
    PAGE_TABLE,
    /** The kernel's shared, read-only zero page. */
    ZERO_PAGE;

    private static final FrameState[] BY_ORDINAL = values();

    static FrameState of(byte ordinal) {
        return BY_ORDINAL[ordinal];
    }

    /** True for the two states of a frame that is in the pool. */
    public boolean isFree() {
        return this == FREE_ZEROED || this == FREE_STALE;
    }
}
