package dev.cowvm.riscv.os;

import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The disk's two scarce things: data blocks and inode numbers. Blocks are fungible, so a
 * count stands for xv6's free bitmap; inode numbers are handed out lowest first, as xv6's
 * {@code ialloc} scans from 1. When either runs out the kernel says so on its console, as
 * xv6 prints "balloc: out of blocks" and "ialloc: no inodes"; {@link #notices} receives
 * those lines.
 */
final class Disk {
    final Limits limits;
    private long freeBlocks;
    private final BitSet inodesInUse = new BitSet();
    private Consumer<String> notices = line -> { };

    Disk(Limits limits) {
        this.limits = limits;
        this.freeBlocks = limits.dataBlocks();
        inodesInUse.set(0);
    }

    void notices(Consumer<String> sink) {
        this.notices = sink;
    }

    long freeBlocks() {
        return freeBlocks;
    }

    int freeInodes() {
        return limits.inodes() - inodesInUse.cardinality();
    }

    /** Takes one block; false (and a notice) if none is free. */
    boolean allocateBlock() {
        if (freeBlocks == 0) {
            notices.accept("balloc: out of blocks");
            return false;
        }
        freeBlocks--;
        return true;
    }

    void freeBlocks(long n) {
        assert n >= 0 && freeBlocks + n <= limits.dataBlocks() : "freeing " + n + " blocks with " + freeBlocks + " free";
        freeBlocks += n;
    }

    /** The lowest free inode number, taken; 0 (and a notice) if none is free. */
    int allocateInode() {
        int inum = inodesInUse.nextClearBit(1);
        if (inum >= limits.inodes()) {
            notices.accept("ialloc: no inodes");
            return 0;
        }
        inodesInUse.set(inum);
        return inum;
    }

    void freeInode(int inum) {
        assert inodesInUse.get(inum) : "inode " + inum + " is not in use";
        inodesInUse.clear(inum);
    }

    boolean inodeInUse(int inum) {
        return inodesInUse.get(inum);
    }
}
