package dev.cowvm.riscv.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test stand-in for the core's MMU: pages of 4 KiB mapped to frames (byte arrays
 * numbered like physical frames), each mapping with R/W/X permissions and optionally
 * copy-on-write, and the code
 * generation machinery of {@link Memory} implemented as the MMU will: a frame being
 * watched loses its write-TLB entries, so the next store takes the slow path, which bumps
 * the frame's generation and the epoch.
 *
 * <p>Beyond the interface it can map, unmap, protect, move a page to a new frame (what a
 * copy-on-write break does), and read or write bytes without permission checks (what a
 * loader or a system call does). A small direct-mapped TLB per access kind keeps the CPU
 * tests and the speed measurements from being dominated by hash lookups.
 */
final class FlatMemory implements TestMemory {
    /** In an entry: the next store moves the page to a copy first. */
    private static final int COW = 8;
    private static final int SHIFT = 4;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int TLB = 256;

    /**
     * The page table, a two-level radix tree over the 27-bit Sv39 page number: per page,
     * frame shifted left 3 or permissions, 0 if unmapped (frame 0 is never used).
     */
    private final PageTable pages = new PageTable();
    private final List<byte[]> frames = new ArrayList<>();
    private int[] generation = new int[16];
    private boolean[] watched = new boolean[16];
    private long epoch;

    private final long[] readTag = new long[TLB];
    private final long[] writeTag = new long[TLB];
    private final long[] execTag = new long[TLB];
    private final byte[][] data = new byte[TLB][];
    private final int[] tlbFrame = new int[TLB];

    private boolean trapped;
    private int trapCause;
    private long trapAddress;

    /** Counts for tests. */
    int watchCalls;
    int slowStores;

    FlatMemory() {
        frames.add(null); // frame 0 is never used, so physical address 0 means nothing
        flush();
    }

    // ---- the test's controls ----

    /** Maps fresh zeroed frames over [va, va + length), page-aligned outward. */
    @Override
    public void map(long va, long length, int perms) {
        for (long p = va & -4096L; p < va + length; p += 4096) {
            long old = pages.get(p >>> 12);
            if (old != 0) {
                pages.put(p >>> 12, old | perms);
                continue;
            }
            int f = frames.size();
            frames.add(new byte[4096]);
            if (f >= generation.length) {
                generation = Arrays.copyOf(generation, f * 2);
                watched = Arrays.copyOf(watched, f * 2);
            }
            pages.put(p >>> 12, (long) f << SHIFT | perms);
        }
        changed();
    }

    void unmap(long va, long length) {
        for (long p = va & -4096L; p < va + length; p += 4096) {
            pages.put(p >>> 12, 0);
        }
        changed();
    }

    void protect(long va, long length, int perms) {
        for (long p = va & -4096L; p < va + length; p += 4096) {
            long e = pages.get(p >>> 12);
            if (e != 0) {
                pages.put(p >>> 12, (e & ~7L) | perms);
            }
        }
        changed();
    }

    /** Copies the page's bytes into a new frame and maps it there, as a copy-on-write break does. */
    int moveToNewFrame(long va) {
        long e = pages.get(va >>> 12);
        int old = (int) (e >>> SHIFT);
        int f = frames.size();
        frames.add(frames.get(old).clone());
        if (f >= generation.length) {
            generation = Arrays.copyOf(generation, f * 2);
            watched = Arrays.copyOf(watched, f * 2);
        }
        pages.put(va >>> 12, (long) f << SHIFT | (e & 7));
        changed();
        return f;
    }

    /** The next store to va's page moves it to a new frame first (a copy-on-write break). */
    void markCopyOnWrite(long va) {
        pages.put(va >>> 12, pages.get(va >>> 12) | COW);
        flush();
    }

    /** The frame va is mapped to, or -1. */
    int frameOf(long va) {
        long e = pages.get(va >>> 12);
        return e == 0 ? -1 : (int) (e >>> SHIFT);
    }

