package dev.cowvm.observe;

import dev.cowvm.Labeled;

/** How the kernel resolved a page fault. */
public enum FaultKind implements Labeled {
    /** A read of a never-touched page: the shared zero page was mapped read-only. */
    ZERO_PAGE_MAP,
    /** A write to a never-touched page (or to the zero page): a zeroed frame was mapped. */
    ZERO_FILL,
    /** A write to a copy-on-write page whose frame was shared: the page was copied. */
    COW_COPY,
    /** A write to a copy-on-write page whose other sharers were gone: reused, no copy. */
    COW_REUSE,
    /**
     * An access outside every region or against its permissions: the fault stands. A
     * process's own access is killed for it; a system call's copy fails with EFAULT.
     */
    SEGV,
    /** The fault needed a frame and the pool was empty: the fault stands (the faulting process is killed). */
    OOM
}
