package dev.cowvm.script;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.kernel.Failure;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.kernel.Result;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.script.StepResult.Outcome;
import dev.cowvm.script.text.KernelText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs a scenario one statement at a time on a fresh kernel. The machine is built when the
 * first statement needs it, from the settings before it.
 *
 * <p>A process that dies (segmentation fault, out of memory, kill) is not an error: the run
 * goes on, and later statements of that process are skipped with a note. A statement the
 * kernel refuses for a reason of the scenario's (a region that overlaps another, waiting
 * for a process that is not a child) is an error: {@link #step()} throws, located at the
 * statement. What each statement did is a {@link StepResult} with a structured
 * {@link StepResult.Outcome}; the names of regions are the kernel's own (every region a
 * scenario maps carries its name).
 *
 * <p>{@link RunOptions#stop()} is asked before every statement and every
 * {@value #CHUNK_PAGES} pages of a long one, so a front end with a time or work limit stops
 * a run between two kernel operations, never inside one.
 */
public final class Run {
    /** Pages a long fill or touch does between two questions to {@link RunOptions#stop()}. */
    static final int CHUNK_PAGES = 1024;

    private final Scenario scenario;
    private final RunOptions options;
    private int next;
    private Kernel kernel;
    private KernelText text;
    private long memory = 64L << 20;
    private ZeroPolicy zero = ZeroPolicy.ON_ALLOC;
    private ForkMode forkMode = ForkMode.COW;
    private PagingMode paging = PagingMode.SV39;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> failedForks = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final List<KernelEvent> events = new ArrayList<>();
    /** Frames a zero fill took in this statement: whose they were and what they held (when explaining). */
    private final Map<Integer, Explainer.Stale> stale = new HashMap<>();
    /** The process each frame was last handed to, by frame (when explaining). */
    private int[] lastOwner = new int[64];
    /** Zero fills of one statement whose frame's old contents are noted: the explanation names one. */
    private static final int STALE_NOTED = 64;
    private final List<RunResult.Failure> failures = new ArrayList<>();
    private int passed;

    public Run(Scenario scenario, RunOptions options) {
        this.scenario = scenario;
        this.options = options;
    }

    /** True while statements remain. */
    public boolean hasNext() {
        return next < scenario.statements().size();
    }

    /** Statements run so far. */
    public int position() {
        return next;
    }

    /** The scenario being run. */
    public Scenario scenario() {
        return scenario;
    }

    /** Runs every remaining statement; returns the results in order. */
    public List<StepResult> runToEnd() throws ScenarioException {
        List<StepResult> out = new ArrayList<>();
        while (hasNext()) {
            out.add(step());
        }
        return out;
    }

    /** The kernel, built now if no statement has needed it yet. */
    public Kernel kernel() {
        if (kernel == null) {
            KernelConfig c = KernelConfig.defaults().withMemory(memory)
                    .withZeroPolicy(options.zeroPolicy() != null ? options.zeroPolicy() : zero)
                    .withForkMode(options.forkMode() != null ? options.forkMode() : forkMode)
                    .withPagingMode(paging);
            if (options.hostMemory() > 0) {
                c = c.withHostMemoryLimit(options.hostMemory());
            }
            kernel = new Kernel(c);
            kernel.addListener(events::add);
            if (options.explain()) {
                kernel.addListener(KernelEvent.FrameAllocated.class, this::leftThePool);
            }
            text = new KernelText(kernel, names::get);
        }
        return kernel;
    }

    /**
     * Notes, as a frame leaves the pool and before the kernel clears it, whose it was and
     * what it holds, for the explanation of a zero fill (the stale bytes the policy clears,
     * or under {@code zero none} hands over). A listener may look, never change anything.
     */
    private void leftThePool(KernelEvent.FrameAllocated a) {
        int f = a.frame();
        if (f >= lastOwner.length) {
            lastOwner = Arrays.copyOf(lastOwner, Math.max(f + 1, lastOwner.length * 2));
        }
        if (a.purpose() == FramePurpose.ZEROED_DATA && stale.size() < STALE_NOTED) {
            stale.put(f, new Explainer.Stale(lastOwner[f], Explainer.describe(kernel.peekFrame(f, 0, Sizes.PAGE_SIZE))));
        }
        lastOwner[f] = a.pid();
    }

    /** The text views of the kernel, with the scenario's process names. */
    public KernelText text() {
        kernel();
        return text;
    }

    /** The scenario's name for a process id, or null. */
    public String nameOf(int pid) {
        return names.get(pid);
    }

    /** The processes the scenario created so far, by name, in order of creation. */
    public Map<String, Process> processes() {
        return java.util.Collections.unmodifiableMap(processes);
    }

    /**
     * The start and length of a named region of a process, from the kernel's regions (a
     * region split by protections is still one range), or null if it has none by that name.
     */
    public long[] region(String process, String region) {
        Process p = processes.get(process);
        if (p == null || !p.isAlive()) {
            return null;
        }
        if (region.equals(Checker.HEAP)) {
            return new long[] {AddressLayout.HEAP_BASE, Sizes.pageUp(p.brk()) - AddressLayout.HEAP_BASE};
        }
        long start = -1;
        long end = -1;
        for (Region r : p.regions()) {
            if (r.name().equals(region)) {
                start = start < 0 ? r.start() : start;
                end = r.end();
            }
        }
        return start < 0 ? null : new long[] {start, end - start};
    }

    /** Runs the next statement. */
    public StepResult step() throws ScenarioException {
        Statement s = scenario.statements().get(next++);
        events.clear();
        stale.clear();
        stopIfAsked(s);
        List<String> out = new ArrayList<>();
        Outcome outcome = execute(s, out);
        List<String> explanation = List.of();
        if (outcome != Outcome.SKIPPED && options.explain() && kernel != null) {
            explanation = Explainer.explain(events, names, kernel, stale);
        }
        String failure = outcome == Outcome.FAILED ? failures.getLast().message() : null;
        return new StepResult(s, outcome, List.copyOf(out), explanation, List.copyOf(events), failure,
                scenario.source(next - 1));
    }

    private void stopIfAsked(Statement s) throws ScenarioException {
        String why = options.stop().why();
        if (why != null) {
            throw error(s, why + "; the run was stopped here");
        }
    }

    private Outcome execute(Statement s, List<String> out) throws ScenarioException {
        boolean setting = s instanceof Statement.Memory || s instanceof Statement.Zero
                || s instanceof Statement.SetForkMode || s instanceof Statement.Paging;
        if (setting && kernel != null) {
            // The checker keeps settings first; this catches a caller that built the machine early.
            throw error(s, "the machine is already built; settings must come before it is used");
        }
        switch (s) {
            case Statement.Memory m -> {
                if (m.bytes() > options.maxMemory()) {
                    throw error(s, "memory " + Sizes.format(m.bytes()) + " is more than the "
                            + Sizes.format(options.maxMemory()) + " allowed here");
                }
                try {
                    KernelConfig.defaults().withMemory(m.bytes());
                } catch (IllegalArgumentException e) {
                    throw error(s, e.getMessage());
                }
                memory = m.bytes();
                return Outcome.DONE;
            }
            case Statement.Zero z -> {
                zero = z.policy();
                return Outcome.DONE;
            }
            case Statement.SetForkMode f -> {
                forkMode = f.mode();
                return Outcome.DONE;
            }
            case Statement.Paging p -> {
                paging = p.mode();
                return Outcome.DONE;
            }
            case Statement.Say say -> {
                out.add(say.text());
                return Outcome.DONE;
            }
            default -> {
                kernel();
                return machine(s, out);
            }
        }
    }

    private Outcome machine(Statement s, List<String> out) throws ScenarioException {
        String actor = s.actor();
        if (actor != null) {
            String why = unavailable(actor);
            if (why != null) {
                out.add(where(s) + "skipped: " + why);
                return Outcome.SKIPPED;
            }
        }
        switch (s) {
            case Statement.Spawn sp -> {
                Result<Process> p = kernel.spawn();
                if (!p.isOk()) {
                    failedForks.put(sp.name(), sp.line());
                    out.add(where(s) + "spawn " + sp.name() + " failed: out of memory (no frame for its page table)");
                    return Outcome.REFUSED;
                }
                created(sp.name(), p.orElseThrow());
            }
            case Statement.Fork f -> {
                Result<Process> c = kernel.fork(processes.get(f.parent()));
                if (!c.isOk()) {
                    failedForks.put(f.child(), f.line());
                    KernelEvent.ForkFailed why = lastEvent(KernelEvent.ForkFailed.class);
                    out.add(where(s) + "fork " + f.parent() + " " + f.child() + " failed: out of memory (needs "
                            + why.framesNeeded() + " frames, " + why.framesAvailable() + " free)");
                    return Outcome.REFUSED;
                }
                created(f.child(), c.orElseThrow());
            }
            case Statement.Wait w -> {
                Process child = processes.get(w.child());
                if (child == null) {
                    out.add(where(s) + "skipped: " + unavailable(w.child()));
                    return Outcome.SKIPPED;
                }
                Result<ProcessStatus> st = kernel.wait(processes.get(w.parent()), child);
                switch (st) {
                    case Result.Ok<ProcessStatus> reaped -> { } // the explanation says so, from the reap event
                    case Result.Err<ProcessStatus> err when err.failure() == Failure.WOULD_BLOCK ->
                            out.add(where(s) + w.child() + " is still running; wait does not block here, so nothing"
                                    + " was reaped");
                    case Result.Err<ProcessStatus> err -> throw error(s, w.child() + " is not a child of " + w.parent()
                            + " waiting to be reaped");
                }
            }
            case Statement.Kill k -> kernel.kill(processes.get(k.name()));
            case Statement.Map m -> {
                long at = m.at() == null ? 0 : m.at().offset();
                refuse(s, processes.get(m.process()).map(at, m.length(), m.protection(), m.region()));
            }
            case Statement.Unmap u -> {
                long[] r = range(s, u.process(), u.region());
                if (r[1] > 0) {
                    refuse(s, processes.get(u.process()).unmap(r[0], r[1]));
                }
            }
            case Statement.Protect p -> {
                long[] r = range(s, p.process(), p.region());
                if (r[1] > 0) {
                    refuse(s, processes.get(p.process()).protect(r[0], r[1], p.protection()));
                }
            }
            case Statement.Write w -> {
                return access(s, out, processes.get(w.process()).write(resolve(s, w.process(), w.address()), w.data()));
            }
            case Statement.Read r -> {
                return read(r, out);
            }
            case Statement.Fill f -> {
                long va = resolve(s, f.process(), f.address()) + f.offset();
                return inChunks(s, out, va, f.length(), (at, n) -> processes.get(f.process()).fill(at, n, (byte) f.value()));
            }
            case Statement.Touch t -> {
                long va = resolve(s, t.process(), t.address()) + t.offset();
                return inChunks(s, out, va, t.length(), (at, n) -> processes.get(t.process()).touch(at, n, t.access()));
            }
            case Statement.Brk b -> {
                if (!processes.get(b.process()).sbrk(b.delta()).isOk()) {
                    out.add(where(s) + "brk refused: the heap would run into another region or below its start");
                    return Outcome.REFUSED;
                }
            }
            case Statement.Exec e -> kernel.exec(processes.get(e.process()));
            case Statement.Exit e -> kernel.exit(processes.get(e.process()), e.code());
            case Statement.ExpectStat e -> {
                long found = kernel.stats().get(e.counter());
                return expect(s, e.op().test(found, e.value()), "stat " + e.counter().label() + " " + e.op().symbol + " "
                        + e.valueText(), Long.toString(found));
            }
            case Statement.ExpectProcess e -> {
                return expectProcess(e);
            }
            case Statement.Show sh -> out.add(switch (sh.what()) {
                case "frames" -> text.frames();
                case "stats" -> "counters:\n" + KernelText.stats(kernel.stats());
                default -> {
                    Process p = processes.get(sh.what());
                    if (p == null) {
                        yield sh.what() + ": " + unavailable(sh.what()) + "\n";
                    }
                    yield sh.view() == null ? text.pageTable(p) : sh.view().equals("smaps") ? text.smaps(p) : text.pmap(p);
                }
            });
            default -> throw new AssertionError(s);
        }
        return Outcome.DONE;
    }

    /** A kernel refusal that the scenario caused is its error, located at the statement. */
    private void refuse(Statement s, Result<?> r) throws ScenarioException {
        if (!r.isOk()) {
            throw error(s, r.message());
        }
    }

    /** The outcome of an access made as the process: done, or it died of it. */
    private Outcome access(Statement s, List<String> out, Result<Void> r) throws ScenarioException {
        switch (r.failure()) {
            case null -> {
                return Outcome.DONE;
            }
            case SEGV, OOM -> {
                out.add(where(s) + s.actor() + " died: " + processes.get(s.actor()).deathReason());
                return Outcome.DIED;
            }
            default -> throw error(s, r.message());
        }
    }

    /** A range access of many pages, in chunks, asking {@link RunOptions#stop()} between them. */
    private Outcome inChunks(Statement s, List<String> out, long va, long length, RangeAccess access)
            throws ScenarioException {
        long chunk = (long) CHUNK_PAGES << 12;
        long done = 0;
        do {
            long n = Math.min(chunk - ((va + done) & (chunk - 1)), length - done);
            Outcome o = access(s, out, access.apply(va + done, n));
            if (o != Outcome.DONE) {
                return o;
            }
            done += n;
            if (done < length) {
                stopIfAsked(s);
            }
        } while (done < length);
        return Outcome.DONE;
    }

    @FunctionalInterface
    private interface RangeAccess {
        Result<Void> apply(long va, long length);
    }

    private Outcome read(Statement.Read r, List<String> out) throws ScenarioException {
        long va = resolve(r, r.process(), r.address());
        Result<byte[]> result = processes.get(r.process()).read(va, (int) r.length());
        if (!result.isOk()) {
            Outcome o = access(r, out, result.asFailure());
            return r.expected() == null ? o
                    : expect(r, false, "read " + r.address() + " " + r.length() + " == " + Values.show(r.expected()),
                    r.process() + " died reading it");
        }
        byte[] got = result.orElseThrow();
        if (r.expected() == null) {
            out.add(r.process() + " read " + r.address() + " " + r.length() + ": " + Values.show(got));
            return Outcome.DONE;
        }
        return expect(r, Arrays.equals(got, r.expected()), "read " + r.address() + " == " + Values.show(r.expected()),
                Values.show(got));
    }

    private Outcome expectProcess(Statement.ExpectProcess e) {
        String what = e.process() + " " + e.metric().label() + " " + e.op().symbol + " " + e.valueText();
        Process p = processes.get(e.process());
        if (p == null) {
            return expect(e, false, what, unavailable(e.process()));
        }
        if (e.metric() == Statement.Metric.STATUS) {
            boolean same = p.status() == e.status();
            return expect(e, e.op() == Statement.Op.EQ ? same : !same, what, p.status().label());
        }
        MemoryUsage u = p.memoryUsage();
        long found = switch (e.metric()) {
            case RSS -> u.rssBytes();
            case PSS -> u.pssBytes();
            case USS -> u.ussBytes();
            case SHARED -> u.sharedBytes();
            case PRIVATE -> u.privateBytes();
            case STATUS -> throw new AssertionError();
        };
        return expect(e, e.op().test(found, e.value()), what, Sizes.format(found));
    }

    private Outcome expect(Statement s, boolean held, String expected, String found) {
        if (held) {
            passed++;
            return Outcome.PASSED;
        }
        failures.add(new RunResult.Failure(s.line(), "expected " + expected + ", found " + found
                + scenario.suffix(next - 1)));
        return Outcome.FAILED;
    }

    // ------------------------------------------------------------------ names and addresses

    private void created(String name, Process p) {
        processes.put(name, p);
        names.put(p.pid(), name);
        failedForks.remove(name);
    }

    /** Why a process cannot act now, or null if it can. */
    private String unavailable(String name) {
        Process p = processes.get(name);
        if (p == null) {
            Integer line = failedForks.get(name);
            return name + " does not exist" + (line == null ? "" : " (its creation failed on line " + line + ")");
        }
        return p.isAlive() ? null : name + " is not running (" + p.status().label() + ")";
    }

    private long[] range(Statement s, String process, String region) throws ScenarioException {
        long[] r = region(process, region);
        if (r == null) {
            throw error(s, process + " has no region " + region);
        }
        return r;
    }

    private long resolve(Statement s, String process, Address a) throws ScenarioException {
        if (a.region() == null) {
            return a.offset();
        }
        return range(s, process, a.region())[0] + a.offset();
    }

    private <T extends KernelEvent> T lastEvent(Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i))) {
                return type.cast(events.get(i));
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " event");
    }

    private String where(Statement s) {
        return scenario.file() + ":" + s.line() + ": ";
    }

    /** An error of the statement being run, saying its iteration when it is in a loop. */
    private ScenarioException error(Statement s, String message) {
        return new ScenarioException(new Diagnostic(scenario.file(), s.line(), s.column(),
                message + scenario.suffix(next - 1), scenario.line(s.line())));
    }

    // ------------------------------------------------------------------ the end

    /** The tally so far: expectations, counters, processes. */
    public RunResult result() {
        Kernel k = kernel();
        List<RunResult.ProcessSummary> ps = new ArrayList<>();
        processes.forEach((name, p) -> ps.add(new RunResult.ProcessSummary(name, p.pid(), p.status(),
                p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitCode()), p.memoryUsage(), p.stats())));
        return new RunResult(scenario.file(), k.config(), next, passed, List.copyOf(failures), k.stats(), ps);
    }

}
