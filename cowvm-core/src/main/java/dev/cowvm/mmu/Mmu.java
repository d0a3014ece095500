package dev.cowvm.mmu;

import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.PhysicalMemory;
import java.lang.foreign.MemorySegment;

/**
 * The memory-management unit of one address space: every load, store and instruction fetch
 * of a process goes through it. It owns the {@link Tlb} and the page-table walk, and calls
 * the kernel's {@link FaultResolver} only when a walk finds no entry that permits an
 * access.
 *
 * <h2>The path of one access</h2>
 * <pre>
 *   load64(va)
 *     i = 4 * (vpn &amp; mask)                         the TLB slot: four longs
 *     TLB hit?  tlb[i + READ] == va &amp; ~0xff8        one compare
 *       yes:    arena.get(va + tlb[i + DELTA])       one add, one arena access
 *       no:     loadSlow: translate(va, READ)
 *                 walk the table (below); a leaf that permits the access?
 *                   yes: set A (and D for a store), fill the TLB, retry
 *                   no:  resolver.resolve(...): a fault handled (zero page, zero fill,
 *                        copy-on-write copy or reuse), walk again; or a fault that stands
 * </pre>
 * A misaligned access, or one that crosses into the next page, misses through the same
 * compare and is done by the slow path, a page at a time.
 *
 * <h2>Failures are values</h2>
 * The hot accessors ({@link #load64} and its kin, the stores, {@link #fetch16},
 * {@link #fetch32}) allocate nothing and throw nothing. When an access fails it is not
 * performed and the MMU's <em>trap register</em> records why, as a processor records
 * {@code scause} and {@code stval}: {@link #trapped()}, {@link #trapFault()},
 * {@link #trapCause()}, {@link #trapAddress()}. A load that trapped returns 0, which means
 * nothing: the caller checks {@link #trapped()} after every access (a well-predicted
 * branch) and calls {@link #clearTrap()} once it has handled it. The range accessors
 * ({@link #read}, {@link #write}, {@link #fill}, {@link #touch}), which a kernel uses for
 * system calls, return their {@link Fault} and leave the trap register alone.
 *
 * <h2>Decoded code</h2>
 * A CPU may decode a page once and run it many times. It keys its decoded pages by frame
 * ({@link #codeAddress}), calls {@link #watchCode} for each page it decodes, and trusts a
 * decoded page while {@link #codeGeneration} of its frame is unchanged. A store into a
 * watched frame takes the slow path (the TLB never caches write permission for one), which
 * bumps the frame's generation. {@link #codeEpoch} changes whenever this address space's
 * executable mappings change or a watched frame is stored to: a CPU that keeps a shortcut to
 * the page it is executing checks it at block boundaries.
 *
 * <p>Not thread-safe: one thread drives an address space at a time.
 */
public final class Mmu {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int MASK = PhysicalMemory.PAGE_MASK;
    private static final long PAGE_BITS = ~(long) MASK;

    private final MemorySegment ram;
    private final FramePool pool;
    private final PagingMode mode;
    private final int levels;
    private final long userLimit;
    private final Tlb tlb;
    // The TLB's array and mask, copied here so that a hit reads them from this object;
    // refreshed whenever the TLB grows (in the slow path only).
    private long[] tlbe;
    private int mask;
    private final FaultResolver resolver;
    private long root = -1;

    private Fault trap = Fault.NONE;
    private long trapVa;
    private Access trapAccess = Access.READ;
    private Fault lastFault = Fault.NONE;
    private long lastFaultVa;
    private long codeEpoch;
    private long misses;

    // The last walk's leaf: its entry's physical address and the entry (fields, not an object).
    private long walkSlot;
    private long walkPte;

