package dev.cowvm.script;

import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.kernel.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.ProcessStatus;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.script.StepResult.Outcome;
import dev.cowvm.script.text.KernelText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a scenario one statement at a time on a fresh kernel. The machine is built when the
 * first statement needs it, from the settings before it.
 *
 * <p>A process that dies (segmentation fault, out of memory, kill) is not an error: the run
 * goes on, and later statements of that process are skipped with a note. A statement the
 * kernel refuses (a region that overlaps another, waiting for a process that is not a
 * child) is an error of the scenario: {@link #step()} throws, located at the statement.
 */
public final class Run {
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
    private final Map<String, Map<String, long[]>> regions = new HashMap<>();
    private final List<KernelEvent> events = new ArrayList<>();
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
            text = new KernelText(kernel, names::get);
        }
        return kernel;
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

    /** The start and length of a named region of a process, or null. */
    public long[] region(String process, String region) {
        Map<String, long[]> r = regions.get(process);
        long[] range = r == null ? null : r.get(region);
        return range == null ? null : range.clone();
    }

    /** Runs the next statement. */
    public StepResult step() throws ScenarioException {
        Statement s = scenario.statements().get(next++);
        events.clear();
        List<String> out = new ArrayList<>();
        Outcome outcome;
        try {
            outcome = execute(s, out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw error(s, e.getMessage());
        }
        if (outcome != Outcome.SKIPPED && options.explain() && kernel != null) {
            for (String line : Explainer.explain(events, names, kernel.config().zeroPolicy())) {
                out.add("  -> " + line);
            }
        }
        String failure = outcome == Outcome.FAILED ? failures.getLast().message() : null;
        return new StepResult(s, outcome, List.copyOf(out), List.copyOf(events), failure);
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
                    throw error(s, "memory " + KernelText.size(m.bytes()) + " is more than the "
                            + KernelText.size(options.maxMemory()) + " allowed here");
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
                Optional<Process> p = kernel.spawn();
                if (p.isEmpty()) {
                    failedForks.put(sp.name(), sp.line());
                    out.add(where(s) + "spawn " + sp.name() + " failed: out of memory (no frame for its page table)");
                    return Outcome.DONE;
                }
                created(sp.name(), p.get(), new LinkedHashMap<>());
            }
            case Statement.Fork f -> {
                Optional<Process> c = kernel.fork(processes.get(f.parent()));
                if (c.isEmpty()) {
                    failedForks.put(f.child(), f.line());
                    KernelEvent.ForkFailed why = lastEvent(KernelEvent.ForkFailed.class);
                    out.add(where(s) + "fork " + f.parent() + " " + f.child() + " failed: out of memory (needs "
                            + why.framesNeeded() + " frames, " + why.framesAvailable() + " free)");
                    return Outcome.DONE;
                }
                created(f.child(), c.get(), copyRegions(regions.get(f.parent())));
            }
            case Statement.Wait w -> {
                Process child = processes.get(w.child());
                if (child == null) {
                    out.add(where(s) + "skipped: " + unavailable(w.child()));
                    return Outcome.SKIPPED;
                }
                Optional<ProcessStatus> st = kernel.wait(processes.get(w.parent()), child);
                out.add(st.isPresent() ? w.parent() + " reaped " + w.child() + " (" + st.get().label() + ")"
                        : w.child() + " is still running; wait does not block here, so nothing was reaped");
            }
            case Statement.Kill k -> kernel.kill(processes.get(k.name()));
            case Statement.Map m -> {
                long at = m.at() == null ? 0 : m.at().offset();
                long start = processes.get(m.process()).map(at, m.length(), m.protection(), m.region());
                regions.get(m.process()).put(m.region(), new long[] {start, pageUp(m.length())});
            }
            case Statement.Unmap u -> {
                long[] r = range(u.process(), u.region());
                if (r[1] > 0) {
                    processes.get(u.process()).unmap(r[0], r[1]);
                }
                regions.get(u.process()).remove(u.region());
            }
            case Statement.Protect p -> {
                long[] r = range(p.process(), p.region());
                if (r[1] > 0) {
                    processes.get(p.process()).protect(r[0], r[1], p.protection());
                }
            }
            case Statement.Write w -> processes.get(w.process()).write(resolve(w.process(), w.address()), w.data());
            case Statement.Read r -> {
                return read(r, out);
            }
            case Statement.Fill f -> processes.get(f.process())
                    .fill(resolve(f.process(), f.address()) + f.offset(), f.length(), (byte) f.value());
            case Statement.Touch t -> processes.get(t.process())
                    .touch(resolve(t.process(), t.address()) + t.offset(), t.length(), t.access());
            case Statement.Brk b -> {
                if (processes.get(b.process()).sbrk(b.delta()).isEmpty()) {
                    out.add(where(s) + "brk refused: the heap would run into another region or below its start");
                }
            }
            case Statement.Exec e -> {
                kernel.exec(processes.get(e.process()));
                regions.get(e.process()).clear();
            }
            case Statement.Exit e -> kernel.exit(processes.get(e.process()), e.code());
            case Statement.ExpectStat e -> {
                long found = kernel.stats().get(e.counter());
                return expect(s, e.op().test(found, e.value()), "stat " + e.counter().key() + " " + e.op().symbol + " "
                        + e.valueText(), Long.toString(found));
            }
            case Statement.ExpectProcess e -> {
                return expectProcess(e);
            }
            case Statement.Show sh -> out.add(switch (sh.what()) {
                case "frames" -> text.frames();
                case "stats" -> "counters:\n" + KernelText.stats(kernel.stats());
                default -> processes.containsKey(sh.what()) ? text.pageTable(processes.get(sh.what()))
                        : sh.what() + ": " + unavailable(sh.what()) + "\n";
            });
            default -> throw new AssertionError(s);
        }
        if (actor != null) {
            Process p = processes.get(actor);
            if (p != null && !p.isAlive() && died(s)) {
                out.add(where(s) + actor + " died: " + p.deathReason());
            }
        }
        return Outcome.DONE;
    }

    /** True if the process died of this statement (not by a plain exit or a kill). */
    private boolean died(Statement s) {
        return !(s instanceof Statement.Exit) && events.stream().anyMatch(e -> e instanceof KernelEvent.Exited x
                && x.pid() == processes.get(s.actor()).pid());
    }

    private Outcome read(Statement.Read r, List<String> out) {
        long va = resolve(r.process(), r.address());
        byte[] got = processes.get(r.process()).read(va, (int) r.length());
        if (got == null) {
            out.add(where(r) + r.process() + " died: " + processes.get(r.process()).deathReason());
            return r.expected() == null ? Outcome.DONE
                    : expect(r, false, "read " + r.address() + " " + r.length() + " == " + Values.show(r.expected()),
                    r.process() + " died reading it");
        }
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
        MemoryUsage u = p.isAlive() ? p.memoryUsage() : new MemoryUsage(0, 0, 0, 0, 0);
        long found = switch (e.metric()) {
            case RSS -> u.rss();
            case PSS -> u.pss();
            case USS -> u.uss();
            case SHARED -> u.sharedBytes();
            case PRIVATE -> u.privateBytes();
            case STATUS -> throw new AssertionError();
        };
        return expect(e, e.op().test(found, e.value()), what, KernelText.size(found));
    }

    private Outcome expect(Statement s, boolean held, String expected, String found) {
        if (held) {
            passed++;
            return Outcome.PASSED;
        }
        failures.add(new RunResult.Failure(s.line(), "expected " + expected + ", found " + found));
        return Outcome.FAILED;
    }

    // ------------------------------------------------------------------ names and addresses

    private void created(String name, Process p, Map<String, long[]> inherited) {
        processes.put(name, p);
        names.put(p.pid(), name);
        regions.put(name, inherited);
        failedForks.remove(name);
    }

    private static Map<String, long[]> copyRegions(Map<String, long[]> from) {
        Map<String, long[]> out = new LinkedHashMap<>();
        from.forEach((k, v) -> out.put(k, v.clone()));
        return out;
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

    private long[] range(String process, String region) {
        if (region.equals(Checker.HEAP)) {
            Process p = processes.get(process);
            return new long[] {AddressLayout.HEAP_BASE, pageUp(p.brk()) - AddressLayout.HEAP_BASE};
        }
        long[] r = regions.get(process).get(region);
        if (r == null) {
            throw new IllegalStateException("process " + process + " has no region " + region);
        }
        return r;
    }

    private long resolve(String process, Address a) {
        if (a.region() == null) {
            return a.offset();
        }
        return range(process, a.region())[0] + a.offset();
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

    private ScenarioException error(Statement s, String message) {
        return new ScenarioException(new Diagnostic(scenario.file(), s.line(), s.column(), message,
                scenario.line(s.line())));
    }

    // ------------------------------------------------------------------ the end

    /** The tally so far: expectations, counters, processes. */
    public RunResult result() {
        Kernel k = kernel();
        List<RunResult.ProcessSummary> ps = new ArrayList<>();
        processes.forEach((name, p) -> {
            MemoryUsage u = p.isAlive() ? p.memoryUsage() : new MemoryUsage(0, 0, 0, 0, 0);
            ps.add(new RunResult.ProcessSummary(name, p.pid(), p.status().label(), p.exitCode(), u.rss(), u.pss(),
                    u.uss(), u.sharedBytes(), u.privateBytes()));
        });
        return new RunResult(scenario.file(), k.config(), next, passed, List.copyOf(failures), k.stats(), ps);
    }

    private static long pageUp(long v) {
        return (v + 4095) & -4096L;
    }
}
