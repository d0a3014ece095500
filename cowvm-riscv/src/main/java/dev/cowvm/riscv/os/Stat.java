package dev.cowvm.riscv.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * What fstat reports about a file, with the two layouts the interfaces copy out.
 *
 * @param dev       the file system's device number (xv6's ROOTDEV, 1; 0 for a pipe or a
 *                  device opened without a path)
 * @param ino       the inode number
 * @param type      file, directory, device or pipe
 * @param nlink     xv6's link count (a directory's own "." not counted)
 * @param size      bytes
 * @param major     a device's major number
 * @param minor     a device's minor number
 * @param blocks    disk blocks it occupies
 * @param blockSize bytes per block
 * @param permissions the permission bits Linux's {@code st_mode} reports (0755, 0644...);
 *                  kept and reported, never enforced but for exec's execute bit
 */
public record Stat(int dev, int ino, FileType type, int nlink, long size, int major, int minor, long blocks,
        int blockSize, int permissions) {
    /** Bytes of xv6's {@code struct stat}. */
    public static final int XV6_SIZE = 24;
    /** Bytes of Linux's riscv64 {@code struct stat} (asm-generic). */
    public static final int LINUX_SIZE = 128;

    /**
     * xv6's {@code struct stat} ({@code kernel/stat.h}): int dev at 0, uint ino at 4, short
     * type at 8, short nlink at 10, 4 bytes of padding, uint64 size at 16; little-endian.
     * A pipe has none: xv6's fstat returns -1 for it.
     *
     * @return the 24 bytes, or empty for a pipe
     */
    public Optional<byte[]> xv6Bytes() {
        if (type == FileType.PIPE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(XV6_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, dev).putInt(4, ino).putShort(8, (short) type.xv6Code()).putShort(10, (short) nlink)
                .putLong(16, size);
        return Optional.of(b.array());
    }

    /**
     * Linux's riscv64 {@code struct stat} ({@code include/uapi/asm-generic/stat.h}): dev,
     * ino (u64 at 0, 8), mode, nlink, uid, gid (u32 at 16..28), rdev (u64 at 32), size (at
     * 48), blksize (i32 at 56), blocks of 512 bytes (at 64), then three times of seconds and
     * nanoseconds (72..119), all zero here, as the file system keeps no clock. Permissions
     * are 0755 for files and directories, 0666 for devices, 0600 for pipes (cowvm has no
     * users); a directory's link count includes its "." as Linux counts it.
     *
     * @param uid the owner to report
     * @param gid the group to report
     * @return the 128 bytes
     */
    public byte[] linuxBytes(int uid, int gid) {
        long rdev = type == FileType.DEVICE ? ((long) (minor & 0xff) | ((long) major << 8) | ((long) (minor & ~0xff) << 12))
                : 0;
        ByteBuffer b = ByteBuffer.allocate(LINUX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, dev).putLong(8, ino).putInt(16, type.linuxMode() | (permissions & 07777))
                .putInt(20, type == FileType.DIRECTORY ? nlink + 1 : nlink).putInt(24, uid).putInt(28, gid)
                .putLong(32, rdev).putLong(48, size).putInt(56, blockSize).putLong(64, blocks * (blockSize / 512));
        return b.array();
    }
}
