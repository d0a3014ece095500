package dev.cowvm.mmu;

import dev.cowvm.phys.PhysicalMemory;
import java.util.Arrays;

/**
 * A software TLB: a direct-mapped cache of translations, one per process.
 *
 * <pre>
 *   index = vpn &amp; (entries - 1)
 *   readTag[index]   vpn if the page may be loaded from, else -1
 *   writeTag[index]  vpn if the page may be stored to (W and D set in its entry), else -1
 *   execTag[index]   vpn if instructions may be fetched from the page (X set), else -1
 *   page[index]      the frame's bytes
 *   frame[index]     the frame number (for checks and displays)
 * </pre>
 * A hit is one array load and one compare; a miss returns {@code null} and the caller takes
 * the slow path (the walk, and on a fault the kernel). Tags are virtual page numbers, which
 * are never negative, so {@code -1} marks an empty slot. The tags of a slot are set together,
 * by one fill, for one page, so they never disagree about {@code page[index]}. A write tag
 * is set only with the read tag; an execute tag may stand alone (an execute-only page).
 * Caching X is what lets instruction fetches hit, as a hardware TLB caches the permission
 * bits of the entry it holds.
 *
 * <p>Flushes are precise, as the kernel's rules require: one entry when a copy-on-write
 * fault moves a page, a range on unmap and mprotect (all of it when the range is larger than
 * the TLB, like Linux's {@code tlb_single_page_flush_ceiling}), everything on fork (the
 * parent loses write permission everywhere), exec and exit.
 */
public final class Tlb {
    private final long[] readTag;
    private final long[] writeTag;
    private final long[] execTag;
    private final byte[][] page;
    private final int[] frame;
    private final int mask;

    /** @param entries a power of two, at least 1 */
    public Tlb(int entries) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("TLB entries " + entries + " must be a power of two");
        }
        readTag = new long[entries];
        writeTag = new long[entries];
        execTag = new long[entries];
        page = new byte[entries][];
        frame = new int[entries];
        mask = entries - 1;
        flushAll();
    }

    /** The frame's bytes if {@code va} may be loaded from without a walk, else {@code null}. */
    public byte[] forRead(long va) {
        long vpn = va >>> PhysicalMemory.PAGE_SHIFT;
        int i = (int) vpn & mask;
        return readTag[i] == vpn ? page[i] : null;
    }

    /** The frame's bytes if {@code va} may be stored to without a walk, else {@code null}. */
    public byte[] forWrite(long va) {
        long vpn = va >>> PhysicalMemory.PAGE_SHIFT;
        int i = (int) vpn & mask;
        return writeTag[i] == vpn ? page[i] : null;
    }

    /** The frame's bytes if instructions may be fetched at {@code va} without a walk, else {@code null}. */
    public byte[] forExecute(long va) {
        long vpn = va >>> PhysicalMemory.PAGE_SHIFT;
        int i = (int) vpn & mask;
        return execTag[i] == vpn ? page[i] : null;
    }

    /** Caches a translation that does not allow fetching instructions. */
    public void fill(long vpn, int frameNumber, byte[] bytes, boolean readable, boolean writable) {
        fill(vpn, frameNumber, bytes, readable, writable, false);
    }

    /** Caches a translation, evicting whatever shared its slot. */
    public void fill(long vpn, int frameNumber, byte[] bytes, boolean readable, boolean writable,
                     boolean executable) {
        assert !writable || readable : "a writable TLB entry must be readable";
        int i = (int) vpn & mask;
        readTag[i] = readable ? vpn : -1;
        writeTag[i] = writable ? vpn : -1;
        execTag[i] = executable ? vpn : -1;
        page[i] = bytes;
        frame[i] = frameNumber;
    }

    /** Drops the translation of one page, if cached. */
    public void flush(long vpn) {
        int i = (int) vpn & mask;
        if (readTag[i] == vpn || writeTag[i] == vpn || execTag[i] == vpn) {
            clear(i);
        }
    }

    /** Drops the translations of pages {@code [fromVpn, toVpn)}. */
    public void flushRange(long fromVpn, long toVpn) {
        if (toVpn - fromVpn > readTag.length) {
            flushAll();
            return;
        }
        for (long vpn = fromVpn; vpn < toVpn; vpn++) {
            flush(vpn);
        }
    }

    /** Drops every translation. */
    public void flushAll() {
        Arrays.fill(readTag, -1L);
        Arrays.fill(writeTag, -1L);
        Arrays.fill(execTag, -1L);
        Arrays.fill(page, null);
    }

    private void clear(int i) {
        readTag[i] = -1;
        writeTag[i] = -1;
        execTag[i] = -1;
        page[i] = null;
    }

    /** Number of slots. */
    public int entries() {
        return readTag.length;
    }

    /** True if a translation of the page is cached, for reading at least. */
    public boolean holds(long vpn) {
        int i = (int) vpn & mask;
        return readTag[i] == vpn;
    }

    /** True if the page may be stored to without a walk. */
    public boolean holdsWritable(long vpn) {
        int i = (int) vpn & mask;
        return writeTag[i] == vpn;
    }

    /** True if instructions may be fetched from the page without a walk. */
    public boolean holdsExecutable(long vpn) {
        int i = (int) vpn & mask;
        return execTag[i] == vpn;
    }

    /** Visits every cached translation (for the invariant checker). */
    public void forEach(EntryVisitor visitor) {
        for (int i = 0; i < readTag.length; i++) {
            long vpn = readTag[i] >= 0 ? readTag[i] : execTag[i];
            if (vpn >= 0) {
                visitor.visit(vpn, frame[i], page[i], readTag[i] == vpn, writeTag[i] == vpn, execTag[i] == vpn);
            }
        }
    }

    /** Visits cached translations. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(long vpn, int frame, byte[] page, boolean readable, boolean writable, boolean executable);
    }
}
