package dev.cowvm.riscv.os;

import java.util.Optional;

/**
 * An open file: what a descriptor refers to (xv6's {@code struct file}). Descriptors made
 * by dup and by fork share one open file, and with it its offset; it closes when the
 * last of them does.
 *
 * <p>Reads and writes go to an inode's data ({@link InodeFile}), a device's driver
 * ({@link DeviceFile}) or a pipe ({@link PipeEnd}); see {@link IoResult} for what they
 * return. A file not open for reading, or writing, answers EBADF, as Linux does (xv6
 * returns -1).
 */
public abstract sealed class OpenFile permits InodeFile, DeviceFile, PipeEnd {
    private final FileTable table;
    private OpenMode mode;
    private int refs = 1;

    OpenFile(FileTable table, OpenMode mode) {
        this.table = table;
        this.mode = mode;
    }

    /** File, directory, device or pipe. */
    public abstract FileType type();

    /** True if reads are allowed. */
    public boolean readable() {
        return mode.read();
    }

    /** True if writes are allowed. */
    public boolean writable() {
        return mode.write();
    }

    /** How it was opened. */
    public OpenMode mode() {
        return mode;
    }

    /**
     * Changes the status flags Linux's fcntl(F_SETFL) may change: O_APPEND and O_NONBLOCK.
     *
     * @param append      writes go to the end
     * @param nonBlocking waits become EAGAIN
     */
    public void setStatusFlags(boolean append, boolean nonBlocking) {
        mode = new OpenMode(mode.read(), mode.write(), mode.create(), mode.truncate(), mode.exclusive(), append,
                mode.directory(), nonBlocking, mode.closeOnExec());
    }

    /** Descriptors sharing it, in all processes. */
    public int references() {
        return refs;
    }

    /** True once the last descriptor has closed it. */
    public boolean isClosed() {
        return refs == 0;
    }

    /** The inode behind it, if any (not for a pipe or a device opened without a path). */
    public Optional<Inode> inode() {
        return Optional.empty();
    }

    /** True for a terminal. */
    public boolean isTerminal() {
        return false;
    }

    /**
     * Reads into the buffer.
     *
     * @return see {@link IoResult}; EBADF if not open for reading
     */
    public final IoResult read(IoBuffer dst) {
        checkOpen();
        if (!mode.read()) {
            return new IoResult.Failed(dst.position(), Errno.EBADF, "the file is not open for reading");
        }
        return nonBlocking(readOpen(dst));
    }

    /** A transfer that would wait on a non-blocking file: what it moved, or EAGAIN. */
    private IoResult nonBlocking(IoResult r) {
        if (r instanceof IoResult.Blocked b && mode.nonBlocking()) {
            return b.count() > 0 ? new IoResult.Done(b.count())
                    : new IoResult.Failed(0, Errno.EAGAIN, "the file is non-blocking and the transfer would wait");
        }
        return r;
    }

    /**
     * Writes the buffer's remaining bytes.
     *
     * @return see {@link IoResult}; EBADF if not open for writing
     */
    public final IoResult write(IoBuffer src) {
        checkOpen();
        if (!mode.write()) {
            return new IoResult.Failed(src.position(), Errno.EBADF, "the file is not open for writing");
        }
        return nonBlocking(writeOpen(src));
    }

    abstract IoResult readOpen(IoBuffer dst);

    abstract IoResult writeOpen(IoBuffer src);

    /** Its metadata (fstat). */
    public abstract Stat stat();

    /**
     * Moves the offset (Linux lseek): {@code whence} 0 from the start, 1 from the
     * current offset, 2 from the end.
     *
     * @return the new offset; ESPIPE for a pipe or a device, EINVAL for a bad whence or a
     *         negative result
     */
    public SysResult<Long> seek(long offset, int whence) {
        return SysResult.err(Errno.ESPIPE, "a " + type().name().toLowerCase(java.util.Locale.ROOT)
                + " has no offset to move");
    }

    /**
     * Reads a directory's entries in Linux's getdents64 format.
     *
     * @return see {@link InodeFile#getdents64}; ENOTDIR here
     */
    public IoResult getdents64(IoBuffer dst) {
        return new IoResult.Failed(dst.position(), Errno.ENOTDIR, "not a directory");
    }

    final void retain() {
        checkOpen();
        refs++;
    }

    final void release() {
        checkOpen();
        if (--refs == 0) {
            closeLast();
            table.closed();
        }
    }

    /** What the last close does: let go of the inode, close a pipe's end. */
    abstract void closeLast();

    final FileTable table() {
        return table;
    }

    private void checkOpen() {
        if (refs == 0) {
            throw new IllegalStateException("the file has been closed");
        }
    }
}
