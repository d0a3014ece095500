package dev.cowvm.riscv.os;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One file, directory or device node of the in-memory file system: xv6's inode, holding its
 * bytes instead of block addresses.
 *
 * <p>A file's bytes live in {@code content}, of which the first {@link #size()} count;
 * every byte past the size is zero, so a file that grows reads zeros there. The blocks it
 * occupies are counted, not stored: {@code dataBlocks} data blocks and
 * {@code indirectBlocks} indirect blocks, allocated in the order xv6's {@code bmap} does
 * (an indirect block before the first data block it addresses), so a full disk stops a
 * write at the same byte as xv6.
 *
 * <p>A directory is a list of slots, each a name and an inode or free (xv6's entry with
 * inum 0); slot 0 is "." and slot 1 "..". Its size is 16 bytes per slot, xv6's
 * {@code struct dirent}; removing an entry frees its slot, and a new entry takes the first
 * free slot before the directory grows.
 *
 * <p>Link counts follow xv6: a file's counts its names; a directory's is 1 plus one for
 * each subdirectory's "..", its own "." not counted (Linux counts it: {@link Stat} adds 1
 * for Linux). An inode is freed, its blocks with it, when no name links it and nothing
 * holds it (an open file, a working directory): unlinking an open file keeps its data
 * until the last close.
 */
public final class Inode {
    private static final byte[] EMPTY = new byte[0];

    private final int inum;
    private final FileType type;
    private final int major;
    private final int minor;
    int nlink;
    int refs;
    long size;
    long dataBlocks;
    long indirectBlocks;
    byte[] content = EMPTY;
    final List<Entry> slots;
    boolean freed;
    private int permissions;

    /**
     * A directory entry.
     *
     * @param name  its name, one character per byte
     * @param inode what it names
     */
    public record Entry(String name, Inode inode) {
    }

    Inode(int inum, FileType type, int major, int minor) {
        this.inum = inum;
        this.type = type;
        this.major = major;
        this.minor = minor;
        this.slots = type == FileType.DIRECTORY ? new ArrayList<>() : null;
        this.permissions = type == FileType.DEVICE ? 0666 : 0755;
    }

    /** Its number (xv6's inum, Linux's st_ino). */
    public int inum() {
        return inum;
    }

    /** File, directory or device. */
    public FileType type() {
        return type;
    }

    /** True for a directory. */
    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    /** The device's major number (0 for other inodes). */
    public int major() {
        return major;
    }

    /** The device's minor number. */
    public int minor() {
        return minor;
    }

    /** xv6's link count (see the class comment). */
    public int nlink() {
        return nlink;
    }

    /** Bytes: a file's length, or 16 per directory slot; 0 for a device. */
    public long size() {
        return size;
    }

    /** Disk blocks it occupies, data and indirect. */
    public long blocks() {
        return dataBlocks + indirectBlocks;
    }

    /** True once freed: no name and no holder left. */
    public boolean isFreed() {
        return freed;
    }

    /** Its metadata, as fstat reports it. */
    public Stat stat(int blockSize) {
        return new Stat(FileSystem.DEVICE_NUMBER, inum, type, nlink, size, major, minor, blocks(), blockSize,
                permissions);
    }

    /** Its permission bits (0755 for files and directories, 0666 for devices, until changed). */
    public int permissions() {
        return permissions;
    }

    /** Sets its permission bits (Linux's chmod, and the mode a creating open or mkdir gives). */
    public void setPermissions(int bits) {
        this.permissions = bits & 07777;
    }

    // ---------------------------------------------------------------- file data

    /**
     * Reads from {@code offset} into the buffer, as much as it has room for (xv6's readi).
     *
     * @return the buffer's position after it; EFAULT / ENOMEM if the buffer failed
     */
    IoResult read(long offset, IoBuffer dst) {
        if (offset < 0 || offset >= size || dst.remaining() == 0) {
            return new IoResult.Done(dst.position());
        }
        int n = (int) Math.min(dst.remaining(), size - offset);
        SysResult<Void> r = dst.put(content, (int) offset, n);
        return r.isOk() ? new IoResult.Done(dst.position())
                : new IoResult.Failed(dst.position(), r.errno(), r.message());
    }

    /**
     * Writes the buffer's remaining bytes at {@code offset} (xv6's writei, without its
     * refusal to leave a hole: Linux may seek past the end, and the gap reads as zeros).
     * Blocks are allocated one by one as the write reaches them; it stops at the first
     * that cannot be had (ENOSPC), at the first bad user address (EFAULT), and at the
     * largest file size (EFBIG), with the bytes before in the file.
     */
    IoResult write(Disk disk, long offset, IoBuffer src) {
        Limits limits = disk.limits;
        long max = limits.maxFileSize();
        if (offset < 0) {
            return new IoResult.Failed(src.position(), Errno.EINVAL, "negative offset " + offset);
        }
        if (offset > size() && !limits.holes()) {
            return new IoResult.Failed(src.position(), Errno.EINVAL, "offset " + offset
                    + " is past the end of the file (" + size() + " bytes)");
        }
        if (src.remaining() == 0) {
            return new IoResult.Done(src.position());
        }
        if (offset >= max) {
            return new IoResult.Failed(src.position(), Errno.EFBIG, "offset " + offset
                    + " is at or past the largest file size, " + max + " bytes");
        }
        long want = Math.min(src.remaining(), max - offset);
        boolean clipped = want < src.remaining();
        long pos = offset;
        IoResult stop = null;
        int block = limits.blockSize();
        while (want > 0) {
            long index = pos / block;
            if (!allocateThrough(disk, index)) {
                stop = new IoResult.Failed(0, Errno.ENOSPC, "no free block on the disk");
                break;
            }
            int n = (int) Math.min(want, block - pos % block);
            ensureCapacity(pos + n);
            long before = src.position();
            SysResult<Void> r = src.take(content, (int) pos, n);
            long moved = src.position() - before;
            pos += moved;
            want -= moved;
            if (!r.isOk()) {
                stop = new IoResult.Failed(0, r.errno(), r.message());
                break;
            }
        }
        if (pos > size) {
            size = pos;
        }
        if (stop instanceof IoResult.Failed f) {
            return new IoResult.Failed(src.position(), f.errno(), f.message());
        }
        if (clipped) {
            return new IoResult.Failed(src.position(), Errno.EFBIG, "a file may hold at most " + max + " bytes ("
                    + limits.maxFileBlocks() + " blocks)");
        }
        return new IoResult.Done(src.position());
    }

