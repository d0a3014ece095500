package dev.cowvm.riscv.os;

/**
 * Something a process can wait for, as xv6's {@code sleep(chan)} / {@code wakeup(chan)}:
 * a pipe that may get data or space, the console that may get input. The data structures
 * never block a host thread; an operation that would wait returns
 * {@link IoResult.Blocked} naming the channel and its {@link #generation()} at the moment
 * it looked. Every change that could let a waiter proceed calls {@link #wake()}, which
 * moves the generation on.
 *
 * <p>A scheduler parks the process and runs it again once the channel's generation
 * differs from the one in the result, then repeats the operation. Because the generation
 * is taken when the condition is checked, a wake-up between the check and the parking is
 * never lost.
 */
public final class WaitChannel {
    private final String name;
    private long generation;

    /**
     * A channel.
     *
     * @param name what is waited for, for traces, for example "pipe 3 data"
     */
    public WaitChannel(String name) {
        this.name = name;
    }

    /** What is waited for. */
    public String name() {
        return name;
    }

    /** How many times it has been woken; a waiter compares this with the value it slept on. */
    public long generation() {
        return generation;
    }

    /**
     * True if it has been woken since {@code seen}.
     *
     * @param seen the generation a waiter slept on
     * @return whether the waiter should run again
     */
    public boolean wokenSince(long seen) {
        return generation != seen;
    }

    /** Lets every waiter run again (xv6's wakeup). */
    public void wake() {
        generation++;
    }

    @Override
    public String toString() {
        return name;
    }
}
