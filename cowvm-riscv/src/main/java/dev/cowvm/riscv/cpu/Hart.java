package dev.cowvm.riscv.cpu;

import java.util.function.LongSupplier;

/**
 * One RISC-V hardware thread in user mode: RV64IMAFDC with Zicsr and Zifencei, executing
 * in a {@link Memory} through which every fetch, load and store goes.
 *
 * <h2>State</h2>
 * <pre>
 *   x[0..31]   integer registers; x[32] is a sink for writes to x0 (never read)
 *   f[0..31]   floating-point registers, 64 bits, singles NaN-boxed ({@link FloatUnit})
 *   pc
 *   fcsr       fflags (bits 4..0: NV DZ OF UF NX) and frm (bits 7..5)
 *   instret    instructions retired, exactly; cycle reads the same count
 *   reservation  the doubleword an LR reserved, or none
 * </pre>
 *
 * <h2>Running</h2>
 * Code is decoded once per physical frame into basic blocks ({@link CodeCache}) and
 * interpreted; code that runs often is translated into JVM bytecode that HotSpot compiles
 * ({@link #setTranslation}). Both give the same results, flags and counts.
 * {@link #run} executes until a budget of instructions has retired or something traps,
 * and says which as a value ({@link Trap}); it never throws for anything a guest does.
 * After a trap, {@link #pc()} is the trapping instruction (which did not retire) and
 * {@link #trapValue()} is what {@code stval} would hold. An {@code ecall} is such a trap:
 * the system-call layer reads a7 and a0–a5, writes a0, sets the pc past the 4-byte
 * instruction ({@link #completeEcall}) and runs the hart again.
 *
 * <h2>Counters and time</h2>
 * {@code instret} and {@code cycle} count retired instructions (one cycle each);
 * {@code ecall} and {@code ebreak} do not retire, as the privileged specification says
 * of {@code minstret}. {@code time} is deterministic by default: it advances one tick per
 * {@value #INSTRUCTIONS_PER_TICK} instructions retired, a {@value #TIMEBASE_HZ} Hz
 * timebase (QEMU's virt board uses that frequency) on a nominal machine of 100 million
 * instructions per second. {@link #setTimeSource} replaces it, for example with a clock
 * shared by all harts of a kernel, or host time.
 *
 * <h2>LR/SC</h2>
 * LR reserves the naturally aligned doubleword holding its address. SC succeeds only if
 * that reservation is still held for its address, then drops it either way. Any store or
 * AMO of this hart that touches the reserved doubleword, any trap, and
 * {@link #clearReservation()} (which the scheduler calls on a context switch) drop it.
 */
public final class Hart {
    /** Frequency of the {@code time} counter in the deterministic default, in Hz. */
    public static final long TIMEBASE_HZ = 10_000_000;
    /** Instructions retired per tick of {@code time} in the deterministic default. */
    public static final long INSTRUCTIONS_PER_TICK = 10;
    /**
     * Interpreted entries into a block after which the code around it is translated, unless
     * the system property {@code cowvm.riscv.translateAfter} says otherwise (0 disables).
     */
    public static final int DEFAULT_TRANSLATE_AFTER = Integer.getInteger("cowvm.riscv.translateAfter", 500);
    /** The value of {@link #reservation} when nothing is reserved (no aligned address is odd). */
    static final long NO_RESERVATION = -1;

    final Memory memory;
    final CodeCache cache;
    final long[] x = new long[33];
    final FloatUnit fpu = new FloatUnit();
    long pc;
    long instret;
    long reservation = NO_RESERVATION;
    long trapValue;
    LongSupplier timeSource;

    // Where the interpreter's slow path leaves the page it found (see Interpreter).
    PageCode page;
    long pageBase;
    /** Set by a translated region on return: the trap that stopped it, or Trap.NONE. */
    int regionCause;
    /** Interpreted entries into a block after which its region is translated; 0 never. */
    int translateAfter = DEFAULT_TRANSLATE_AFTER;
    /** Of {@link #instret}, the instructions retired by translated code. */
    long retiredTranslated;
    final long[] decodeBuffer = new long[Interpreter.MAX_PARCELS + 1];

    /**
     * A hart with its own cache of decoded code.
     *
     * @param memory the address space it executes in
     */
    public Hart(Memory memory) {
        this(memory, new CodeCache());
    }

    /**
     * A hart sharing a cache of decoded code with other harts of the same kernel.
     *
     * @param memory the address space it executes in
     * @param cache  decoded code keyed by physical frame
     */
    public Hart(Memory memory, CodeCache cache) {
        if (memory == null || cache == null) {
            throw new IllegalArgumentException("a hart needs a memory and a code cache, got " + memory + ", " + cache);
        }
        this.memory = memory;
        this.cache = cache;
    }

