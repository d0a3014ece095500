package dev.cowvm.riscv.os;

/**
 * The sizes a program can run into: of the disk, of files and names, of the open-file
 * tables and of pipes. {@link #xv6()} gives xv6-riscv's values, which its programs observe
 * (usertests fills the disk, opens files until it cannot, writes MAXFILE blocks);
 * {@link #linux()} gives room for ordinary Linux programs.
 *
 * @param blockSize           bytes per disk block (xv6 BSIZE)
 * @param dataBlocks          blocks available for file and directory data: what is left
 *                            of the disk after its metadata
 * @param inodes              inode numbers 1 to {@code inodes - 1} can be in use (xv6's
 *                            mkfs NINODES; inode 0 means a free directory entry)
 * @param directBlocks        blocks a file addresses before it needs indirect blocks
 *                            (NDIRECT)
 * @param pointersPerBlock    block numbers one indirect block holds (NINDIRECT)
 * @param maxFileBlocks       the largest file, in blocks (MAXFILE)
 * @param nameMax             bytes of one name (DIRSIZ)
 * @param pathMax             bytes of a path, its NUL included (MAXPATH); the system-call
 *                            layer, which copies paths in, enforces it
 * @param openFilesPerProcess descriptors per process (NOFILE)
 * @param openFilesPerSystem  open files in the whole system (NFILE)
 * @param pipeSize            bytes a pipe buffers (PIPESIZE)
 * @param pipeAtomic          writes of at most this many bytes to a pipe are never split
 *                            (Linux's PIPE_BUF); 0 for none (xv6)
 * @param devices             device major numbers run from 0 to {@code devices - 1} (NDEV)
 * @param holes               a write may start past the end of a file, leaving a hole of zeros
 *                            (POSIX); false for xv6, whose {@code writei} refuses it
 */
public record Limits(int blockSize, long dataBlocks, int inodes, long directBlocks, long pointersPerBlock,
        long maxFileBlocks, int nameMax, int pathMax, int openFilesPerProcess, int openFilesPerSystem, int pipeSize,
        int pipeAtomic, int devices, boolean holes) {
    /** Bytes of one directory entry: xv6's {@code struct dirent}, a ushort and 14 name bytes. */
    public static final int DIRENT_SIZE = 16;

    public Limits {
        if (blockSize < DIRENT_SIZE || blockSize % DIRENT_SIZE != 0 || dataBlocks < 1 || inodes < 2
                || directBlocks < 0 || pointersPerBlock < 1 || maxFileBlocks < 1 || nameMax < 1 || pathMax < 2
                || openFilesPerProcess < 3 || openFilesPerSystem < 1 || pipeSize < 1 || pipeAtomic < 0
                || pipeAtomic > pipeSize || devices < 2
                || maxFileBlocks > (Integer.MAX_VALUE - 8) / blockSize) {
            throw new IllegalArgumentException("inconsistent limits " + this);
        }
    }

    /**
     * xv6-riscv's: {@code kernel/param.h} (NOFILE 16, NFILE 100, NDEV 10, FSSIZE 2000,
     * MAXPATH 128, LOGSIZE 30), {@code kernel/fs.h} (BSIZE 1024, NDIRECT 12, NINDIRECT 256,
     * MAXFILE 268, DIRSIZ 14), {@code mkfs/mkfs.c} (NINODES 200), {@code kernel/pipe.c}
     * (PIPESIZE 512). The data blocks are mkfs's: FSSIZE less the boot and super blocks,
     * the log, 13 inode blocks (200 inodes of 64 bytes, 16 a block, plus one) and one
     * bitmap block: 2000 - 46 = 1954.
     */
    public static Limits xv6() {
        return new Limits(1024, 2000 - (2 + 30 + (200 / 16 + 1) + (2000 / (1024 * 8) + 1)), 200, 12, 256, 12 + 256,
                14, 128, 16, 100, 512, 0, 10, false);
    }

    /**
     * Room for Linux programs: 4 KiB blocks, a 128 MiB disk, 65536 inodes, files as large
     * as the disk, 255-byte names and 4096-byte paths (NAME_MAX, PATH_MAX), 1024
     * descriptors (the default RLIMIT_NOFILE), 64 KiB pipes with PIPE_BUF 4096.
     */
    public static Limits linux() {
        return new Limits(4096, 32768, 65536, Long.MAX_VALUE, 1024, 32768, 255, 4096, 1024, 65536, 65536, 4096, 256, true);
    }

    /** The same limits with a disk of {@code blocks} data blocks (files as large as before, or the disk). */
    public Limits withDataBlocks(long blocks) {
        return new Limits(blockSize, blocks, inodes, directBlocks, pointersPerBlock,
                maxFileBlocks, nameMax, pathMax, openFilesPerProcess, openFilesPerSystem, pipeSize, pipeAtomic, devices, holes);
    }

    /** The same limits with this many inode numbers. */
    public Limits withInodes(int count) {
        return new Limits(blockSize, dataBlocks, count, directBlocks, pointersPerBlock, maxFileBlocks, nameMax, pathMax,
                openFilesPerProcess, openFilesPerSystem, pipeSize, pipeAtomic, devices, holes);
    }

    /** The largest file in bytes. */
    public long maxFileSize() {
        return maxFileBlocks * blockSize;
    }

    /** Indirect blocks a file of {@code dataBlockCount} data blocks needs. */
    public long indirectBlocksFor(long dataBlockCount) {
        if (dataBlockCount <= directBlocks) {
            return 0;
        }
        long beyond = dataBlockCount - directBlocks;
        return (beyond + pointersPerBlock - 1) / pointersPerBlock;
    }

    /** Data blocks holding {@code bytes}. */
    public long dataBlocksFor(long bytes) {
        return (bytes + blockSize - 1) / blockSize;
    }
}
