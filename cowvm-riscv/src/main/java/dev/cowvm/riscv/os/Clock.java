package dev.cowvm.riscv.os;

/**
 * The machine's time. By default it is counted in instructions, not read from the host, so
 * the same program gives the same output, counters and frame numbers on every run: time
 * passes as the harts retire instructions, at a nominal {@value #INSTRUCTIONS_PER_SECOND}
 * a second, and jumps ahead when every process sleeps (nothing else could happen before the
 * first of them wakes). {@link #host()} reads the host's monotonic clock instead.
 *
 * <h2>Units</h2>
 * <ul>
 *   <li>nanoseconds since boot ({@link #nanos()}): what Linux's {@code clock_gettime}
 *       returns;</li>
 *   <li>xv6 ticks ({@link #ticks()}): one every {@value #TICK_NANOS} ns (a tenth of a second,
 *       as xv6's timer interrupt on QEMU's virt board), what {@code uptime} and
 *       {@code sleep} count;</li>
 *   <li>the RISC-V {@code time} counter ({@link #timebase()}): 10 MHz, QEMU virt's
 *       timebase.</li>
 * </ul>
 */
public final class Clock {
    /** The nominal speed of a hart, for the instruction clock. */
    public static final long INSTRUCTIONS_PER_SECOND = 100_000_000;
    /** Nanoseconds in an xv6 tick. */
    public static final long TICK_NANOS = 100_000_000;
    /** The {@code time} counter's frequency. */
    public static final long TIMEBASE_HZ = 10_000_000;

    private final boolean host;
    private final long hostStart = System.nanoTime();
    private long instructions;
    private long skippedNanos;

    private Clock(boolean host) {
        this.host = host;
    }

    /** A clock counted in instructions: deterministic. */
    public static Clock instructions() {
        return new Clock(false);
    }

    /** A clock that reads the host's time. */
    public static Clock host() {
        return new Clock(true);
    }

    /** True if it reads the host's time. */
    public boolean isHost() {
        return host;
    }

    /** Counts instructions some hart retired. */
    public void retired(long count) {
        instructions += count;
    }

    /** Instructions retired by every hart since boot. */
    public long instructionsRetired() {
        return instructions;
    }

    /** Nanoseconds since boot. */
    public long nanos() {
        if (host) {
            return System.nanoTime() - hostStart;
        }
        return instructions * (1_000_000_000 / INSTRUCTIONS_PER_SECOND) + skippedNanos;
    }

    /** xv6 ticks since boot. */
    public long ticks() {
        return nanos() / TICK_NANOS;
    }

    /** The RISC-V {@code time} counter. */
    public long timebase() {
        return nanos() / (1_000_000_000 / TIMEBASE_HZ);
    }

    /**
     * Moves an instruction clock ahead to {@code nanos}, when nothing can run before then
     * (every process sleeps). A host clock cannot be moved: the caller waits instead.
     */
    public void skipTo(long nanos) {
        if (!host && nanos > nanos()) {
            skippedNanos += nanos - nanos();
        }
    }
}
