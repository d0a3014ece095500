package dev.cowvm.mmu;

/**
 * How an access ended, as a value: {@link #NONE} if it was done, otherwise why not. The
 * names follow the {@code si_code}s Linux reports with SIGSEGV, so a system-call layer can
 * turn them into a signal or an errno without looking further.
 */
public enum Fault {
    /** No fault: the access was done (a fault on the way, if any, was resolved). */
    NONE,
    /** No mapping: outside user space, or no region contains the address (SEGV_MAPERR). */
    MAPERR,
    /** A region contains the address but forbids this kind of access (SEGV_ACCERR). */
    ACCERR,
    /** The access needed a frame (or a page-table page) and the pool was empty. */
    OOM;

    /** True for every value but {@link #NONE}. */
    public boolean failed() {
        return this != NONE;
    }
}
