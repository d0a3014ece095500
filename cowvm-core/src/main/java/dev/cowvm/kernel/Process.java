package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.Fault;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.PhysicalMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A process: an address space, and the accesses made to it.
 *
 * <h2>Three ways to reach its memory</h2>
 * <ul>
 *   <li><b>The MMU</b> ({@link #mmu()}): loads, stores and instruction fetches of 1 to 8
 *       bytes, the hot path a CPU lives on. A fault is recorded in the MMU's trap register
 *       and the caller decides what follows.</li>
 *   <li><b>As the process itself</b> ({@link #read}, {@link #write}, {@link #fill},
 *       {@link #touch}): what a scenario's statements do. The same translation, page by
 *       page, so a write to a shared page breaks the sharing first; an access a process
 *       may not make is a segmentation fault that kills it, as running out of frames
 *       does. The result says so ({@link Failure#SEGV}, {@link Failure#OOM}); bytes before
 *       the faulting page have been transferred.</li>
 *   <li><b>As the kernel, for a system call</b> ({@link #copyIn}, {@link #copyOut}): the
 *       same translation and the same copy-on-write breaks, but a bad address is
 *       {@link Failure#FAULT} (EFAULT) and the process lives on, as Linux's
 *       {@code copy_to_user} and xv6's {@code copyout} behave.</li>
 * </ul>
 * Operations on its address space ({@link #map}, {@link #unmap}, {@link #protect},
 * {@link #sbrk}) return a {@link Result}: a bad argument or a lack of memory is a value,
 * never an exception. Using a process that is no longer running is a misuse of the library
 * and throws {@link IllegalStateException}.
 *
 * <p>The name follows the slide and the Unix tradition; Linux's own code says "task" and
 * xv6's "proc". Beware {@code java.lang.Process}: import this one by name, not with a
 * wildcard.
 */
public final class Process {
    private final int pid;
    final Kernel kernel;
    AddressSpace space;
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
        this.space = new AddressSpace(kernel, this, kernel.pageTable(mode));
    }

    /** A process in an address space it shares (see {@link Kernel#vfork}). */
    Process(Kernel kernel, int pid, Process parent, AddressSpace shared) {
        this.kernel = kernel;
        this.pid = pid;
        this.parent = parent;
        this.space = shared;
    }

    /**
     * True while this process shares its address space with another (after
     * {@link Kernel#vfork}, until one of them execs or ends).
     */
    public boolean sharesMemory() {
        return space.users.size() > 1;
    }

    // ---------------------------------------------------------------- identity and life

    /** The process id; ids are never reused. */
    public int pid() {
        return pid;
    }

    /** The parent, or empty for a spawned process (or an orphan whose adopter is gone). */
    public Optional<Process> parent() {
        return Optional.ofNullable(parent);
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

    /**
     * The code given to exit; for a killed process 128 plus the signal, as shells report.
     * Meaningless while it runs.
     */
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

    // ---------------------------------------------------------------- the MMU

    /**
     * The MMU every access of this process goes through: the hot path for a CPU (see
     * {@link Mmu}). A process that has ended has no page table, so every access traps.
     */
    public Mmu mmu() {
        return space.mmu;
    }

    // ---------------------------------------------------------------- as the process itself

    /**
     * Reads {@code length} bytes at {@code va} into {@code dst}, as the process's own loads
     * would.
     *
     * @return done, or {@link Failure#SEGV} / {@link Failure#OOM} after killing the process,
     *         or {@link Failure#INVALID} if the range wraps past the end of the address
     *         space (nothing read, the process unharmed)
     */
    public Result<Void> read(long va, byte[] dst, int offset, int length) {
        checkRunning();
        Objects.checkFromIndexSize(offset, length, dst.length);
        Result<Void> range = checkRange(va, length);
        return range.isOk() ? asProcess(space.mmu.read(va, dst, offset, length), va, length, Access.READ) : range;
    }

    /** Reads {@code length} bytes at {@code va}, as {@link #read(long, byte[], int, int)}. */
    public Result<byte[]> read(long va, int length) {
        byte[] out = new byte[length];
        Result<Void> r = read(va, out, 0, length);
        return r.isOk() ? Result.ok(out) : r.asFailure();
    }

    /**
     * Writes {@code length} bytes from {@code src} at {@code va}, as the process's own stores
     * would: a copy-on-write page is copied first.
     *
     * @return done, or a failure as for {@link #read(long, byte[], int, int)}
     */
    public Result<Void> write(long va, byte[] src, int offset, int length) {
        checkRunning();
        Objects.checkFromIndexSize(offset, length, src.length);
        Result<Void> range = checkRange(va, length);
        return range.isOk() ? asProcess(space.mmu.write(va, src, offset, length), va, length, Access.WRITE) : range;
    }

    /** Writes all of {@code src} at {@code va}. */
    public Result<Void> write(long va, byte[] src) {
        return write(va, src, 0, src.length);
    }

    /** Sets {@code length} bytes at {@code va} to {@code value}, as the process's stores would. */
    public Result<Void> fill(long va, long length, byte value) {
        checkRunning();
        Result<Void> range = checkRange(va, length);
        return range.isOk() ? asProcess(space.mmu.fill(va, length, value), va, length, Access.WRITE) : range;
    }

    /**
     * Makes one access of the given kind to every page that {@code [va, va+length)} touches,
     * changing no byte: faults pages in for reading, or for writing (breaking sharing).
     */
    public Result<Void> touch(long va, long length, Access access) {
        checkRunning();
        Result<Void> range = checkRange(va, length);
        return range.isOk() ? asProcess(space.mmu.touch(va, length, access), va, length, access) : range;
    }

    private Result<Void> asProcess(Fault fault, long va, long length, Access access) {
        if (fault == Fault.NONE) {
            return Result.done();
        }
        return kernel.killForFault(this, fault, Math.max(va, space.mmu.lastFaultAddress()), access);
    }

    private static Result<Void> checkRange(long va, long length) {
        if (length < 0) {
            return Result.err(Failure.INVALID, "length " + length + " is negative");
        }
        if (length > 0 && va + length - 1 < va) {
            return Result.err(Failure.INVALID, String.format(
                    "[0x%x, +%d bytes) wraps past the end of the address space", va, length));
        }
        return Result.done();
    }

    // ---------------------------------------------------------------- as the kernel (system calls)

    /**
     * Copies {@code length} bytes of the process's memory at {@code va} into {@code dst}, as
     * a system call reads its arguments (Linux's {@code copy_from_user}). The process is not
     * harmed by a bad address.
     *
     * @return done, or {@link Failure#FAULT} (bytes before the bad page copied), or
     *         {@link Failure#NO_MEMORY} if a page needed a frame the pool did not have
     */
    public Result<Void> copyIn(long va, byte[] dst, int offset, int length) {
        checkRunning();
        Objects.checkFromIndexSize(offset, length, dst.length);
        return asKernel(checkRange(va, length).isOk() ? space.mmu.read(va, dst, offset, length) : Fault.MAPERR,
                va, length);
    }

    /**
     * Copies {@code length} bytes of {@code src} into the process's memory at {@code va}, as
     * a system call writes its results (Linux's {@code copy_to_user}): exactly as a store by
     * the process, so a copy-on-write page is copied first. The process is not harmed by a
     * bad address.
     *
     * @return done, or a failure as for {@link #copyIn}
     */
    public Result<Void> copyOut(long va, byte[] src, int offset, int length) {
        checkRunning();
        Objects.checkFromIndexSize(offset, length, src.length);
        return asKernel(checkRange(va, length).isOk() ? space.mmu.write(va, src, offset, length) : Fault.MAPERR,
                va, length);
    }

    private Result<Void> asKernel(Fault fault, long va, long length) {
        long at = Math.max(va, space.mmu.lastFaultAddress());
        return switch (fault) {
            case NONE -> Result.done();
            case OOM -> Result.err(Failure.NO_MEMORY, String.format(
                    "copying [0x%x, +%d bytes) needed a frame at 0x%x and the pool was empty", va, length, at));
            case MAPERR, ACCERR -> Result.err(Failure.FAULT, String.format(
                    "[0x%x, +%d bytes) is not accessible at 0x%x", va, length, at));
        };
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
     * @return the region's start; or {@link Failure#INVALID} (unaligned, empty, outside user
     *         space, a reserved name), {@link Failure#EXISTS} (overlaps a region, as
     *         MAP_FIXED_NOREPLACE), {@link Failure#NO_MEMORY} (no free range, too many
     *         regions)
     */
    public Result<Long> map(long addr, long length, Protection protection, String name) {
        checkRunning();
        Objects.requireNonNull(protection, "protection");
        return space.map(addr, length, protection, name);
    }

    /**
     * Maps an anonymous region at exactly {@code addr}, replacing whatever was mapped there
     * (mmap with {@code MAP_FIXED}): the pages in the way are unmapped first, all or nothing.
     *
     * @return {@code addr}; or a failure as for {@link #map}, with nothing changed
     */
    public Result<Long> mapReplacing(long addr, long length, Protection protection, String name) {
        checkRunning();
        Objects.requireNonNull(protection, "protection");
        if (addr == 0) {
            return Result.err(Failure.INVALID, "a fixed mapping needs an address");
        }
        return space.map(addr, length, protection, name, true);
    }

    /**
     * Drops the pages of {@code [addr, addr+length)} but keeps its regions
     * (madvise {@code MADV_DONTNEED}): frames go back to the pool, and the next touch of a
     * page finds it never touched (zero).
     *
     * @return the page references dropped; or {@link Failure#INVALID} for a bad range,
     *         {@link Failure#NO_MEMORY} if part of it is not mapped
     */
    public Result<Long> discard(long addr, long length) {
        checkRunning();
        return space.discard(addr, length);
    }

    /**
     * Resizes the region at {@code [addr, addr+oldLength)} (mremap): shrinks it, grows it in
     * place, or, with {@code mayMove} ({@code MREMAP_MAYMOVE}), moves it whole to a free
     * range: page-table entries move, frames and bytes stay (nothing is copied).
     *
     * @return the region's start after; or {@link Failure#INVALID} (not within one region, a
     *         bad length), {@link Failure#NO_MEMORY} (no room), with nothing changed
     */
    public Result<Long> remap(long addr, long oldLength, long newLength, boolean mayMove) {
        checkRunning();
        return space.remap(addr, oldLength, newLength, mayMove);
    }

    /**
     * Maps a region of a program image, or of the layout a loader builds around it, at a
     * fixed address: for an exec loader, not for a guest's mmap. It differs from
     * {@link #map} in two ways: the address may lie below
     * {@link AddressLayout#MIN_MAP_ADDRESS}, down to 0 (xv6 links its programs at address
     * 0), and the name may be one of the kernel's in brackets ({@code [stack]}); only
     * {@value Region#HEAP}, which {@link #sbrk} owns, is refused. No frame is used until a
     * page is touched.
     *
     * @return the region's start ({@code addr}); or {@link Failure#INVALID} (unaligned,
     *         empty, outside user space, a bad name), {@link Failure#EXISTS} (overlaps a
     *         region), {@link Failure#NO_MEMORY} (too many regions)
     */
    public Result<Long> mapImage(long addr, long length, Protection protection, String name) {
        checkRunning();
        Objects.requireNonNull(protection, "protection");
        return space.mapImage(addr, length, protection, name);
    }

    /**
     * Unmaps {@code [addr, addr+length)}: drops the pages, splits regions it cuts, frees page
     * tables left empty. Unmapping a hole is not an error (as munmap).
     *
     * @return done; or {@link Failure#INVALID} for a bad range, {@link Failure#NO_MEMORY} if
     *         the split would pass the region limit (nothing changed)
     */
    public Result<Void> unmap(long addr, long length) {
        checkRunning();
        return space.unmap(addr, length);
    }

    /**
     * Changes the protection of {@code [addr, addr+length)} (mprotect).
     *
     * @return done; or {@link Failure#INVALID} for a bad range, {@link Failure#NO_MEMORY} if
     *         part of it is not mapped or the split would pass the region limit
     */
    public Result<Void> protect(long addr, long length, Protection protection) {
        checkRunning();
        Objects.requireNonNull(protection, "protection");
        return space.protect(addr, length, protection);
    }

    /**
     * Moves the program break (sbrk). The heap is the region named {@value Region#HEAP},
     * starting at {@link #heapStart()}; shrinking it gives its frames back.
     *
     * @return the previous break, or {@link Failure#NO_MEMORY} if the move was refused
     *         (nothing changed)
     */
    public Result<Long> sbrk(long increment) {
        checkRunning();
        return space.sbrk(increment);
    }

    /** The current program break. */
    public long brk() {
        return space.brk;
    }

    /**
     * Where the heap begins: {@link AddressLayout#HEAP_BASE}, unless a program loader placed
     * it after its image with {@link #startHeap}. The break never moves below it.
     */
    public long heapStart() {
        return space.heapStart;
    }

    /**
     * Places the start of the heap, and the break, at {@code start}: for an exec loader,
     * which puts the heap after the program's last segment as xv6 and Linux do. Allowed
     * only while the heap is empty (after spawn or exec, before the first growth); fork
     * copies it, exec resets it to {@link AddressLayout#HEAP_BASE}.
     *
     * @return done, or {@link Failure#INVALID} if {@code start} is not page-aligned, lies
     *         outside user space or inside a region, or the heap has already grown
     */
    public Result<Void> startHeap(long start) {
        checkRunning();
        return space.startHeap(start);
    }

    /** The regions, in address order. */
    public List<Region> regions() {
        return space.regions.asList();
    }

    /** The region containing {@code va}, if any. */
    public Optional<Region> regionAt(long va) {
        return Optional.ofNullable(space.regions.find(va));
    }

    // ---------------------------------------------------------------- observation

    /**
     * RSS, PSS, USS, shared and private bytes, as Linux's {@code smaps_rollup} gives them.
     * A process that has ended has none ({@link MemoryUsage#NONE}).
     */
    public MemoryUsage memoryUsage() {
        return isAlive() ? kernel.usage(this) : MemoryUsage.NONE;
    }

    /**
     * The memory of each region, in address order, as Linux's {@code /proc/PID/smaps} lists
     * it; empty for a process that has ended.
     */
    public List<RegionUsage> smaps() {
        return isAlive() ? kernel.usageByRegion(this) : List.of();
    }

    /**
     * The counters of this process: faults it took, frames allocated for it, pages copied
     * for it, forks it made. Gauges: {@code pageTablePages} (its tables) and
     * {@code framesInUse} (the frames it maps plus its tables).
     */
    public Stats stats() {
        long[] v = counts.clone();
        v[Counter.TLB_MISSES.ordinal()] = space.mmu.misses();
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

    /**
     * The page-table entry that maps the page of {@code va}, read without changing anything
     * (no fault, no TLB fill).
     */
    public Optional<PageMapping> mapping(long va) {
        long page = va & ~(long) PhysicalMemory.PAGE_MASK;
        long pte = space.mmu.entry(page);
        return pte == 0 ? Optional.empty() : Optional.of(new PageMapping(page, Pte.frame(pte), pte));
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
        return space.mmu.tlb().holds(va);
    }

    /** True if the TLB allows a store to the page containing {@code va} without a walk. */
    public boolean tlbHoldsWritable(long va) {
        return space.mmu.tlb().holdsWritable(va);
    }

    void checkRunning() {
        kernel.checkOpen();
        if (status != ProcessStatus.RUNNING) {
            throw new IllegalStateException("process " + pid + " is not running (" + status.label() + ")");
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + status.label() + ")";
    }
}
