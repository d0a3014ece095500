package dev.cowvm.phys;

/** Why a frame is being taken from the pool; decides whether it must be zeroed first. */
public enum FramePurpose {
    /** Fresh memory for a process (zero-fill-on-demand): zeroed as the policy says. */
    ZEROED_DATA,
    /** The target of a page copy: every byte is overwritten, so never zeroed first. */
    COPY_TARGET,
    /** A page-table page: always zeroed, whatever the policy (all entries must be invalid). */
    PAGE_TABLE
}