    /** Allocates data blocks (and the indirect blocks before them) until block {@code index} exists. */
    private boolean allocateThrough(Disk disk, long index) {
        while (dataBlocks <= index) {
            if (disk.limits.indirectBlocksFor(dataBlocks + 1) > indirectBlocks) {
                if (!disk.allocateBlock()) {
                    return false;
                }
                indirectBlocks++;
            }
            if (!disk.allocateBlock()) {
                return false;
            }
            dataBlocks++;
        }
        return true;
    }

    private void ensureCapacity(long needed) {
        if (needed > content.length) {
            long grown = Math.max(needed, Math.min((long) content.length * 2, Integer.MAX_VALUE - 8));
            content = Arrays.copyOf(content, (int) Math.max(grown, 64));
        }
    }

    /**
     * Sets the length (xv6's itrunc for 0, Linux's ftruncate for any): blocks past it are
     * freed, and a longer file gets zeros, on blocks that must be free.
     *
     * @return done, or EFBIG past the largest file, ENOSPC if the disk lacks the blocks
     *         (then nothing changed)
     */
    SysResult<Void> truncate(Disk disk, long length) {
        Limits limits = disk.limits;
        if (length < 0 || length > limits.maxFileSize()) {
            return SysResult.err(length < 0 ? Errno.EINVAL : Errno.EFBIG, "length " + length + " is not between 0"
                    + " and the largest file size, " + limits.maxFileSize());
        }
        long data = limits.dataBlocksFor(length);
        if (data > dataBlocks) {
            long more = data - dataBlocks + limits.indirectBlocksFor(data) - indirectBlocks;
            if (more > disk.freeBlocks()) {
                return SysResult.err(Errno.ENOSPC, "growing to " + length + " bytes needs " + more
                        + " blocks and " + disk.freeBlocks() + " are free");
            }
            boolean got = allocateThrough(disk, data - 1);
            assert got;
        } else {
            long indirect = limits.indirectBlocksFor(data);
            disk.freeBlocks(dataBlocks - data + indirectBlocks - indirect);
            dataBlocks = data;
            indirectBlocks = indirect;
        }
        if (length < size) {
            Arrays.fill(content, (int) length, (int) size, (byte) 0);
        } else {
            // Growing within the blocks it has still needs room for the bytes.
            ensureCapacity(length);
        }
        size = length;
        if (length == 0) {
            content = EMPTY;
        }
        return SysResult.done();
    }

    /** A copy of the file's bytes. */
    byte[] contents() {
        return Arrays.copyOf(content, (int) size);
    }

    // ---------------------------------------------------------------- directory slots

    /** The entry named {@code name}, or null. */
    Inode lookup(String name) {
        for (Entry e : slots) {
            if (e != null && e.name().equals(name)) {
                return e.inode();
            }
        }
        return null;
    }

    /** The slot of the entry named {@code name}, or -1. */
    int slotOf(String name) {
        for (int i = 0; i < slots.size(); i++) {
            Entry e = slots.get(i);
            if (e != null && e.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds an entry in the first free slot, or at the end, which may take a block (xv6's
     * dirlink).
     *
     * @return done, or ENOSPC
     */
    SysResult<Void> addEntry(Disk disk, String name, Inode target) {
        int free = slots.indexOf(null);
        if (free >= 0) {
            slots.set(free, new Entry(name, target));
            return SysResult.done();
        }
        long newSize = size + Limits.DIRENT_SIZE;
        if (!allocateThrough(disk, disk.limits.dataBlocksFor(newSize) - 1)) {
            return SysResult.err(Errno.ENOSPC, "no free block to grow the directory");
        }
        slots.add(new Entry(name, target));
        size = newSize;
        return SysResult.done();
    }

    /** True if no slot but "." and ".." is in use (xv6's isdirempty). */
    boolean isEmptyDirectory() {
        for (int i = 2; i < slots.size(); i++) {
            if (slots.get(i) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The directory's bytes as xv6's read() returns them: per slot, the inode number as a
     * little-endian ushort (0 for a free slot) and the name in 14 bytes, NUL-padded and not
     * terminated when it fills them (names longer than that, possible only under Linux's
     * limits, are cut).
     */
    byte[] direntBytes(long offset, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            long at = offset + i;
            int slot = (int) (at / Limits.DIRENT_SIZE);
            int field = (int) (at % Limits.DIRENT_SIZE);
            Entry e = slot < slots.size() ? slots.get(slot) : null;
            if (e == null) {
                continue;
            }
            if (field < 2) {
                out[i] = (byte) (e.inode().inum() >>> (8 * field));
            } else {
                byte[] name = e.name().getBytes(StandardCharsets.ISO_8859_1);
                out[i] = field - 2 < name.length ? name[field - 2] : 0;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "inode " + inum + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
