package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.mmu.Pte;
import dev.cowvm.mmu.Tlb;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.PhysicalMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * A process: an address space, and the loads and stores it makes.
 *
 * <h2>Accesses</h2>
 * Every access goes through the MMU. The word accessors ({@link #load64}, {@link #store64}
 * and their narrower siblings) are the hot path: a TLB hit is an array compare and one
 * load or store, with nothing allocated and nothing thrown. A miss walks the page table,
 * and a fault enters the kernel, which maps the page or kills the process. A fault is an
 * outcome, not an exception: after a load, check {@link #isAlive()}; stores return false.
 *
 * <p>The range accessors ({@link #read}, {@link #write}, {@link #fill}, {@link #touch}) are
 * what a kernel uses to reach a process's memory (system calls, the scenario language): the
 * same translation, page by page, so a write to a shared page breaks the sharing first.
 * They act as the process itself would, so an access outside its regions is a segmentation
 * fault that kills it; bytes before the faulting page have been transferred.
 *
 * <p>Using a process that is no longer running is a misuse and throws
 * {@link IllegalStateException}.
 */
public final class Process {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MASK = PhysicalMemory.PAGE_MASK;
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;

    private final int pid;
    final Kernel kernel;
    final Tlb tlb;
    final AddressSpace space;
    final long[] counts = new long[Counter.values().length];
    Process parent;
    final List<Process> children = new ArrayList<>();
    ProcessStatus status = ProcessStatus.RUNNING;
    int exitCode;
    String deathReason = "";
    boolean reaped;

    Process(Kernel kernel, int pid, Process parent, PagingMode mode) {
        this.kernel = kernel;
        this.pid = pid;
        this.parent = parent;
        this.tlb = new Tlb(kernel.config().tlbEntries());
        this.space = new AddressSpace(kernel, this, kernel.pageTable(mode));
    }

    // ---------------------------------------------------------------- identity and life

    /** The process id; ids are never reused. */
    public int pid() {
        return pid;
    }

    /** The parent, or null for a spawned process (or an orphan whose adopter is gone). */
    public Process parent() {
        return parent;
    }

    /** Children not yet reaped, oldest first. */
    public List<Process> children() {
        return Collections.unmodifiableList(new ArrayList<>(children));
    }

    /** Running, or how it ended. */
    public ProcessStatus status() {
        return status;
    }

    /** True while running. */
    public boolean isAlive() {
        return status == ProcessStatus.RUNNING;
    }

    /** True once it has ended and no one has reaped it yet. */
    public boolean isZombie() {
        return status != ProcessStatus.RUNNING && !reaped;
    }

    /** True once it has been reaped (by its parent's wait, or at exit if it had no parent). */
    public boolean isReaped() {
        return reaped;
    }

    /** The code given to exit; for a killed process 128 plus the signal, as shells report. */
    public int exitCode() {
        return exitCode;
    }

    /** Why the process ended, in words (for a segmentation fault: where and what); empty while running. */
    public String deathReason() {
        return deathReason;
    }

    /** The page-table format of this process. */
    public PagingMode pagingMode() {
        return space.mode();
    }

    // ---------------------------------------------------------------- the hot path

    /** Loads a byte; returns 0 if the access killed the process. */
    public int load8(long va) {
        byte[] page = tlb.forRead(va);
        if (page == null) {
            page = translate(va, Access.READ);
            if (page == null) {
                return 0;
            }
        }
        return page[(int) va & MASK] & 0xFF;
    }

    /** Loads a little-endian 16-bit value; returns 0 if the access killed the process. */
    public int load16(long va) {
        byte[] page = tlb.forRead(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 2) {
            return (short) SHORT.get(page, off) & 0xFFFF;
        }
        return (int) loadSlowPath(va, 2);
    }

    /** Loads a little-endian 32-bit value; returns 0 if the access killed the process. */
    public int load32(long va) {
        byte[] page = tlb.forRead(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 4) {
            return (int) INT.get(page, off);
        }
        return (int) loadSlowPath(va, 4);
    }

    /** Loads a little-endian 64-bit value; returns 0 if the access killed the process. */
    public long load64(long va) {
        byte[] page = tlb.forRead(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 8) {
            return (long) LONG.get(page, off);
        }
        return loadSlowPath(va, 8);
    }

    /** Stores a byte; false if the access killed the process. */
    public boolean store8(long va, int value) {
        byte[] page = tlb.forWrite(va);
        if (page == null) {
            page = translate(va, Access.WRITE);
            if (page == null) {
                return false;
            }
        }
        page[(int) va & MASK] = (byte) value;
        return true;
    }

    /** Stores a little-endian 16-bit value; false if the access killed the process. */
    public boolean store16(long va, int value) {
        byte[] page = tlb.forWrite(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 2) {
            SHORT.set(page, off, (short) value);
            return true;
        }
        return storeSlowPath(va, value, 2);
    }

    /** Stores a little-endian 32-bit value; false if the access killed the process. */
    public boolean store32(long va, int value) {
        byte[] page = tlb.forWrite(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 4) {
            INT.set(page, off, value);
            return true;
        }
        return storeSlowPath(va, value, 4);
    }

    /** Stores a little-endian 64-bit value; false if the access killed the process. */
    public boolean store64(long va, long value) {
        byte[] page = tlb.forWrite(va);
        int off = (int) va & MASK;
        if (page != null && off <= PAGE - 8) {
            LONG.set(page, off, value);
            return true;
        }
        return storeSlowPath(va, value, 8);
    }

    /** A miss, or a value that crosses into the next page: byte by byte, each translated. */
    private long loadSlowPath(long va, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            long a = va + i;
            byte[] page = tlb.forRead(a);
            if (page == null) {
                page = translate(a, Access.READ);
                if (page == null) {
                    return 0;
                }
            }
            value |= (long) (page[(int) a & MASK] & 0xFF) << (8 * i);
        }
        return value;
    }

    private boolean storeSlowPath(long va, long value, int size) {
        // Translate every page first, so a fault on the second page leaves the first untouched.
        byte[] first = tlb.forWrite(va);
        if (first == null && (first = translate(va, Access.WRITE)) == null) {
            return false;
        }
        long lastByte = va + size - 1;
        byte[] second = first;
        if ((lastByte >>> PhysicalMemory.PAGE_SHIFT) != (va >>> PhysicalMemory.PAGE_SHIFT)) {
            second = translate(lastByte, Access.WRITE);
            if (second == null) {
                return false;
            }
        }
        for (int i = 0; i < size; i++) {
            long a = va + i;
            byte[] page = ((a ^ va) >>> PhysicalMemory.PAGE_SHIFT) == 0 ? first : second;
            page[(int) a & MASK] = (byte) (value >>> (8 * i));
        }
        return true;
    }

    /** The slow path: walk, fault if needed, fill the TLB. Null if the process died. */
    byte[] translate(long va, Access access) {
        checkRunning();
        return kernel.faults.translate(this, va, access);
    }

    // ---------------------------------------------------------------- ranges (kernel access)

    /** Reads {@code length} bytes at {@code va} into {@code dst}; false if the process died. */
    public boolean read(long va, byte[] dst, int offset, int length) {
        checkRunning();
        java.util.Objects.checkFromIndexSize(offset, length, dst.length);
        int done = 0;
        while (done < length) {
            long a = va + done;
            byte[] page = tlb.forRead(a);
            if (page == null && (page = translate(a, Access.READ)) == null) {
                return false;
            }
            int off = (int) a & MASK;
            int n = Math.min(length - done, PAGE - off);
            System.arraycopy(page, off, dst, offset + done, n);
            done += n;
        }
        return true;
    }

    /** Reads {@code length} bytes at {@code va}; null if the access killed the process. */
    public byte[] read(long va, int length) {
        byte[] out = new byte[length];
        return read(va, out, 0, length) ? out : null;
    }

    /** Writes {@code length} bytes from {@code src} at {@code va}; false if the process died. */
    public boolean write(long va, byte[] src, int offset, int length) {
        checkRunning();
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        int done = 0;
        while (done < length) {
            long a = va + done;
            byte[] page = tlb.forWrite(a);
            if (page == null && (page = translate(a, Access.WRITE)) == null) {
                return false;
            }
            int off = (int) a & MASK;
            int n = Math.min(length - done, PAGE - off);
            System.arraycopy(src, offset + done, page, off, n);
            done += n;
        }
        return true;
    }

    /** Writes all of {@code src} at {@code va}; false if the process died. */
    public boolean write(long va, byte[] src) {
        return write(va, src, 0, src.length);
    }

    /** Sets {@code length} bytes at {@code va} to {@code value}; false if the process died. */
    public boolean fill(long va, long length, byte value) {
        checkRunning();
        checkLength(length);
        long done = 0;
        while (done < length) {
            long a = va + done;
            byte[] page = tlb.forWrite(a);
            if (page == null && (page = translate(a, Access.WRITE)) == null) {
                return false;
            }
            int off = (int) a & MASK;
            int n = (int) Math.min(length - done, PAGE - off);
            java.util.Arrays.fill(page, off, off + n, value);
            done += n;
        }
        return true;
    }

    /**
     * Makes one access of the given kind to every page that {@code [va, va+length)} touches,
     * changing no byte: faults pages in for reading, or for writing (breaking sharing).
     * False if the process died.
     */
    public boolean touch(long va, long length, Access access) {
        checkRunning();
        checkLength(length);
        if (length == 0) {
            return true;
        }
        long first = va & -PAGE;
        long last = (va + length - 1) & -PAGE;
        for (long a = first; a <= last && a >= first; a += PAGE) {
            byte[] page = switch (access) {
                case READ -> tlb.forRead(a);
                case WRITE -> tlb.forWrite(a);
                case EXECUTE -> tlb.forExecute(a);
            };
            if (page == null && translate(a, access) == null) {
                return false;
            }
        }
        return true;
    }

    private static void checkLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " must not be negative");
        }
    }

    // ---------------------------------------------------------------- regions

    /**
     * Maps an anonymous region (mmap with {@code MAP_PRIVATE | MAP_ANONYMOUS}). No frame is
     * used until a page is touched.
     *
     * @param addr       a page-aligned address, or 0 to let the kernel choose (the lowest
     *                   free range at or above {@link AddressLayout#MMAP_BASE})
     * @param length     bytes, rounded up to whole pages
     * @param protection what the process may do there
     * @param name       a label shown in tables (like Linux's anonymous VMA names); names in
     *                   brackets are reserved for the kernel
     * @return the region's start
     * @throws IllegalArgumentException if the address is unaligned, outside user space, or
     *                                  overlaps a region (MAP_FIXED_NOREPLACE semantics)
     */
    public long map(long addr, long length, Protection protection, String name) {
        checkRunning();
        return space.map(addr, length, protection, name);
    }

    /**
     * Unmaps {@code [addr, addr+length)}: drops the pages, splits regions it cuts, frees page
     * tables left empty. Unmapping a hole is not an error (as munmap).
     */
    public void unmap(long addr, long length) {
        checkRunning();
        space.unmap(addr, length);
    }

    /** Changes the protection of {@code [addr, addr+length)}, which must be mapped (mprotect). */
    public void protect(long addr, long length, Protection protection) {
        checkRunning();
        space.protect(addr, length, protection);
    }

    /**
     * Moves the program break (sbrk). The heap is the region named {@value Region#HEAP},
     * starting at {@link AddressLayout#HEAP_BASE}.
     *
     * @return the previous break, or empty if the move was refused (nothing changed)
     */
    public OptionalLong sbrk(long increment) {
        checkRunning();
        long old = space.sbrk(increment);
        return old < 0 ? OptionalLong.empty() : OptionalLong.of(old);
    }

    /** The current program break. */
    public long brk() {
        return space.brk;
    }

    /** The regions, in address order. */
    public List<Region> regions() {
        return space.regions.asList();
    }

    /** The region containing {@code va}, or null. */
    public Region regionAt(long va) {
        return space.regions.find(va);
    }

    // ---------------------------------------------------------------- observation

    /** RSS, PSS, USS and shared/private pages, as Linux's smaps defines them. */
    public MemoryUsage memoryUsage() {
        return kernel.usage(this);
    }

    /**
     * The counters of this process: faults it took, frames allocated for it, pages copied
     * for it, forks it made. Gauges: {@code pageTablePages} (its tables) and
     * {@code framesInUse} (the frames it maps plus its tables).
     */
    public Stats stats() {
        long[] v = counts.clone();
        v[Counter.PAGE_TABLE_PAGES.ordinal()] = space.tablePages;
        v[Counter.FRAMES_IN_USE.ordinal()] = space.tablePages + space.residentPages;
        return new Stats(v);
    }

    /** Its page-table entries that own a frame or map the zero page, in address order. */
    public List<PageMapping> mappings() {
        List<PageMapping> out = new ArrayList<>();
        if (space.root >= 0) {
            space.pageTable.forEachLeaf(space.root, 0, space.mode().userLimit(),
                    (va, slot, pte) -> out.add(new PageMapping(va, Pte.frame(pte), pte)));
        }
        return out;
    }

    /** The page-table pages, root first, each with its level (the root's is the highest). */
    public List<PageTablePage> pageTablePages() {
        List<PageTablePage> out = new ArrayList<>();
        if (space.root >= 0) {
            space.pageTable.forEachTable(space.root, (frame, level, base) -> out.add(new PageTablePage(frame, level, base)));
        }
        return out;
    }

    /** The root page table's frame (what RISC-V's satp register would point at), or -1. */
    public int rootFrame() {
        return space.root;
    }

    /** True if the TLB caches a translation of the page containing {@code va}. */
    public boolean tlbHolds(long va) {
        return tlb.holds(va >>> PhysicalMemory.PAGE_SHIFT);
    }

    /** True if the TLB allows a store to the page containing {@code va} without a walk. */
    public boolean tlbHoldsWritable(long va) {
        return tlb.holdsWritable(va >>> PhysicalMemory.PAGE_SHIFT);
    }

    void checkRunning() {
        if (status != ProcessStatus.RUNNING) {
            throw new IllegalStateException("process " + pid + " is not running (" + status.label() + ")");
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + status.label() + ")";
    }
}