    /**
     * An MMU for one address space.
     *
     * @param memory     the machine's physical memory
     * @param pool       its frame pool (for the code generations)
     * @param mode       the page-table format
     * @param tlbEntries TLB slots, a power of two
     * @param resolver   the kernel's fault handler for this address space
     */
    public Mmu(PhysicalMemory memory, FramePool pool, PagingMode mode, int tlbEntries, FaultResolver resolver) {
        this.ram = memory.segment();
        this.pool = pool;
        this.mode = mode;
        this.levels = mode.levels();
        this.userLimit = mode.userLimit();
        this.tlb = new Tlb(tlbEntries);
        this.tlbe = tlb.e;
        this.mask = tlb.mask;
        this.resolver = resolver;
    }

    /** The page-table format. */
    public PagingMode mode() {
        return mode;
    }

    /** The TLB, for inspection. */
    public Tlb tlb() {
        return tlb;
    }

    /**
     * Points the MMU at a root table (what writing RISC-V's {@code satp} does), flushing the
     * TLB; -1 for none (every access faults).
     */
    public void setRoot(int rootFrame) {
        root = rootFrame < 0 ? -1 : PhysicalMemory.address(rootFrame);
        flushAll(true);
    }

    /** The root table's frame, or -1. */
    public int rootFrame() {
        return root < 0 ? -1 : (int) (root >>> PhysicalMemory.PAGE_SHIFT);
    }

    /** Accesses that missed the TLB and walked the table, since this MMU was made. */
    public long misses() {
        return misses;
    }

    private int slot(long va) {
        return ((int) (va >>> PhysicalMemory.PAGE_SHIFT) & mask) << 2;
    }

    // ------------------------------------------------------------------ the hot path

