package dev.cowvm.trace;

import dev.cowvm.mmu.Access;

/**
 * What one trace record did, in valgrind lackey's four letters. The ordinal is the two-bit
 * kind of the binary format, so the order is fixed.
 */
public enum AccessKind implements dev.cowvm.Labeled {
    /** {@code I}: an instruction fetch. */
    INSTRUCTION('I', "instruction fetches"),
    /** {@code L}: a load. */
    LOAD('L', "loads"),
    /** {@code S}: a store. */
    STORE('S', "stores"),
    /** {@code M}: a modify, a load and a store of the same bytes by one instruction. */
    MODIFY('M', "modifies");

    private static final AccessKind[] BY_ORDINAL = values();

    private final char letter;
    private final String plural;

    AccessKind(char letter, String plural) {
        this.letter = letter;
        this.plural = plural;
    }

    /** The letter lackey writes: I, L, S or M. */
    public char letter() {
        return letter;
    }

    /** How the kind is named in a sentence with a count: "loads". */
    public String plural() {
        return plural;
    }

    /** The kernel access a replay makes first: EXECUTE, READ, WRITE, READ (then WRITE) for M. */
    public Access firstAccess() {
        return switch (this) {
            case INSTRUCTION -> Access.EXECUTE;
            case LOAD, MODIFY -> Access.READ;
            case STORE -> Access.WRITE;
        };
    }

    /** True for the kinds that write memory: S and M. */
    public boolean writes() {
        return this == STORE || this == MODIFY;
    }

    /** The kind with this ordinal (0 to 3), without allocating. */
    static AccessKind ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
