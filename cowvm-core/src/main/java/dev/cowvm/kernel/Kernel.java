package dev.cowvm.kernel;

import dev.cowvm.mmu.PageTable;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.Fault;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.KernelListener;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.FrameObserver;
import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The kernel: physical memory, processes, and the system calls that create, change and end
 * them. The entry point of the library.
 *
 * <pre>{@code
 * try (Kernel kernel = new Kernel(KernelConfig.defaults())) {
 *     Process shell = kernel.spawn().orElseThrow();
 *     long heap = shell.map(0, 1 << 20, Protection.RW, "heap").orElseThrow();
 *     shell.write(heap, "hello".getBytes(StandardCharsets.US_ASCII));
 *     Process child = kernel.fork(shell).orElseThrow();   // nothing copied
 *     child.write(heap, "HELLO".getBytes(StandardCharsets.US_ASCII)); // one page copied
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>One thread at a time uses a kernel; run several kernels for parallel work.</li>
 *   <li>Deterministic: the same calls give the same frames, counts and events.</li>
 *   <li>Whatever the guest or the caller's data can cause is a {@link Result}: running out
 *       of memory ({@link #spawn}, {@link #fork} return {@link Failure#NO_MEMORY}), a bad
 *       address, a wait for a child that does not exist. Misuse of the library (a dead
 *       process, another kernel's process, a closed kernel) throws
 *       {@link IllegalArgumentException} or {@link IllegalStateException}.</li>
 *   <li>{@link #checkInvariants()} verifies every frame's accounting at any moment.</li>
 *   <li>Physical memory is host memory outside the Java heap; {@link #close} gives it back
 *       at once (otherwise the garbage collector does, later).</li>
 * </ul>
 * Where this class is silent it does what Linux does: orphans are adopted by the first
 * process (pid 1, "init"), or by the process {@link #setInit} chose; if there is no init,
 * or it is gone, they have no parent and are reaped as they end.
 */
public final class Kernel implements AutoCloseable {
    private final KernelConfig config;
    final PhysicalMemory memory;
    final FramePool pool;
    private final Map<PagingMode, PageTable> pageTables = new EnumMap<>(PagingMode.class);
    private final TreeMap<Integer, Process> table = new TreeMap<>();
    private final long[] counts = new long[Counter.values().length];
    private final List<KernelListener> listeners = new ArrayList<>();
    private final List<String> listenerFailures = new ArrayList<>();
    boolean observed;
    int pageTablePages;
    private long deadMisses;
    private int nextPid = 1;
    private Process init;
    private boolean initChosen;

    /** Boots a machine: allocates nothing in proportion to its size. */
    public Kernel(KernelConfig config) {
        this.config = config;
        this.memory = new PhysicalMemory(config.frames());
        long backable = Math.max(1, config.hostMemoryLimit() / PhysicalMemory.PAGE_SIZE);
        this.pool = new FramePool(memory, config.zeroPolicy(), (int) Math.min(backable, FramePool.MAX_FRAMES));
        for (PagingMode m : PagingMode.values()) {
            pageTables.put(m, new PageTable(memory, m));
        }
    }

    /** The configuration it was built with. */
    public KernelConfig config() {
        return config;
    }

    /**
     * Warnings a front end should show, for example that the zeroing policy leaks data
     * between processes. Empty for a safe configuration.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!config.zeroPolicy().isSecure()) {
            out.add("zero policy 'none' is insecure: freed frames are handed out with their old"
                    + " contents, so one process can read another's data");
        }
        out.addAll(memory.warnings());
        out.addAll(listenerFailures);
        return out;
    }

    PageTable pageTable(PagingMode mode) {
        return pageTables.get(mode);
    }

    // ---------------------------------------------------------------- system calls

    /** A new process with an empty address space and no parent, in the configured format. */
    public Result<Process> spawn() {
        return spawn(config.pagingMode());
    }

    /**
     * A new process with an empty address space and no parent. It needs one frame (its root
     * page table).
     *
     * @return the process, or {@link Failure#NO_MEMORY} if the pool has no frame
     */
    public Result<Process> spawn(PagingMode mode) {
        checkOpen();
        if (pool.available() < 1) {
            return Result.err(Failure.NO_MEMORY, "spawn needs a frame for the page table and the pool is empty");
        }
        Process p = newProcess(null, mode);
        boolean made = p.space.createRoot();
        assert made;
        count(p, Counter.SPAWNS);
        if (observed) {
            emit(new KernelEvent.Spawned(p.pid()));
        }
        return Result.ok(p);
    }

    /** fork in the configured mode. */
    public Result<Process> fork(Process parent) {
        return fork(parent, config.forkMode());
    }

    /**
     * Creates a child whose memory equals the parent's. In {@link ForkMode#COW} no data is
     * copied; in {@link ForkMode#COPY} every present page is.
     *
     * @return the child, or {@link Failure#NO_MEMORY} if the pool lacks the frames it needs
     *         (nothing changed)
     */
    public Result<Process> fork(Process parent, ForkMode mode) {
        check(parent).checkRunning();
        return Fork.run(this, parent, mode);
    }

    /**
     * vfork, or Linux's {@code clone(CLONE_VM | CLONE_VFORK)}: a child that <em>shares</em>
     * the parent's address space. Nothing is copied and no page table is built: the two
     * use one page table, one set of frames and one MMU, and a write by either is seen by
     * both. This is fork-then-exec without any copying, done the way real systems do it; the
     * caller (an operating-system layer with a scheduler) suspends the parent until the
     * child calls {@link #exec} (which gives the child a new address space of its own) or
     * ends (which leaves the space to the parent). Faults while they share are charged to
     * the child, which is the one running.
     *
     * @return the child; never fails for lack of memory, since it takes none
     */
    public Result<Process> vfork(Process parent) {
        check(parent).checkRunning();
        Process child = newProcess(parent, parent.space);
        parent.space.users.addLast(child);
        parent.space.owner = child;
        count(parent, Counter.VFORKS);
        count(parent, Counter.NAIVE_COPY_PAGES, parent.space.residentPages);
        if (observed) {
            emit(new KernelEvent.VForked(parent.pid(), child.pid()));
        }
        return Result.ok(child);
    }

    /**
     * Replaces the process's image with a new, empty one: every region unmapped, every
     * reference dropped, nothing copied; the TLB flushed. A process that shares its address
     * space (see {@link #vfork}) leaves it to the others instead and gets a space of its
     * own, which needs a frame for its root table.
     *
     * @return done, or {@link Failure#NO_MEMORY} if a sharer found no frame for its own root
     *         (nothing changed)
     */
    public Result<Void> exec(Process p) {
        check(p).checkRunning();
        if (p.space.users.size() > 1) {
            if (pool.available() < 1) {
                return Result.err(Failure.NO_MEMORY, "exec needs a frame for a page table of its own and the pool"
                        + " is empty");
            }
            detach(p);
            boolean made = p.space.createRoot();
            assert made : "a frame was checked";
            count(p, Counter.EXECS);
            if (observed) {
                emit(new KernelEvent.Execed(p.pid(), 0));
            }
            return Result.done();
        }
        boolean code = p.space.regions.anyExecutable(0, p.space.mode().userLimit());
        long released = p.space.destroy();
        boolean made = p.space.createRoot();
        assert made : "the old root was just freed";
        if (code) {
            p.space.mmu.flushAll(true);
        }
        count(p, Counter.EXECS);
        if (observed) {
            emit(new KernelEvent.Execed(p.pid(), released));
        }
        return Result.done();
    }

    /**
     * Takes a process out of an address space it shares, leaving it to the others (the last
     * to have joined before it runs on), and gives it an empty space with no table yet.
     */
    private void detach(Process p) {
        AddressSpace shared = p.space;
        shared.users.remove(p);
        shared.owner = shared.users.getLast();
        p.space = new AddressSpace(this, p, shared.pageTable);
    }

    /** Ends the process with an exit code; its memory goes back at once, it stays a zombie. */
    public void exit(Process p, int code) {
        check(p).checkRunning();
        end(p, ProcessStatus.EXITED, code, "exited with code " + code);
    }

    /** Kills the process (SIGKILL). Killing a process that already ended does nothing. */
    public void kill(Process p) {
        if (check(p).isAlive()) {
            count(p, Counter.KILLS);
            end(p, ProcessStatus.KILLED, 128 + 9, "killed");
        }
    }

    /**
     * Ends a running process for a reason of the caller's, such as a signal's default
     * action: its memory goes back at once, it stays a zombie until waited for, its children
     * go to init. For an operating-system layer above the kernel; {@link #exit} and
     * {@link #kill} are the common cases.
     *
     * @param status   how it ended ({@link ProcessStatus#EXITED} for an exit)
     * @param exitCode the code its parent's wait sees (128 plus the signal for a signal)
     * @param reason   why, in words
     */
    public void terminate(Process p, ProcessStatus status, int exitCode, String reason) {
        check(p).checkRunning();
        if (status == ProcessStatus.RUNNING) {
            throw new IllegalArgumentException("a process cannot end as running");
        }
        end(p, status, exitCode, reason);
    }

    /**
     * What the kernel does when a process's own access fails and nobody handles it: a
     * segmentation fault or running out of memory kills the process, with a reason that
     * says where and what.
     *
     * @param fault  why the access failed, not {@link Fault#NONE}
     * @param va     where
     * @param access what was attempted
     * @return the failure, {@link Failure#SEGV} or {@link Failure#OOM}, with the reason
     */
    public Result<Void> killForFault(Process p, Fault fault, long va, Access access) {
        check(p).checkRunning();
        String why = switch (fault) {
            case NONE -> throw new IllegalArgumentException("no fault to kill for");
            case OOM -> String.format("out of memory: %s at 0x%x needed a frame and the pool was empty",
                    access.label(), va);
            case MAPERR, ACCERR -> String.format("segmentation fault: %s at 0x%x: %s", access.label(), va,
                    p.space.faultReason(va, access));
        };
        if (fault == Fault.OOM) {
            count(p, Counter.OOM_KILLS);
            end(p, ProcessStatus.OOM, 128 + 9, why);
            return Result.err(Failure.OOM, why);
        }
        count(p, Counter.SEGFAULTS);
        end(p, ProcessStatus.SEGV, 128 + 11, why);
        return Result.err(Failure.SEGV, why);
    }

    /**
     * Reaps {@code child} if it has ended; never blocks (an operating-system layer with a
     * scheduler blocks on {@link Failure#WOULD_BLOCK}).
     *
     * @return the child's status once reaped; {@link Failure#NO_CHILD} if {@code child} is
     *         not a child of {@code parent} waiting to be reaped; {@link Failure#WOULD_BLOCK}
     *         if it still runs (nothing changed)
     */
    public Result<ProcessStatus> wait(Process parent, Process child) {
        check(parent);
        check(child);
        if (child.parent != parent || child.reaped) {
            return Result.err(Failure.NO_CHILD, "process " + child.pid() + " is not a child of process "
                    + parent.pid() + " waiting to be reaped");
        }
        if (child.isAlive()) {
            return Result.err(Failure.WOULD_BLOCK, "process " + child.pid() + " is still running");
        }
        reap(child);
        return Result.ok(child.status);
    }

    /**
     * Reaps any ended child, oldest first.
     *
     * @return the child reaped; {@link Failure#NO_CHILD} if there are no children;
     *         {@link Failure#WOULD_BLOCK} if none has ended yet
     */
    public Result<Process> waitAny(Process parent) {
        check(parent);
        if (parent.children.isEmpty()) {
            return Result.err(Failure.NO_CHILD, "process " + parent.pid() + " has no children");
        }
        for (Process c : parent.children) {
            if (!c.isAlive()) {
                reap(c);
                return Result.ok(c);
            }
        }
        return Result.err(Failure.WOULD_BLOCK, "no child of process " + parent.pid() + " has ended yet");
    }

    // ---------------------------------------------------------------- observation

    /** Processes not yet reaped (running and zombies), by pid. */
    public Collection<Process> processes() {
        return Collections.unmodifiableCollection(new ArrayList<>(table.values()));
    }

    /** The process with this pid if not yet reaped. */
    public Optional<Process> process(int pid) {
        return Optional.ofNullable(table.get(pid));
    }

    /** Every counter of the whole machine. */
    public Stats stats() {
        long[] v = counts.clone();
        v[Counter.FRAMES_ALLOCATED.ordinal()] = pool.allocations();
        v[Counter.FRAMES_FREED.ordinal()] = pool.releases();
        v[Counter.FRAMES_ZEROED.ordinal()] = pool.zeroings();
        v[Counter.BYTES_ZEROED.ordinal()] = pool.zeroings() * PhysicalMemory.PAGE_SIZE;
        v[Counter.PAGE_TABLE_PAGES.ordinal()] = pageTablePages;
        v[Counter.FRAMES_IN_USE.ordinal()] = pool.inUse();
        v[Counter.PEAK_FRAMES_IN_USE.ordinal()] = pool.peakInUse();
        long misses = deadMisses;
        java.util.Set<AddressSpace> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Process p : table.values()) {
            if (seen.add(p.space)) {
                misses += p.space.mmu.misses();
            }
        }
        v[Counter.TLB_MISSES.ordinal()] = misses;
        return new Stats(v);
    }

    /** Frames the pool may hand out (the zero page not counted). */
    public int frameCount() {
        return memory.frameCount();
    }

    /**
     * One past the highest frame ever handed out: frames {@code 1..frameHighWater()-1} have
     * been used at least once; every frame from here up is untouched, zero, and has no host
     * memory behind it.
     */
    public int frameHighWater() {
        return pool.highWater();
    }

    /** One frame's state, reference count and last owner. */
    public FrameInfo frame(int frame) {
        return new FrameInfo(frame, pool.state(frame), pool.refCount(frame), pool.owner(frame));
    }

    /**
     * Copies bytes out of a frame without changing anything, for observers (a frame never
     * used reads as zeros).
     */
    public byte[] peekFrame(int frame, int offset, int length) {
        byte[] out = new byte[length];
        memory.peek(frame, offset, out, 0, length);
        return out;
    }

    /**
     * Bytes of host memory the machine's physical memory occupies now (pages the host has
     * given it), or -1 where the host cannot tell. A measurement that asks the host about
     * every page used so far: for benchmarks and reports, not for hot paths.
     */
    public long residentHostBytes() {
        return memory.residentBytes(pool.highWater());
    }

    /** Frames in the pool that can be handed out now. */
    public long freeFrames() {
        return pool.available();
    }

    /**
     * Subscribes to kernel events. Events cost nothing while no one listens. A listener
     * must not call back into the kernel; one that throws is unsubscribed, and the kernel's
     * operation goes on (the failure is listed by {@link #warnings()}): a listener observes
     * the kernel, it cannot unwind it.
     */
    public void addListener(KernelListener listener) {
        listeners.add(listener);
        observed = true;
        pool.observe(frameEvents);
    }

    /**
     * Subscribes to the events of one type only.
     *
     * @param type     the event's record class, for example {@code KernelEvent.PageFault.class}
     * @param listener what to call with each
     * @param <E>      the type
     * @return the listener subscribed, to give to {@link #removeListener}
     */
    public <E extends KernelEvent> KernelListener addListener(Class<E> type, Consumer<? super E> listener) {
        KernelListener l = e -> {
            if (type.isInstance(e)) {
                listener.accept(type.cast(e));
            }
        };
        addListener(l);
        return l;
    }

    /** Unsubscribes. */
    public void removeListener(KernelListener listener) {
        listeners.remove(listener);
        observed = !listeners.isEmpty();
        pool.observe(observed ? frameEvents : null);
    }

    /**
     * Verifies every invariant of the memory system (see {@link InvariantChecker}).
     *
     * @throws IllegalStateException listing every violation found
     */
    public void checkInvariants() {
        List<String> problems = new InvariantChecker(this).check();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invariants violated:\n  " + String.join("\n  ", problems));
        }
    }

    // ---------------------------------------------------------------- internals

    private final FrameObserver frameEvents = new FrameObserver() {
        @Override
        public void allocated(int frame, FramePurpose purpose, int owner) {
            emit(new KernelEvent.FrameAllocated(frame, purpose, owner));
        }

        @Override
        public void zeroed(int frame) {
            emit(new KernelEvent.FrameZeroed(frame));
        }

        @Override
        public void freed(int frame, boolean pageTable) {
            emit(new KernelEvent.FrameFreed(frame, pageTable));
        }
    };

    void emit(KernelEvent event) {
        for (int i = 0; i < listeners.size(); i++) {
            KernelListener l = listeners.get(i);
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                listenerFailures.add("a listener failed on a " + event.type() + " event and was unsubscribed: " + e);
                removeListener(l);
                i--;
            }
        }
    }

    void count(Process p, Counter c) {
        counts[c.ordinal()]++;
        p.counts[c.ordinal()]++;
    }

    void count(Process p, Counter c, long n) {
        counts[c.ordinal()] += n;
        p.counts[c.ordinal()] += n;
    }

    int allocateFrame(Process p, FramePurpose purpose) {
        int f = pool.allocate(purpose, p.pid());
        if (f >= 0) {
            p.counts[Counter.FRAMES_ALLOCATED.ordinal()]++;
        }
        return f;
    }

    /**
     * Makes the next process's pid at least {@code pid}: for an operating system whose low
     * pids stand for something outside the kernel (a Linux machine's pid 1, the host that
     * started it). Pids never go back.
     *
     * @param pid the smallest pid the next process may get
     */
    public void skipPidsBelow(int pid) {
        nextPid = Math.max(nextPid, pid);
    }

    Process newProcess(Process parent, PagingMode mode) {
        return register(new Process(this, nextPid++, parent, mode), parent);
    }

    /** A process that starts out in {@code space}, shared with its parent. */
    Process newProcess(Process parent, AddressSpace space) {
        return register(new Process(this, nextPid++, parent, space), parent);
    }

    private Process register(Process p, Process parent) {
        table.put(p.pid(), p);
        if (parent != null) {
            parent.children.add(p);
        }
        if (init == null && !initChosen) {
            init = p;
        }
        return p;
    }

    private Process check(Process p) {
        checkOpen();
        if (p == null || p.kernel != this) {
            throw new IllegalArgumentException(p + " does not belong to this kernel");
        }
        return p;
    }

    void checkOpen() {
        if (memory.isClosed()) {
            throw new IllegalStateException("the kernel has been closed");
        }
    }

    /**
     * Chooses who adopts orphans from now on: {@code p}, or nobody when {@code p} is null,
     * so that orphans have no parent and are reaped as they end (as if the host's own init
     * reaped them, the way a program run from a shell sees it). Without this call the first
     * process is init.
     */
    public void setInit(Process p) {
        checkOpen();
        if (p != null) {
            check(p).checkRunning();
        }
        init = p;
        initChosen = true;
    }

    /**
     * Gives the machine's physical memory back to the host at once. The kernel and its
     * processes may not be used afterwards (they throw {@link IllegalStateException}).
     */
    @Override
    public void close() {
        memory.close();
    }

    /** Ends a process: releases its memory, hands its children to init, makes it a zombie. */
    private void end(Process p, ProcessStatus status, int code, String reason) {
        assert p.isAlive();
        if (p.space.users.size() > 1) {
            detach(p);
        } else {
            p.space.destroy();
        }
        p.status = status;
        p.exitCode = code;
        p.deathReason = reason;
        counts[Counter.EXITS.ordinal()]++;
        p.counts[Counter.EXITS.ordinal()]++;
        if (observed) {
            emit(new KernelEvent.Exited(p.pid(), status, code, reason));
        }
        Process adopter = init != null && init.isAlive() && init != p ? init : null;
        for (Process c : new ArrayList<>(p.children)) {
            p.children.remove(c);
            c.parent = adopter;
            if (adopter != null) {
                adopter.children.add(c);
            } else if (!c.isAlive()) {
                reap(c);
            }
        }
        if (p.parent == null) {
            reap(p);
        }
    }

    private void reap(Process p) {
        assert !p.isAlive() && !p.reaped;
        p.reaped = true;
        if (p.space.users.size() == 1) {
            deadMisses += p.space.mmu.misses();
        }
        table.remove(p.pid());
        Process parent = p.parent;
        if (parent != null) {
            parent.children.remove(p);
        }
        if (observed) {
            emit(new KernelEvent.Reaped(p.pid(), parent == null ? 0 : parent.pid()));
        }
    }

    MemoryUsage usage(Process p) {
        return Smaps.of(this, p);
    }

    List<RegionUsage> usageByRegion(Process p) {
        return Smaps.byRegion(this, p);
    }
}