    /** Loads a byte, zero-extended; on a trap returns 0 (see the class comment). */
    public int load8(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.READ] == (va & PAGE_BITS)) {
            return ram.get(PhysicalMemory.BYTE, va + t[i + Tlb.DELTA]) & 0xFF;
        }
        return (int) loadSlow(va, 1);
    }

    /** Loads a little-endian 16-bit value, zero-extended, at any alignment. */
    public int load16(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.READ] == (va & ~0xFFEL)) {
            return ram.get(PhysicalMemory.SHORT, va + t[i + Tlb.DELTA]) & 0xFFFF;
        }
        return (int) loadSlow(va, 2);
    }

    /** Loads a little-endian 32-bit value at any alignment. */
    public int load32(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.READ] == (va & ~0xFFCL)) {
            return ram.get(PhysicalMemory.INT, va + t[i + Tlb.DELTA]);
        }
        return (int) loadSlow(va, 4);
    }

    /** Loads a little-endian 64-bit value at any alignment. */
    public long load64(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.READ] == (va & ~0xFF8L)) {
            return ram.get(PhysicalMemory.LONG, va + t[i + Tlb.DELTA]);
        }
        return loadSlow(va, 8);
    }

    /** Stores a byte; on a trap nothing is stored. */
    public void store8(long va, int value) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.WRITE] == (va & PAGE_BITS)) {
            ram.set(PhysicalMemory.BYTE, va + t[i + Tlb.DELTA], (byte) value);
            return;
        }
        storeSlow(va, value, 1);
    }

    /** Stores a little-endian 16-bit value at any alignment. */
    public void store16(long va, int value) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.WRITE] == (va & ~0xFFEL)) {
            ram.set(PhysicalMemory.SHORT, va + t[i + Tlb.DELTA], (short) value);
            return;
        }
        storeSlow(va, value, 2);
    }

    /** Stores a little-endian 32-bit value at any alignment. */
    public void store32(long va, int value) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.WRITE] == (va & ~0xFFCL)) {
            ram.set(PhysicalMemory.INT, va + t[i + Tlb.DELTA], value);
            return;
        }
        storeSlow(va, value, 4);
    }

    /** Stores a little-endian 64-bit value at any alignment; on a trap nothing is stored. */
    public void store64(long va, long value) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.WRITE] == (va & ~0xFF8L)) {
            ram.set(PhysicalMemory.LONG, va + t[i + Tlb.DELTA], value);
            return;
        }
        storeSlow(va, value, 8);
    }

    /** Fetches a 16-bit instruction parcel (needs execute permission), zero-extended. */
    public int fetch16(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.EXEC] == (va & ~0xFFEL)) {
            return ram.get(PhysicalMemory.SHORT, va + t[i + Tlb.DELTA]) & 0xFFFF;
        }
        return (int) fetchSlow(va, 2);
    }

    /**
     * Fetches 32 bits of instruction at a 2-byte aligned address; the two halves may lie in
     * different pages, and so in different frames.
     */
    public int fetch32(long va) {
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + Tlb.EXEC] == (va & ~0xFFEL) && (va & MASK) <= PAGE - 4) {
            return ram.get(PhysicalMemory.INT, va + t[i + Tlb.DELTA]);
        }
        return (int) fetchSlow(va, 4);
    }

    // ------------------------------------------------------------------ the trap register

    /** True after a hot-path access that failed and was not performed, until {@link #clearTrap}. */
    public boolean trapped() {
        return trap != Fault.NONE;
    }

    /** Why the last trapped access failed; {@link Fault#NONE} if none is pending. */
    public Fault trapFault() {
        return trap;
    }

    /**
     * The RISC-V exception code of the pending trap: 12 instruction page fault, 13 load page
     * fault, 15 store/AMO page fault; 0 if none is pending.
     */
    public int trapCause() {
        if (trap == Fault.NONE) {
            return 0;
        }
        return switch (trapAccess) {
            case EXECUTE -> 12;
            case READ -> 13;
            case WRITE -> 15;
        };
    }

    /** The kind of access that trapped. */
    public Access trapAccess() {
        return trapAccess;
    }

    /** The virtual address that trapped (RISC-V's {@code stval}). */
    public long trapAddress() {
        return trapVa;
    }

    /** Forgets the pending trap. */
    public void clearTrap() {
        trap = Fault.NONE;
    }

    private void raise(long va, Access access) {
        trap = lastFault;
        trapVa = va;
        trapAccess = access;
    }

    // ------------------------------------------------------------------ slow paths

    private long loadSlow(long va, int size) {
        long pa = translate(va, Access.READ);
        if (pa < 0) {
            raise(va, Access.READ);
            return 0;
        }
        if ((va & MASK) + size <= PAGE) {
            return get(pa, size);
        }
        long next = (va | MASK) + 1;
        long pa2 = translate(next, Access.READ);
        if (pa2 < 0) {
            raise(next, Access.READ);
            return 0;
        }
        return crossing(va, pa, pa2, size);
    }

    private long fetchSlow(long va, int size) {
        long pa = translate(va, Access.EXECUTE);
        if (pa < 0) {
            raise(va, Access.EXECUTE);
            return 0;
        }
        if ((va & MASK) + size <= PAGE) {
            return get(pa, size);
        }
        long next = (va | MASK) + 1;
        long pa2 = translate(next, Access.EXECUTE);
        if (pa2 < 0) {
            raise(next, Access.EXECUTE);
            return 0;
        }
        return crossing(va, pa, pa2, size);
    }

    /** Assembles a little-endian value whose first bytes are at {@code pa}, the rest at {@code pa2}. */
    private long crossing(long va, long pa, long pa2, int size) {
        int first = PAGE - (int) (va & MASK);
        long value = 0;
        for (int b = 0; b < size; b++) {
            long at = b < first ? pa + b : pa2 + (b - first);
            value |= (long) (ram.get(PhysicalMemory.BYTE, at) & 0xFF) << (8 * b);
        }
        return value;
    }

    private long get(long pa, int size) {
        return switch (size) {
            case 1 -> ram.get(PhysicalMemory.BYTE, pa) & 0xFF;
            case 2 -> ram.get(PhysicalMemory.SHORT, pa) & 0xFFFF;
            case 4 -> ram.get(PhysicalMemory.INT, pa);
            default -> ram.get(PhysicalMemory.LONG, pa);
        };
    }

    private void storeSlow(long va, long value, int size) {
        // Translate every page first, so a fault on the second leaves the first untouched.
        long pa = translate(va, Access.WRITE);
        if (pa < 0) {
            raise(va, Access.WRITE);
            return;
        }
        if ((va & MASK) + size <= PAGE) {
            switch (size) {
                case 1 -> ram.set(PhysicalMemory.BYTE, pa, (byte) value);
                case 2 -> ram.set(PhysicalMemory.SHORT, pa, (short) value);
                case 4 -> ram.set(PhysicalMemory.INT, pa, (int) value);
                default -> ram.set(PhysicalMemory.LONG, pa, value);
            }
            return;
        }
        long next = (va | MASK) + 1;
        long pa2 = translate(next, Access.WRITE);
        if (pa2 < 0) {
            raise(next, Access.WRITE);
            return;
        }
        int first = PAGE - (int) (va & MASK);
        for (int b = 0; b < size; b++) {
            long at = b < first ? pa + b : pa2 + (b - first);
            ram.set(PhysicalMemory.BYTE, at, (byte) (value >>> (8 * b)));
        }
    }

    /**
     * The physical address {@code va} reaches for {@code access}, through the TLB or a walk
     * (resolving faults on the way); or -1 with {@code lastFault} saying why.
     */
    private long translate(long va, Access access) {
        int kind = switch (access) {
            case READ -> Tlb.READ;
            case WRITE -> Tlb.WRITE;
            case EXECUTE -> Tlb.EXEC;
        };
        long[] t = tlbe;
        int i = slot(va);
        if (t[i + kind] == (va & PAGE_BITS)) {
            return va + t[i + Tlb.DELTA];
        }
        return walkAndFill(va, access);
    }

    private long walkAndFill(long va, Access access) {
        misses++;
        if (tlb.missed()) {
            tlbe = tlb.e;
            mask = tlb.mask;
        }
        if (va < 0 || va >= userLimit) {
            // The upper half of the address space is the kernel's (U clear), and an address
            // that is not sign-extended is a page fault: either way, no user mapping.
            lastFault = Fault.MAPERR;
            lastFaultVa = va;
            return -1;
        }
        for (int attempt = 0; ; attempt++) {
            if (walk(va) && permits(walkPte, access)) {
                return fill(va, access);
            }
            assert attempt == 0 : "a resolved fault at 0x" + Long.toHexString(va) + " faults again";
            Fault f = resolver.resolve(va, access, walkSlot, walkSlot == PageTable.NO_SLOT ? 0 : walkPte);
            if (f != Fault.NONE) {
                lastFault = f;
                lastFaultVa = va;
                return -1;
            }
        }
    }

    /**
     * The page-table walk of the RISC-V privileged specification ("Virtual Address
     * Translation Process", Sv39 and Sv48), for a user-mode access. Leaves the leaf's
     * physical address in {@code walkSlot} and the entry in {@code walkPte}; returns false
     * at a page fault (with {@code walkSlot} the level-0 entry's address when the walk got
     * that far, else {@link PageTable#NO_SLOT}).
     */
    private boolean walk(long va) {
        walkSlot = PageTable.NO_SLOT;
        walkPte = 0;
        if (root < 0) {
            return false;
        }
        // Step 1: a = satp.ppn * PAGESIZE, i = LEVELS - 1.
        long a = root;
        for (int i = levels - 1; ; i--) {
            // Step 2: pte = the entry at a + va.vpn[i] * PTESIZE.
            long at = a + (((va >>> (PhysicalMemory.PAGE_SHIFT + 9 * i)) & (PageTable.ENTRIES - 1)) << 3);
            long pte = ram.get(PhysicalMemory.LONG, at);
            if (i == 0) {
                walkSlot = at;
            }
            walkPte = pte;
            // Step 3: pte.v = 0, or W without R, or reserved bits set: a page fault.
            if ((pte & Pte.V) == 0 || (pte & (Pte.R | Pte.W)) == Pte.W || (pte & Pte.RESERVED_MASK) != 0) {
                return false;
            }
            // Step 4: R or X set: a leaf (step 5). Otherwise a pointer to the next level;
            // below level 0 there is none.
            if ((pte & (Pte.R | Pte.X)) != 0) {
                walkSlot = at;
                // Step 6: a superpage's PPN must be aligned to its size. (This kernel makes
                // leaves at level 0 only; the check keeps the walk true to the format.)
                if (i > 0 && (Pte.frame(pte) & ((1 << (9 * i)) - 1)) != 0) {
                    return false;
                }
                if (i > 0) {
                    // Step 8 for a superpage: the lower PPN bits come from the address.
                    long ppn = Pte.frame(pte) | ((va >>> PhysicalMemory.PAGE_SHIFT) & ((1L << (9 * i)) - 1));
                    walkPte = (pte & ~Pte.PPN_MASK) | (ppn << Pte.PPN_SHIFT);
                }
                return true;
            }
            if (i == 0) {
                return false;
            }
            a = PhysicalMemory.address(Pte.frame(pte));
        }
    }

    /** Step 5: the leaf must allow the access in user mode (U set; R, W or X as asked). */
    private static boolean permits(long pte, Access access) {
        if ((pte & Pte.U) == 0) {
            return false;
        }
        return switch (access) {
            case READ -> (pte & Pte.R) != 0;
            case WRITE -> (pte & Pte.W) != 0;
            case EXECUTE -> (pte & Pte.X) != 0;
        };
    }

    /**
     * Step 7: set A, and D for a store, in the entry (as Svadu hardware does); step 8: the
     * physical address. Then cache the page in the TLB. A store into a frame watched for
     * decoded code reports it first, and write permission for a watched frame is never
     * cached, so that the next such store comes here too.
     */
    private long fill(long va, Access access) {
        long pte = walkPte;
        long updated = pte | Pte.A | (access == Access.WRITE ? Pte.D : 0);
        if (updated != pte && walkSlot != PageTable.NO_SLOT) {
            long stored = ram.get(PhysicalMemory.LONG, walkSlot);
            ram.set(PhysicalMemory.LONG, walkSlot, stored | Pte.A | (access == Access.WRITE ? Pte.D : 0));
        }
        int frame = Pte.frame(updated);
        if (access == Access.WRITE && pool.isWatched(frame)) {
            pool.codeWritten(frame);
            codeEpoch++;
        }
        long pagePa = PhysicalMemory.address(frame);
        boolean writable = (updated & (Pte.W | Pte.D)) == (Pte.W | Pte.D) && !pool.isWatched(frame);
        tlb.fill(va & PAGE_BITS, pagePa, (updated & Pte.R) != 0, writable, (updated & Pte.X) != 0);
        return pagePa | (va & MASK);
    }

    // ------------------------------------------------------------------ ranges (the kernel's access)

    /** The address at which the last failed access (of any kind) stopped. */
    public long lastFaultAddress() {
        return lastFaultVa;
    }

    /**
     * Copies {@code length} bytes at {@code va} into {@code dst}, page by page, with the same
     * translation (and faults) as loads. On a fault the bytes of earlier pages have been
     * copied.
     *
     * @return {@link Fault#NONE}, or why the copy stopped
     */
    public Fault read(long va, byte[] dst, int offset, int length) {
        int done = 0;
        while (done < length) {
            long a = va + done;
            long pa = translate(a, Access.READ);
            if (pa < 0) {
                return lastFault;
            }
            int n = Math.min(length - done, PAGE - (int) (a & MASK));
            MemorySegment.copy(ram, PhysicalMemory.BYTE, pa, dst, offset + done, n);
            done += n;
        }
        return Fault.NONE;
    }

    /**
     * Copies {@code length} bytes from {@code src} to {@code va}, page by page, as stores do:
     * a copy-on-write page is copied first. On a fault the bytes of earlier pages have been
     * written.
     *
     * @return {@link Fault#NONE}, or why the copy stopped
     */
    public Fault write(long va, byte[] src, int offset, int length) {
        int done = 0;
        while (done < length) {
            long a = va + done;
            long pa = translate(a, Access.WRITE);
            if (pa < 0) {
                return lastFault;
            }
            int n = Math.min(length - done, PAGE - (int) (a & MASK));
            MemorySegment.copy(src, offset + done, ram, PhysicalMemory.BYTE, pa, n);
            done += n;
        }
        return Fault.NONE;
    }

    /** Sets {@code length} bytes at {@code va} to {@code value}, as stores do. */
    public Fault fill(long va, long length, byte value) {
        long done = 0;
        while (done < length) {
            long a = va + done;
            long pa = translate(a, Access.WRITE);
            if (pa < 0) {
                return lastFault;
            }
            int n = (int) Math.min(length - done, PAGE - (a & MASK));
            ram.asSlice(pa, n).fill(value);
            done += n;
        }
        return Fault.NONE;
    }

    /**
     * Makes one access of the given kind to every page {@code [va, va+length)} touches,
     * changing no byte: faults pages in for reading, or for writing (breaking sharing).
     */
    public Fault touch(long va, long length, Access access) {
        if (length <= 0) {
            return Fault.NONE;
        }
        long last = (va + length - 1) & PAGE_BITS;
        for (long a = va & PAGE_BITS; ; a += PAGE) {
            if (translate(a, access) < 0) {
                return lastFault;
            }
            if (a == last) {
                return Fault.NONE;
            }
        }
    }

    /**
     * The entry that maps {@code va}, read from the page table without changing anything
     * (no fault, no TLB fill), or 0 if there is none.
     */
    public long entry(long va) {
        if (va < 0 || va >= userLimit) {
            return 0;
        }
        walk(va);
        return walkSlot != PageTable.NO_SLOT && Pte.mapsFrame(walkPte) ? walkPte : 0;
    }

    // ------------------------------------------------------------------ decoded code

    /**
     * The physical address {@code va} executes from, or -1 (with the trap register set) if
     * it may not be executed.
     */
    public long codeAddress(long va) {
        long pa = translate(va, Access.EXECUTE);
        if (pa < 0) {
            raise(va, Access.EXECUTE);
        }
        return pa;
    }

    /** The generation of a frame's bytes (see {@link FramePool#generation}). */
    public int codeGeneration(int frame) {
        return pool.generation(frame);
    }

    /**
     * Says that a CPU decoded code from {@code va}'s frame: the next store into that frame
     * bumps its generation. Does nothing if {@code va} is not executable.
     */
    public void watchCode(long va) {
        long pa = translate(va, Access.EXECUTE);
        if (pa < 0) {
            return;
        }
        int frame = (int) (pa >>> PhysicalMemory.PAGE_SHIFT);
        if (!pool.isWatched(frame)) {
            pool.watch(frame);
            // Only this address space can hold the frame writable: a frame mapped by two
            // entries is shared copy-on-write, and read-only in both.
            tlb.forbidWrite(va);
        }
    }

    /** Changes whenever an executable mapping of this address space changes or a watched frame is stored to. */
    public long codeEpoch() {
        return codeEpoch;
    }

    // ------------------------------------------------------------------ flushes (the kernel's side)

    /**
     * Forgets the translation of one page, after the kernel changed its entry.
     *
     * @param code true if the page was executable before the change (decoded code of it may
     *             be stale)
     */
    public void flush(long va, boolean code) {
        tlb.flush(va);
        if (code) {
            codeEpoch++;
        }
    }

    /** Forgets the translations of {@code [from, to)}; {@code code} as for {@link #flush}. */
    public void flushRange(long from, long to, boolean code) {
        tlb.flushRange(from, to);
        if (code) {
            codeEpoch++;
        }
    }

    /** Forgets every translation; {@code code} as for {@link #flush}. */
    public void flushAll(boolean code) {
        tlb.flushAll();
        if (code) {
            codeEpoch++;
        }
    }
}
