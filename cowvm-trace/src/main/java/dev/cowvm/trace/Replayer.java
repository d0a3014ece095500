package dev.cowvm.trace;

import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.Stats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays memory traces through a kernel: real programs' access streams meeting real page
 * tables, copy-on-write and zero-fill-on-demand.
 *
 * <h2>The policy</h2>
 * <ol>
 *   <li>One process is spawned, in the configuration's page-table format, and replays the
 *       trace: an instruction fetch ({@code I}) is an execute access, a load ({@code L}) a
 *       read, a store ({@code S}) a write, and a modify ({@code M}) one write access, which
 *       reads and writes the same bytes: the MMU checks it as a write, which includes the
 *       right to read, so it faults at most once, as the processor's read-modify-write
 *       does. An access whose bytes cross a page boundary touches both pages.</li>
 *   <li>A trace says nothing of how the program mapped its memory, so memory is mapped on
 *       demand: the first access to a page outside every region maps that page, readable,
 *       writable and executable (the program had every right it used), in a region named
 *       {@value #REGION}. Adjacent pages merge into one region, as Linux merges adjacent
 *       anonymous mappings, so a region is a run of adjacent touched pages. Nothing is ever
 *       unmapped. A process that would need more than {@link AddressLayout#MAX_REGIONS}
 *       runs is killed (Linux's mmap would fail).</li>
 *   <li>An address outside what the process can map (below
 *       {@link AddressLayout#MIN_MAP_ADDRESS}, or past its format's user space) stops the
 *       replay with a {@link TraceException} naming the record.</li>
 *   <li>When the first process has replayed N accesses, for each fork point N, it forks.
 *       Each child replays the plan's child trace from its beginning, or nothing.</li>
 *   <li>Processes take turns in the order they were created; on its turn a process
 *       replays the next {@code quantum} accesses of its trace. A child forked during a
 *       round takes its first turn at the end of that round. A process whose trace has
 *       ended, or that has nothing to replay, keeps its memory until every trace has ended:
 *       a child that replays nothing is a snapshot held while the parent runs on, as in
 *       Redis's background save.</li>
 *   <li>Every {@code interval} accesses (counted over all processes) a sample records the
 *       distinct pages touched in the interval and the copy-on-write copies made in it.</li>
 *   <li>At the end the counters are taken, every child exits and is waited for, the first
 *       process exits, and the kernel's invariants are checked: every frame must be back in
 *       the pool.</li>
 * </ol>
 *
 * <p>The memory the replayer itself takes is bounded whatever the trace: the kernel's frames
 * by its configured memory and host limit, the page sample by the interval, regions by
 * {@link AddressLayout#MAX_REGIONS}.
 */
public final class Replayer {
    /** The name of the regions a replay maps. */
    public static final String REGION = "trace";
    private static final long PAGE = 4096;

    private final Kernel kernel;
    private final ReplayPlan plan;
    private final long userLimit;
    private final List<Replayed> processes = new ArrayList<>();
    /** The processes still replaying, in turn order; those with nothing left drop out. */
    private final List<Replayed> running = new ArrayList<>();
    private final List<ReplayReport.Fork> forks = new ArrayList<>();
    private final List<ReplayReport.Interval> intervals = new ArrayList<>();
    private final PageSet sample = new PageSet();
    private Replayed first;
    private int nextFork;
    private long clock;
    private long nextSample;
    private long sampleNumber;
    private long copiesBefore;

    /** One process and its place in its trace. */
    private static final class Replayed {
        final Process process;
        final int slot;
        final String role;
        final TraceReader trace;
        final long[] byKind = new long[4];
        long accesses;
        long pagesMapped;
        int runs;
        boolean active;
        String endReason = "";
        long lastSamplePage = -1;
        long lastSampleNumber = -1;
        /** The last page this process was seen to have mapped. */
        long lastMapped = -1;

        Replayed(Process process, int slot, String role, TraceReader trace) {
            this.process = process;
            this.slot = slot;
            this.role = role;
            this.trace = trace;
            this.active = trace != null;
        }
    }

    private Replayer(KernelConfig config, ReplayPlan plan) {
        this.kernel = new Kernel(config);
        this.plan = plan;
        this.userLimit = config.pagingMode().userLimit();
        this.nextSample = plan.interval();
    }

    /**
     * Replays a plan on a new kernel built from {@code config}.
     *
     * @throws TraceException if a trace is malformed, or touches an address its process
     *                        cannot map
     * @throws IOException    if a trace cannot be read
     */
    public static ReplayReport run(KernelConfig config, ReplayPlan plan) throws IOException {
        return run(config, plan, kernel -> { });
    }

    /**
     * Replays a plan, and lets {@code atEnd} look at the kernel when the last access has
     * been replayed, before the processes exit.
     */
    public static ReplayReport run(KernelConfig config, ReplayPlan plan, Consumer<Kernel> atEnd) throws IOException {
        Replayer r = new Replayer(config, plan);
        try {
            return r.replay(atEnd);
        } finally {
            for (Replayed p : r.processes) {
                if (p.trace != null) {
                    p.trace.close();
                }
            }
        }
    }

    private ReplayReport replay(Consumer<Kernel> atEnd) throws IOException {
        Process root = kernel.spawn().orElseThrow();
        first = new Replayed(root, 0, "parent", plan.trace().open());
        processes.add(first);
        running.add(first);
        while (!running.isEmpty()) {
            for (int i = 0; i < running.size(); i++) { // a child forked in this round joins at the end
                Replayed r = running.get(i);
                for (int q = 0; q < plan.quantum() && r.active; q++) {
                    if (r == first) {
                        forkIfDue();
                    }
                    if (!step(r) && r == first) {
                        forkIfDue(); // a fork point at the very end of the trace
                    }
                }
            }
            running.removeIf(r -> !r.active);
        }
        for (; nextFork < plan.forkAt().size(); nextFork++) {
            forks.add(new ReplayReport.Fork(plan.forkAt().get(nextFork), root.pid(), 0, "not-reached"));
        }
        if (clock % plan.interval() != 0) {
            closeSample();
        }
        Stats stats = kernel.stats();
        atEnd.accept(kernel);
        List<ReplayReport.ProcessReport> reports = new ArrayList<>();
        for (Replayed r : processes) {
            reports.add(report(r));
        }
        tearDown();
        return new ReplayReport(kernel.config(), clock, List.copyOf(forks), List.copyOf(reports),
                List.copyOf(intervals), plan.interval(), plan.quantum(), stats);
    }

    private void forkIfDue() throws IOException {
        while (nextFork < plan.forkAt().size() && first.accesses == plan.forkAt().get(nextFork)) {
            long at = plan.forkAt().get(nextFork++);
            if (!first.process.isAlive()) {
                forks.add(new ReplayReport.Fork(at, first.process.pid(), 0, "not-reached"));
                continue;
            }
            var child = kernel.fork(first.process);
            if (!child.isOk()) {
                forks.add(new ReplayReport.Fork(at, first.process.pid(), 0, "failed"));
                continue;
            }
            TraceReader trace = plan.childTrace() == null ? null : plan.childTrace().open();
            Replayed c = new Replayed(child.orElseThrow(), processes.size(), "child", trace);
            c.pagesMapped = first.pagesMapped;
            c.runs = first.runs;
            processes.add(c);
            if (c.active) {
                running.add(c);
            }
            forks.add(new ReplayReport.Fork(at, first.process.pid(), c.process.pid(), "forked"));
        }
    }

    /** Replays one access of {@code r}; false when its trace has ended (or it died). */
    private boolean step(Replayed r) throws IOException {
        TraceReader t = r.trace;
        if (!t.next()) {
            r.active = false;
            return false;
        }
        AccessKind kind = t.kind();
        long va = t.address();
        long last = va + t.size() - 1;
        if (va < AddressLayout.MIN_MAP_ADDRESS || last >= userLimit || last < va) {
            throw outOfRange(t, va, last);
        }
        Process p = r.process;
        long page = va & -PAGE;
        long lastPage = last & -PAGE;
        // Regions are only ever added here, so a page found mapped once stays mapped.
        if (page != r.lastMapped && !mapped(r, page)) {
            return false;
        }
        if (lastPage != page && !mapped(r, lastPage)) {
            return false;
        }
        r.lastMapped = lastPage;
        boolean alive = switch (kind) {
            case INSTRUCTION -> p.touch(va, t.size(), Access.EXECUTE).isOk();
            case LOAD -> p.touch(va, t.size(), Access.READ).isOk();
            case STORE, MODIFY -> p.touch(va, t.size(), Access.WRITE).isOk();
        };
        r.accesses++;
        r.byKind[kind.ordinal()]++;
        touched(r, page);
        if (lastPage != page) {
            touched(r, lastPage);
        }
        if (!alive) {
            r.active = false;
            r.endReason = p.deathReason();
        }
        if (++clock == nextSample) {
            closeSample();
            nextSample += plan.interval();
        }
        return true;
    }

    /** Makes sure a region holds {@code page}, mapping it if not; false if the process was killed. */
    private boolean mapped(Replayed r, long page) {
        Process p = r.process;
        if (p.regionAt(page).isPresent()) {
            return true;
        }
        boolean left = page - PAGE >= AddressLayout.MIN_MAP_ADDRESS && p.regionAt(page - PAGE).isPresent();
        boolean right = page + PAGE < userLimit && p.regionAt(page + PAGE).isPresent();
        int runs = r.runs + 1 - (left ? 1 : 0) - (right ? 1 : 0);
        if (runs > AddressLayout.MAX_REGIONS) {
            kernel.kill(p);
            r.active = false;
            r.endReason = String.format("killed at 0x%x: its trace touches more than %d separate runs of pages,"
                    + " and a process may have at most %d regions", page, AddressLayout.MAX_REGIONS, AddressLayout.MAX_REGIONS);
            return false;
        }
        p.map(page, PAGE, Protection.RWX, REGION).orElseThrow(); // a free, aligned page in user space
        r.runs = runs;
        r.pagesMapped++;
        return true;
    }

    private void touched(Replayed r, long page) {
        if (page == r.lastSamplePage && r.lastSampleNumber == sampleNumber) {
            return;
        }
        r.lastSamplePage = page;
        r.lastSampleNumber = sampleNumber;
        sample.add(((long) r.slot << 36) | (page >>> 12));
    }

    private void closeSample() {
        Stats s = kernel.stats();
        long copies = s.get(Counter.COW_COPY_FAULTS);
        intervals.add(new ReplayReport.Interval(clock, sample.size(), copies - copiesBefore, s.get(Counter.FRAMES_IN_USE)));
        copiesBefore = copies;
        sample.clear();
        sampleNumber++;
    }

    private TraceException outOfRange(TraceReader t, long va, long last) {
        PagingMode mode = kernel.config().pagingMode();
        if (va >= 0 && va < AddressLayout.MIN_MAP_ADDRESS) {
            return new TraceException(t.where(), String.format(
                    "address 0x%x is below 0x%x, where no process may map memory (the null-pointer guard)",
                    va, AddressLayout.MIN_MAP_ADDRESS));
        }
        String hint = mode == PagingMode.SV39 && Long.compareUnsigned(last, PagingMode.SV48.userLimit()) < 0
                ? "; Sv48 page tables reach it" : "";
        return new TraceException(t.where(), String.format(
                "address 0x%s (%d bytes) does not fit the %s user space, 0x%x to 0x%x%s",
                Long.toHexString(va), t.size(), mode.specName(), AddressLayout.MIN_MAP_ADDRESS, userLimit - 1, hint));
    }

    private ReplayReport.ProcessReport report(Replayed r) {
        Process p = r.process;
        TraceReader t = r.trace;
        return new ReplayReport.ProcessReport(p.pid(), r.role, t == null ? null : t.name(),
                t == null ? null : t.format(), t != null && t.compressed(), r.accesses, r.byKind.clone(),
                r.pagesMapped, t == null ? 0 : t.skipped(), t == null ? List.of() : t.problems(),
                p.status().label(), p.isAlive() ? "" : r.endReason.isEmpty() ? p.deathReason() : r.endReason,
                p.isAlive() ? p.memoryUsage() : null, p.stats());
    }

    private void tearDown() {
        Process root = first.process;
        for (int i = processes.size() - 1; i > 0; i--) {
            Process c = processes.get(i).process;
            if (c.isAlive()) {
                kernel.exit(c, 0);
            }
            if (root.isAlive() && c.parent().orElse(null) == root && !c.isReaped()) {
                kernel.wait(root, c);
            }
        }
        if (root.isAlive()) {
            kernel.exit(root, 0);
        }
        kernel.checkInvariants();
        if (kernel.stats().get(Counter.FRAMES_IN_USE) != 0) {
            throw new IllegalStateException("frames still in use after every process exited: "
                    + kernel.stats().get(Counter.FRAMES_IN_USE));
        }
    }
}
