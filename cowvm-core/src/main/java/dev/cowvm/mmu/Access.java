package dev.cowvm.mmu;

/** The kind of a memory access, which decides the permission bit it needs. */
public enum Access {
    /** A load: needs R. */
    READ,
    /** A store: needs W (and sets D). */
    WRITE,
    /** An instruction fetch: needs X. */
    EXECUTE;

    /** Lower-case name, as users write it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
