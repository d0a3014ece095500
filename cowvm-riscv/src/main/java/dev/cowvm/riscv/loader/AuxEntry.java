package dev.cowvm.riscv.loader;

/**
 * One entry of the auxiliary vector a Linux program finds above its environment
 * (numbers from Linux {@code include/uapi/linux/auxvec.h}).
 *
 * @param type  the AT_ number
 * @param value its value
 */
public record AuxEntry(long type, long value) {
    /** End of the vector. */
    public static final long AT_NULL = 0;
    /** Address of the program headers in memory. */
    public static final long AT_PHDR = 3;
    /** Size of one program header (56). */
    public static final long AT_PHENT = 4;
    /** Number of program headers. */
    public static final long AT_PHNUM = 5;
    /** Page size (4096). */
    public static final long AT_PAGESZ = 6;
    /** Where the interpreter was loaded: 0, a static program has none. */
    public static final long AT_BASE = 7;
    /** Flags: 0. */
    public static final long AT_FLAGS = 8;
    /** The program's entry point. */
    public static final long AT_ENTRY = 9;
    /** Real user id. */
    public static final long AT_UID = 11;
    /** Effective user id. */
    public static final long AT_EUID = 12;
    /** Real group id. */
    public static final long AT_GID = 13;
    /** Effective group id. */
    public static final long AT_EGID = 14;
    /** Hardware capabilities: on RISC-V one bit per single-letter extension. */
    public static final long AT_HWCAP = 16;
    /** Clock ticks per second for times() (100). */
    public static final long AT_CLKTCK = 17;
    /** 1 if the program runs with more privileges than its invoker (setuid): 0. */
    public static final long AT_SECURE = 23;
    /** Address of 16 random bytes. */
    public static final long AT_RANDOM = 25;
    /** Address of the file name exec was given. */
    public static final long AT_EXECFN = 31;

    /** The entry's name, for example {@code AT_RANDOM}. */
    public String name() {
        return switch ((int) type) {
            case 0 -> "AT_NULL";
            case 3 -> "AT_PHDR";
            case 4 -> "AT_PHENT";
            case 5 -> "AT_PHNUM";
            case 6 -> "AT_PAGESZ";
            case 7 -> "AT_BASE";
            case 8 -> "AT_FLAGS";
            case 9 -> "AT_ENTRY";
            case 11 -> "AT_UID";
            case 12 -> "AT_EUID";
            case 13 -> "AT_GID";
            case 14 -> "AT_EGID";
            case 16 -> "AT_HWCAP";
            case 17 -> "AT_CLKTCK";
            case 23 -> "AT_SECURE";
            case 25 -> "AT_RANDOM";
            case 31 -> "AT_EXECFN";
            default -> "AT_" + type;
        };
    }

    @Override
    public String toString() {
        return name() + "=0x" + Long.toHexString(value);
    }
}
