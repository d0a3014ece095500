package dev.cowvm.riscv.os;

/**
 * The outcome of a read or a write: done, failed, or waiting. Every case carries
 * {@code count}, the bytes this system call has moved so far: the {@link IoBuffer}'s
 * position, which a continuation after {@link Blocked} keeps.
 *
 * <h2>Each interface's convention</h2>
 * <ul>
 *   <li>{@link Done}: both return the count (0 is end of file).</li>
 *   <li>{@link Failed}: xv6 returns -1; Linux returns the count if it is positive (a short
 *       transfer), else {@code -errno}. For {@link Errno#EPIPE} Linux also sends SIGPIPE.
 *       ({@link #xv6Value()}, {@link #linuxValue()}.)</li>
 *   <li>{@link Blocked}: not an answer yet. The process waits until the channel is woken,
 *       then repeats the call with the same buffer. A non-blocking Linux file answers
 *       instead: the count if positive, else EAGAIN.</li>
 * </ul>
 * A fault in the middle of a pipe or device transfer ends it as {@link Done} with the
 * bytes moved before it (both kernels report them); only a fault before any byte fails.
 */
public sealed interface IoResult permits IoResult.Done, IoResult.Failed, IoResult.Blocked {
    /** Bytes moved by this system call so far. */
    long count();

    /**
     * Finished: {@code count} bytes moved.
     *
     * @param count bytes moved; 0 for end of file
     */
    record Done(long count) implements IoResult {
    }

    /**
     * Failed after moving {@code count} bytes.
     *
     * @param count   bytes moved before the failure
     * @param errno   why
     * @param message what and where
     */
    record Failed(long count, Errno errno, String message) implements IoResult {
    }

    /**
     * Would wait: {@code count} bytes moved, the rest must wait for the channel.
     *
     * @param count      bytes moved before it had to wait
     * @param channel    what to wait for
     * @param generation the channel's generation when it looked
     */
    record Blocked(long count, WaitChannel channel, long generation) implements IoResult {
    }

    /**
     * Waiting on a channel, as of now.
     *
     * @param count   bytes moved so far
     * @param channel what to wait for
     * @return the result
     */
    static IoResult blocked(long count, WaitChannel channel) {
        return new Blocked(count, channel, channel.generation());
    }

    /**
     * What xv6's system call returns.
     *
     * @return the count, or -1 for a failure
     * @throws IllegalStateException for {@link Blocked}, which is not an answer
     */
    default long xv6Value() {
        return switch (this) {
            case Done d -> d.count();
            case Failed f -> -1;
            case Blocked b -> throw new IllegalStateException("a blocked transfer has no value yet");
        };
    }

    /**
     * What Linux's system call returns.
     *
     * @return the count, or {@code -errno} for a failure before any byte moved
     * @throws IllegalStateException for {@link Blocked}, which is not an answer
     */
    default long linuxValue() {
        return switch (this) {
            case Done d -> d.count();
            case Failed f -> f.count() > 0 ? f.count() : -f.errno().number();
            case Blocked b -> throw new IllegalStateException("a blocked transfer has no value yet");
        };
    }
}
