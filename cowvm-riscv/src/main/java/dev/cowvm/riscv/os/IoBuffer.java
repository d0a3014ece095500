package dev.cowvm.riscv.os;

import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Result;
import java.util.Objects;

/**
 * The memory a read fills or a write drains, with a position that moves as bytes are
 * transferred: a system call makes one per call, and a continuation after
 * {@link IoResult.Blocked} reuses it, so the transfer goes on where it stopped.
 *
 * <p>{@link #of(Process, long, long)} reaches a process's memory as a system call does
 * ({@link Process#copyIn} / {@link Process#copyOut}: a write into a copy-on-write page
 * breaks the sharing, a bad address is EFAULT and harms nobody). It moves at most a page at
 * a time, so after a fault the position says exactly which bytes arrived.
 * {@link #of(byte[])} wraps an array, for the kernel's own transfers and for tests.
 */
public abstract sealed class IoBuffer permits IoBuffer.UserMemory, IoBuffer.HostArray {
    private final long length;
    private long position;

    IoBuffer(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("a buffer of " + length + " bytes");
        }
        this.length = length;
    }

    /**
     * A range of a process's memory.
     *
     * @param process the process whose memory it is
     * @param va      the first address
     * @param length  bytes, at least 0
     * @return the buffer, at position 0
     */
    public static IoBuffer of(Process process, long va, long length) {
        return new UserMemory(Objects.requireNonNull(process, "process"), va, length);
    }

    /**
     * An array.
     *
     * @param array the bytes, read or written in place
     * @return the buffer, at position 0
     */
    public static IoBuffer of(byte[] array) {
        return new HostArray(array);
    }

    /** Bytes in all. */
    public long length() {
        return length;
    }

    /** Bytes transferred so far. */
    public long position() {
        return position;
    }

    /** Bytes still to transfer. */
    public long remaining() {
        return length - position;
    }

    /**
     * Copies {@code len} bytes of {@code src} into the buffer at its position (a read's
     * delivery), advancing the position by the bytes that arrived.
     *
     * @return done, or EFAULT / ENOMEM with the position after the last byte that arrived
     */
    SysResult<Void> put(byte[] src, int off, int len) {
        return move(src, off, len, true);
    }

    /**
     * Copies {@code len} bytes from the buffer at its position into {@code dst} (a write's
     * collection), advancing the position by the bytes taken.
     *
     * @return done, or EFAULT / ENOMEM with the position after the last byte taken
     */
    SysResult<Void> take(byte[] dst, int off, int len) {
        return move(dst, off, len, false);
    }

    private SysResult<Void> move(byte[] bytes, int off, int len, boolean toBuffer) {
        if (len > remaining()) {
            throw new IllegalArgumentException(len + " bytes do not fit the " + remaining() + " remaining");
        }
        while (len > 0) {
            int piece = piece(position, len);
            SysResult<Void> r = transfer(position, bytes, off, piece, toBuffer);
            if (!r.isOk()) {
                return r;
            }
            position += piece;
            off += piece;
            len -= piece;
        }
        return SysResult.done();
    }

    /** How many bytes from {@code at} one transfer may move (the whole rest for an array). */
    abstract int piece(long at, int len);

    abstract SysResult<Void> transfer(long at, byte[] bytes, int off, int len, boolean toBuffer);

    static final class UserMemory extends IoBuffer {
        private final Process process;
        private final long va;

        UserMemory(Process process, long va, long length) {
            super(length);
            this.process = process;
            this.va = va;
        }

        @Override
        int piece(long at, int len) {
            long address = va + at;
            long toPageEnd = 4096 - (address & 4095);
            return (int) Math.min(len, toPageEnd);
        }

        @Override
        SysResult<Void> transfer(long at, byte[] bytes, int off, int len, boolean toBuffer) {
            Result<Void> r = toBuffer ? process.copyOut(va + at, bytes, off, len)
                    : process.copyIn(va + at, bytes, off, len);
            return r.isOk() ? SysResult.done() : SysResult.err(Errno.of(r.failure()), r.message());
        }
    }

    static final class HostArray extends IoBuffer {
        private final byte[] array;

        HostArray(byte[] array) {
            super(array.length);
            this.array = array;
        }

        @Override
        int piece(long at, int len) {
            return len;
        }

        @Override
        SysResult<Void> transfer(long at, byte[] bytes, int off, int len, boolean toBuffer) {
            if (toBuffer) {
                System.arraycopy(bytes, off, array, (int) at, len);
            } else {
                System.arraycopy(array, (int) at, bytes, off, len);
            }
            return SysResult.done();
        }
    }
}