    /**
     * Executes instructions until {@code budget} of them have retired or one traps.
     *
     * @param budget the most instructions to retire; 0 returns at once
     * @return {@link Trap#NONE} if the budget was spent, else the trap's exception code
     */
    public int run(long budget) {
        return Interpreter.run(this, budget);
    }

    /**
     * Chooses when hot code is translated to JVM bytecode ({@link Translator}).
     *
     * @param afterBlockEntries interpreted entries into a block after which the code around
     *                          it is translated; 0 never translates (pure interpretation)
     * @throws IllegalArgumentException if negative
     */
    public void setTranslation(int afterBlockEntries) {
        if (afterBlockEntries < 0) {
            throw new IllegalArgumentException("translation threshold " + afterBlockEntries + " is negative");
        }
        translateAfter = afterBlockEntries;
    }

    /** @return the address space this hart executes in */
    public Memory memory() {
        return memory;
    }

    /** @return the program counter; after a trap, the trapping instruction's address */
    public long pc() {
        return pc;
    }

    /** @param pc the next instruction's address (bit 0 is ignored, as a jump ignores it) */
    public void setPc(long pc) {
        this.pc = pc & ~1L;
    }

    /**
     * An integer register.
     *
     * @param i 0..31
     * @return its value; x0 is always 0
     */
    public long x(int i) {
        return x[checkRegister(i)];
    }

    /**
     * Sets an integer register; writes to x0 are ignored.
     *
     * @param i 0..31
     * @param v value
     */
    public void setX(int i, long v) {
        if (checkRegister(i) != 0) {
            x[i] = v;
        }
    }

    /**
     * A floating-point register's 64 bits (a single is NaN-boxed).
     *
     * @param i 0..31
     * @return the raw bits
     */
    public long f(int i) {
        return fpu.f[checkRegister(i)];
    }

    /**
     * Sets a floating-point register's 64 bits.
     *
     * @param i 0..31
     * @param bits raw bits; box a single with {@code 0xFFFFFFFF00000000L | bits}
     */
    public void setF(int i, long bits) {
        fpu.f[checkRegister(i)] = bits;
    }

    private static int checkRegister(int i) {
        if (i < 0 || i > 31) {
            throw new IllegalArgumentException("register " + i + " is not 0..31");
        }
        return i;
    }

    /** @return {@code fcsr}: frm in bits 7..5, fflags in bits 4..0 */
    public int fcsr() {
        return fpu.frm << 5 | fpu.flags;
    }

    /** @param fcsr the new {@code fcsr}; bits above 7 are ignored */
    public void setFcsr(int fcsr) {
        fpu.flags = fcsr & 0x1F;
        fpu.frm = (fcsr >>> 5) & 7;
    }

    /** @return instructions retired since the hart was made */
    public long instret() {
        return instret;
    }

    /** @return of {@link #instret()}, the instructions retired by translated code */
    public long instretTranslated() {
        return retiredTranslated;
    }

    /** @return the {@code time} counter as the guest reads it now */
    public long time() {
        return readTime(instret);
    }

    long readTime(long retired) {
        LongSupplier source = timeSource;
        return source != null ? source.getAsLong() : retired / INSTRUCTIONS_PER_TICK;
    }

    /**
     * Replaces where {@code time} comes from.
     *
     * @param source the counter, or {@code null} for the deterministic default
     */
    public void setTimeSource(LongSupplier source) {
        this.timeSource = source;
    }

    /** @return after a trap, the value {@code stval} would hold (see {@link Trap}) */
    public long trapValue() {
        return trapValue;
    }

    /** Finishes a system call: a0 gets the result and the pc moves past the {@code ecall}. */
    public void completeEcall(long a0) {
        setX(10, a0);
        pc += 4;
    }

    /** Drops the LR reservation, so the next SC fails; the scheduler calls this on a switch. */
    public void clearReservation() {
        reservation = NO_RESERVATION;
    }

    /** @return whether an LR reservation is held */
    public boolean holdsReservation() {
        return reservation != NO_RESERVATION;
    }

    /**
     * Carries the counters of the hart this one replaces (a vfork child that exec'd into an
     * address space of its own keeps counting where it was).
     *
     * @param other the hart replaced
     */
    public void continueCountsFrom(Hart other) {
        instret = other.instret;
        retiredTranslated = other.retiredTranslated;
    }

    /**
     * Copies the architectural state of another hart, as fork does: registers, pc and
     * fcsr. The counters, the reservation and the time source stay this hart's own.
     *
     * @param other the hart to copy
     */
    public void copyStateFrom(Hart other) {
        System.arraycopy(other.x, 0, x, 0, 32);
        System.arraycopy(other.fpu.f, 0, fpu.f, 0, 32);
        pc = other.pc;
        fpu.flags = other.fpu.flags;
        fpu.frm = other.fpu.frm;
    }
}
