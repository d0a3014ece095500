package dev.cowvm.riscv.os;

/**
 * A pipe: a ring buffer of {@link Limits#pipeSize()} bytes between the files of its read
 * end and its write end (xv6-riscv {@code kernel/pipe.c}, PIPESIZE 512).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A read takes what is there, up to the buffer's room, and returns at once. An empty
 *       pipe with a writer left makes it wait on {@link #data()}; with no writer it returns
 *       0, end of file.</li>
 *   <li>A write puts in what fits and, if bytes remain, waits on {@link #space()} with the
 *       count so far; a continuation with the same buffer goes on. A write larger than the
 *       buffer is so done in parts, and another writer's bytes may come between them, as
 *       in xv6. Under Linux's rule a write of at most {@link Limits#pipeAtomic()} bytes
 *       (PIPE_BUF) waits until it fits whole, so it is never split.</li>
 *   <li>With no reader left a write fails with EPIPE and the count so far: xv6 returns -1,
 *       Linux the count if positive and raises SIGPIPE either way.</li>
 *   <li>A fault on the user's buffer ends the transfer with the bytes moved before it; a
 *       byte is taken from the pipe only once it has reached the reader.</li>
 * </ul>
 * Every read wakes {@link #space()}, every write {@link #data()}, and closing an end wakes
 * the other side, so no waiter misses the change it waits for.
 */
public final class Pipe {
    private final byte[] ring;
    private final int atomic;
    private final WaitChannel data;
    private final WaitChannel space;
    private long nread;
    private long nwrite;
    private int readers;
    private int writers;

    Pipe(int id, int capacity, int atomic) {
        this.ring = new byte[capacity];
        this.atomic = atomic;
        this.data = new WaitChannel("pipe " + id + " data");
        this.space = new WaitChannel("pipe " + id + " space");
    }

    /** What readers wait on. */
    public WaitChannel data() {
        return data;
    }

    /** What writers wait on. */
    public WaitChannel space() {
        return space;
    }

    /** Bytes buffered. */
    public int buffered() {
        return (int) (nwrite - nread);
    }

    /** The buffer's size. */
    public int capacity() {
        return ring.length;
    }

    /** Open files of the read end. */
    public int readers() {
        return readers;
    }

    /** Open files of the write end. */
    public int writers() {
        return writers;
    }

    void openEnd(boolean reading) {
        if (reading) {
            readers++;
        } else {
            writers++;
        }
    }

    void closeEnd(boolean reading) {
        if (reading) {
            readers--;
            space.wake();
        } else {
            writers--;
            data.wake();
        }
    }

    IoResult read(IoBuffer dst) {
        if (dst.remaining() == 0) {
            return new IoResult.Done(dst.position());
        }
        if (nread == nwrite) {
            return writers > 0 ? IoResult.blocked(dst.position(), data) : new IoResult.Done(dst.position());
        }
        long start = dst.position();
        SysResult<Void> fault = SysResult.done();
        while (fault.isOk() && dst.remaining() > 0 && nread < nwrite) {
            int at = (int) (nread % ring.length);
            int n = (int) Math.min(Math.min(dst.remaining(), nwrite - nread), ring.length - at);
            long before = dst.position();
            fault = dst.put(ring, at, n);
            nread += dst.position() - before;
        }
        if (dst.position() > start) {
            space.wake();
        }
        if (!fault.isOk() && dst.position() == start) {
            return new IoResult.Failed(start, fault.errno(), fault.message());
        }
        return new IoResult.Done(dst.position());
    }

    IoResult write(IoBuffer src) {
        if (readers == 0) {
            return new IoResult.Failed(src.position(), Errno.EPIPE, "the pipe has no reader");
        }
        long free = ring.length - (nwrite - nread);
        long rest = src.remaining();
        if (rest == 0) {
            return new IoResult.Done(src.position());
        }
        if (free == 0 || rest <= atomic && free < rest) {
            return IoResult.blocked(src.position(), space);
        }
        long start = src.position();
        SysResult<Void> fault = SysResult.done();
        while (fault.isOk() && src.remaining() > 0 && nwrite - nread < ring.length) {
            int at = (int) (nwrite % ring.length);
            int n = (int) Math.min(Math.min(src.remaining(), ring.length - (nwrite - nread)), ring.length - at);
            long before = src.position();
            fault = src.take(ring, at, n);
            nwrite += src.position() - before;
        }
        if (src.position() > start) {
            data.wake();
        }
        if (!fault.isOk()) {
            return src.position() > 0 ? new IoResult.Done(src.position())
                    : new IoResult.Failed(src.position(), fault.errno(), fault.message());
        }
        return src.remaining() == 0 ? new IoResult.Done(src.position()) : IoResult.blocked(src.position(), space);
    }
}
