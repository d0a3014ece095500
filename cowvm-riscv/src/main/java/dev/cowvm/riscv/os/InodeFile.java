package dev.cowvm.riscv.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An open regular file or directory, with its offset (shared by dup and fork).
 *
 * <p>A directory reads, under xv6's rules, as its raw 16-byte entries (what xv6's
 * {@code ls} reads); under Linux's, read is EISDIR and {@link #getdents64} lists it, the
 * offset then counting slots. A write to a file opened with O_APPEND goes to its end.
 */
public final class InodeFile extends OpenFile {
    private final Inode inode;
    private final Dialect dialect;
    private long offset;

    InodeFile(FileTable table, OpenMode mode, Inode inode, Dialect dialect) {
        super(table, mode);
        this.inode = inode;
        this.dialect = dialect;
        table.fileSystem().retain(inode);
    }

    @Override
    public FileType type() {
        return inode.type();
    }

    @Override
    public Optional<Inode> inode() {
        return Optional.of(inode);
    }

    /** The offset the next read or write starts at. */
    public long offset() {
        return offset;
    }

    @Override
    IoResult readOpen(IoBuffer dst) {
        long before = dst.position();
        IoResult r;
        if (inode.isDirectory()) {
            if (dialect == Dialect.LINUX) {
                return new IoResult.Failed(before, Errno.EISDIR, "read of a directory; getdents64 lists it");
            }
            long available = Math.max(0, inode.size() - offset);
            int n = (int) Math.min(dst.remaining(), Math.min(available, Integer.MAX_VALUE));
            SysResult<Void> put = n == 0 ? SysResult.done() : dst.put(inode.direntBytes(offset, n), 0, n);
            r = put.isOk() ? new IoResult.Done(dst.position())
                    : new IoResult.Failed(dst.position(), put.errno(), put.message());
        } else {
            r = table().fileSystem().read(inode, offset, dst);
        }
        offset += dst.position() - before;
        return r;
    }

    @Override
    IoResult writeOpen(IoBuffer src) {
        if (inode.isDirectory()) {
            return new IoResult.Failed(src.position(), Errno.EISDIR, "write to a directory");
        }
        if (mode().append()) {
            offset = inode.size();
        }
        long before = src.position();
        IoResult r = table().fileSystem().write(inode, offset, src);
        offset += src.position() - before;
        return r;
    }

    @Override
    public Stat stat() {
        return table().fileSystem().stat(inode);
    }

    @Override
    public SysResult<Long> seek(long to, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> offset;
            case 2 -> inode.isDirectory() ? inode.slots.size() : inode.size();
            default -> -1;
        };
        if (base < 0) {
            return SysResult.err(Errno.EINVAL, "whence " + whence + " is not 0, 1 or 2");
        }
        long target = base + to;
        if ((to > 0 && target < base) || target < 0) {
            return SysResult.err(Errno.EINVAL, "offset " + to + " from " + base + " is negative or overflows");
        }
        offset = target;
        return SysResult.ok(target);
    }

    /**
     * Fills the buffer with Linux {@code struct linux_dirent64} records from the offset on
     * (u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, the NUL-terminated name, padded to 8
     * bytes), skipping free slots; {@code d_off} and the new offset are the slot after the
     * entry.
     *
     * @return the bytes filled; 0 at the end; EINVAL if the first record does not fit
     */
    @Override
    public IoResult getdents64(IoBuffer dst) {
        if (!inode.isDirectory()) {
            return super.getdents64(dst);
        }
        long start = dst.position();
        while (offset < inode.slots.size()) {
            Inode.Entry e = inode.slots.get((int) offset);
            if (e == null) {
                offset++;
                continue;
            }
            byte[] name = e.name().getBytes(StandardCharsets.ISO_8859_1);
            int length = (19 + name.length + 1 + 7) & ~7;
            if (length > dst.remaining()) {
                if (dst.position() == start) {
                    return new IoResult.Failed(start, Errno.EINVAL, "a buffer of " + dst.remaining()
                            + " bytes is too small for the next entry (" + length + ")");
                }
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            record.putLong(e.inode().inum()).putLong(offset + 1).putShort((short) length)
                    .put((byte) e.inode().type().linuxDirentType()).put(name);
            SysResult<Void> put = dst.put(record.array(), 0, length);
            if (!put.isOk()) {
                return dst.position() > start ? new IoResult.Done(dst.position())
                        : new IoResult.Failed(start, put.errno(), put.message());
            }
            offset++;
        }
        return new IoResult.Done(dst.position());
    }

    @Override
    void closeLast() {
        table().fileSystem().release(inode);
    }
}
