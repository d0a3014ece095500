package dev.cowvm.mmu;

import dev.cowvm.Labeled;

/** The kind of a memory access, which decides the permission bit it needs. */
public enum Access implements Labeled {
    /** A load: needs R. */
    READ,
    /** A store: needs W (and sets D). */
    WRITE,
    /** An instruction fetch: needs X. */
    EXECUTE;
}
