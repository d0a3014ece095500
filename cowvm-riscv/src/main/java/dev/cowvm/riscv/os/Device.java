package dev.cowvm.riscv.os;

/**
 * A character device's driver: what a read or write of a device file does (xv6's
 * {@code devsw} entry). Like every structure here it never blocks a host thread: a read
 * with nothing to give returns {@link IoResult.Blocked}.
 */
public interface Device {
    /** A short name for messages and traces, for example "console". */
    String name();

    /** Reads into the buffer; see {@link IoResult}. */
    IoResult read(IoBuffer dst);

    /** Writes the buffer's remaining bytes; see {@link IoResult}. */
    IoResult write(IoBuffer src);

    /** True for a terminal (Linux's isatty: TCGETS succeeds). */
    default boolean isTerminal() {
        return false;
    }
}