    /** Writes bytes ignoring permissions (as the kernel would), noticing watched frames. */
    @Override
    public void poke(long va, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            long a = va + i;
            long e = pages.get(a >>> 12);
            if (e == 0) {
                throw new IllegalArgumentException("poke at unmapped 0x" + Long.toHexString(a));
            }
            int f = (int) (e >>> SHIFT);
            touchForWrite(f);
            frames.get(f)[(int) a & 4095] = bytes[i];
        }
    }

    /** Reads bytes ignoring permissions. */
    @Override
    public byte[] peek(long va, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            long a = va + i;
            long e = pages.get(a >>> 12);
            if (e == 0) {
                throw new IllegalArgumentException("peek at unmapped 0x" + Long.toHexString(a));
            }
            out[i] = frames.get((int) (e >>> SHIFT))[(int) a & 4095];
        }
        return out;
    }

    boolean isMapped(long va) {
        return pages.get(va >>> 12) != 0;
    }

    private void changed() {
        epoch++;
        flush();
    }

    private void flush() {
        Arrays.fill(readTag, -1);
        Arrays.fill(writeTag, -1);
        Arrays.fill(execTag, -1);
    }

    private void touchForWrite(int f) {
        if (watched[f]) {
            watched[f] = false;
            generation[f]++;
            epoch++;
        }
    }

    // ---- translation ----

    /** The entry for va if the access is allowed, filling the TLB; else -1 with a trap. */
    private long translate(long va, int need, int cause) {
        long e = pages.get(va >>> 12);
        if (e == 0 || (e & need) == 0 || (va >> 38) != (va >> 63)) {
            trapped = true;
            trapCause = cause;
            trapAddress = va;
            return -1;
        }
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int f = (int) (e >>> SHIFT);
        if (tlbFrame[i] != f || readTag[i] != vpn) {
            readTag[i] = -1;
            writeTag[i] = -1;
            execTag[i] = -1;
        }
        data[i] = frames.get(f);
        tlbFrame[i] = f;
        if ((e & R) != 0) {
            readTag[i] = vpn;
        }
        if ((e & (W | COW)) == W && !watched[f]) {
            writeTag[i] = vpn;
        }
        if ((e & X) != 0) {
            execTag[i] = vpn;
        }
        return e;
    }

    private int loadByte(long va, int need, int cause) {
        long e = translate(va, need, cause);
        return e < 0 ? -1 : frames.get((int) (e >>> SHIFT))[(int) va & 4095] & 0xFF;
    }

    /** Little-endian bytes through the slow path; a fault anywhere performs nothing. */
    private long loadSlow(long va, int size, int need, int cause) {
        long v = 0;
        for (int k = 0; k < size; k++) { // ascending, so a fault names the lowest address
            int b = loadByte(va + k, need, cause);
            if (b < 0) {
                return 0;
            }
            v |= (long) b << (8 * k);
        }
        return v;
    }

    private void storeSlow(long va, long v, int size) {
        int off = (int) va & 4095;
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        if (off + size <= 4096 && translate(va, W, Trap.STORE_PAGE_FAULT) >= 0 && writeTag[i] == vpn) {
            byte[] page = data[i]; // an ordinary miss: the entry is filled, store directly
            for (int k = 0; k < size; k++) {
                page[off + k] = (byte) (v >>> (8 * k));
            }
            return;
        }
        trapped = false;
        for (int k = 0; k < size; k++) { // check every byte before writing any
            if (translate(va + k, W, Trap.STORE_PAGE_FAULT) < 0) {
                return;
            }
        }
        slowStores++;
        for (int k = 0; k < size; k++) {
            long e = pages.get((va + k) >>> 12);
            if ((e & COW) != 0) {
                pages.put((va + k) >>> 12, e & ~COW);
                moveToNewFrame(va + k);
            }
        }
        for (int k = 0; k < size; k++) {
            long e = translate(va + k, W, Trap.STORE_PAGE_FAULT);
            int f = (int) (e >>> SHIFT);
            touchForWrite(f);
            frames.get(f)[(int) (va + k) & 4095] = (byte) (v >>> (8 * k));
        }
        translate(va, W, Trap.STORE_PAGE_FAULT); // refill now that the frame is unwatched
    }

    // ---- Memory ----

    @Override
    public int load8(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        if (readTag[i] == vpn || fill(va, R, i)) {
            return data[i][(int) va & 4095] & 0xFF;
        }
        return 0;
    }

    @Override
    public int load16(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (off > 4094) {
            return (int) loadSlow(va, 2, R, Trap.LOAD_PAGE_FAULT);
        }
        if (readTag[i] == vpn || fill(va, R, i)) {
            return (short) SHORT.get(data[i], off) & 0xFFFF;
        }
        return 0;
    }

    @Override
    public int load32(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (off > 4092) {
            return (int) loadSlow(va, 4, R, Trap.LOAD_PAGE_FAULT);
        }
        if (readTag[i] == vpn || fill(va, R, i)) {
            return (int) INT.get(data[i], off);
        }
        return 0;
    }

    @Override
    public long load64(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (off > 4088) {
            return loadSlow(va, 8, R, Trap.LOAD_PAGE_FAULT);
        }
        if (readTag[i] == vpn || fill(va, R, i)) {
            return (long) LONG.get(data[i], off);
        }
        return 0;
    }

    /** After a TLB miss: translate (faulting if not allowed) and say whether the tag now hits. */
    private boolean fill(long va, int need, int i) {
        int cause = need == R ? Trap.LOAD_PAGE_FAULT : need == X ? Trap.FETCH_PAGE_FAULT : Trap.STORE_PAGE_FAULT;
        if (translate(va, need, cause) < 0) {
            return false;
        }
        long vpn = va >>> 12;
        long[] tags = need == R ? readTag : need == X ? execTag : writeTag;
        return tags[i] == vpn;
    }

    @Override
    public void store8(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        if (writeTag[i] == vpn) {
            data[i][(int) va & 4095] = (byte) v;
            return;
        }
        storeSlow(va, v, 1);
    }

    @Override
    public void store16(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (writeTag[i] == vpn && off <= 4094) {
            SHORT.set(data[i], off, (short) v);
            return;
        }
        storeSlow(va, v, 2);
    }

    @Override
    public void store32(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (writeTag[i] == vpn && off <= 4092) {
            INT.set(data[i], off, v);
            return;
        }
        storeSlow(va, v, 4);
    }

    @Override
    public void store64(long va, long v) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (writeTag[i] == vpn && off <= 4088) {
            LONG.set(data[i], off, v);
            return;
        }
        storeSlow(va, v, 8);
    }

    @Override
    public int fetch16(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & (TLB - 1);
        int off = (int) va & 4095;
        if (off > 4094) {
            return (int) loadSlow(va, 2, X, Trap.FETCH_PAGE_FAULT);
        }
        if (execTag[i] == vpn || fill(va, X, i)) {
            return (short) SHORT.get(data[i], off) & 0xFFFF;
        }
        return 0;
    }

    @Override
    public int fetch32(long va) {
        return (int) loadSlow(va, 4, X, Trap.FETCH_PAGE_FAULT);
    }

    @Override
    public boolean trapped() {
        return trapped;
    }

    @Override
    public int trapCause() {
        return trapCause;
    }

    @Override
    public long trapAddress() {
        return trapAddress;
    }

    @Override
    public void clearTrap() {
        trapped = false;
    }

    @Override
    public long codeAddress(long va) {
        long e = translate(va, X, Trap.FETCH_PAGE_FAULT);
        return e < 0 ? -1 : (e >>> SHIFT) << 12 | (va & 4095);
    }

    @Override
    public int codeGeneration(int frame) {
        return generation[frame];
    }

    @Override
    public void watchCode(long va) {
        watchCalls++;
        long e = pages.get(va >>> 12);
        if (e == 0) {
            return;
        }
        int f = (int) (e >>> SHIFT);
        watched[f] = true;
        for (int i = 0; i < TLB; i++) {
            if (tlbFrame[i] == f) {
                writeTag[i] = -1;
            }
        }
    }

    @Override
    public long codeEpoch() {
        return epoch;
    }

    /** Page number to entry, 0 for none; only the low 27 bits of the page number count. */
    private static final class PageTable {
        private final long[][] leaves = new long[1 << 14][];

        long get(long vpn) {
            long[] leaf = leaves[(int) (vpn >>> 13) & 0x3FFF];
            return leaf == null ? 0 : leaf[(int) vpn & 0x1FFF];
        }

        void put(long vpn, long entry) {
            int top = (int) (vpn >>> 13) & 0x3FFF;
            long[] leaf = leaves[top];
            if (leaf == null) {
                leaf = leaves[top] = new long[1 << 13];
            }
            leaf[(int) vpn & 0x1FFF] = entry;
        }
    }
}
