package dev.cowvm.riscv.cpu;

/**
 * Guest code of one page translated into a JVM method by {@link Translator}: a set of
 * basic blocks joined by their direct branches, with the guest registers in JVM locals,
 * so that HotSpot compiles a guest loop into a machine-code loop.
 */
abstract class Region {
    /** Instructions in the region: at most this many run between two checks of the budget. */
    int instructions;
    /**
     * Whether its stores check the LR reservation. Only a region with an LR can come to hold
     * one, so only such a region checks; the interpreter does not enter the others while a
     * reservation is held.
     */
    boolean checksReservation;

    /**
     * Runs from {@code pc}, one of the region's block entries, until control leaves the
     * region, something traps, or the budget left is less than {@link #instructions} at a
     * point where the region could run that many before its next check (its entry and the
     * targets of its backward jumps). Call it only with at least {@link #instructions} left.
     *
     * @param h      the hart; on return {@link Hart#pc} is the next pc (the trapping
     *               instruction's after a trap) and {@link Hart#regionCause} the trap or
     *               {@link Trap#NONE}
     * @param x      the integer registers, read on entry and written back on exit
     * @param f      the floating-point registers
     * @param mem    the memory
     * @param pc     where to start
     * @param budget the most instructions to retire
     * @return the instructions retired
     */
    abstract long run(Hart h, long[] x, long[] f, Memory mem, long pc, long budget);
}
