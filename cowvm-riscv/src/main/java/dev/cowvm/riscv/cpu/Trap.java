package dev.cowvm.riscv.cpu;

/**
 * Why {@link Hart#run} returned: the budget was spent, or the RISC-V exception code
 * ({@code scause}) of the trap that stopped the hart.
 *
 * <p>Codes are those of the privileged specification's table of exception codes
 * ({@code mcause} values with the interrupt bit clear). After a trap the hart's
 * {@link Hart#pc() pc} is the address of the instruction that trapped (as {@code sepc}
 * would be), that instruction did not retire, and {@link Hart#trapValue()} holds what
 * {@code stval} would.
 */
public final class Trap {
    /** The budget of instructions was spent; nothing trapped. */
    public static final int NONE = -1;
    /** An instruction address that is not 2-byte aligned (cannot happen with C). */
    public static final int FETCH_MISALIGNED = 0;
    /** Illegal instruction; the value is the instruction's bits (16 or 32). */
    public static final int ILLEGAL_INSTRUCTION = 2;
    /** {@code ebreak} or {@code c.ebreak}; the value is the pc. */
    public static final int BREAKPOINT = 3;
    /** A misaligned {@code lr}; the value is the address. */
    public static final int LOAD_MISALIGNED = 4;
    /** A misaligned {@code sc} or AMO; the value is the address. */
    public static final int STORE_MISALIGNED = 6;
    /** {@code ecall} from user mode; the value is 0. */
    public static final int ECALL = 8;
    /** Instruction page fault; the value is the address that could not be fetched. */
    public static final int FETCH_PAGE_FAULT = 12;
    /** Load page fault; the value is the address. */
    public static final int LOAD_PAGE_FAULT = 13;
    /** Store or AMO page fault; the value is the address. */
    public static final int STORE_PAGE_FAULT = 15;

    private Trap() {
    }

    /**
     * A short name for a cause, for messages.
     *
     * @param cause a value returned by {@link Hart#run}
     * @return for example {@code "illegal instruction"}
     */
    public static String describe(int cause) {
        return switch (cause) {
            case NONE -> "budget spent";
            case FETCH_MISALIGNED -> "instruction address misaligned";
            case ILLEGAL_INSTRUCTION -> "illegal instruction";
            case BREAKPOINT -> "breakpoint";
            case LOAD_MISALIGNED -> "load address misaligned";
            case STORE_MISALIGNED -> "store/AMO address misaligned";
            case ECALL -> "environment call";
            case FETCH_PAGE_FAULT -> "instruction page fault";
            case LOAD_PAGE_FAULT -> "load page fault";
            case STORE_PAGE_FAULT -> "store/AMO page fault";
            default -> "cause " + cause;
        };
    }
}
