package dev.cowvm.cli;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.RunResult;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cowvm compare FILE}: one scenario under every fork mode and zeroing policy, side by side.
 *
 * <p>The counters are exact and the same on every run. The time is not: the first runs of a
 * JVM are interpreted and compiled as they go, so timing each combination once made the
 * first one look many times slower than the rest. Every combination is therefore run once
 * to warm up, then {@code --runs} times, the rounds interleaved so that a slow moment of the
 * machine is spread over all of them, and the median is reported.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario under fork-mode cow and copy, each with the zeroing policies on-alloc,"
                + " on-free and none, and print the counters side by side.",
                "The scenario's own fork-mode and zero statements are overridden. Combinations whose counters are"
                        + " all the same are marked. Time is the median of several runs after one to warm up."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Common common;

    @Parameters(paramLabel = "FILE", description = "A scenario file (.cow).")
    Path file;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs of each combination after the warm-up, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int runs;

    private static final class Column {
        final ForkMode mode;
        final ZeroPolicy policy;
        final long[] nanos;
        RunResult result;
        Column sameAs;

        Column(ForkMode mode, ZeroPolicy policy, int runs) {
            this.mode = mode;
            this.policy = policy;
            this.nanos = new long[runs];
        }

        String name() {
            return mode.label() + "/" + policy.label();
        }

        double medianMillis() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return median / 1e6;
        }
    }

    private record Row(String label, ToLongFunction<Column> value) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("pages copied", c -> c.result.stats().get(Counter.PAGES_COPIED)),
            new Row("naive copy pages", c -> c.result.stats().get(Counter.NAIVE_COPY_PAGES)),
            new Row("frames in use at peak", c -> c.result.stats().get(Counter.PEAK_FRAMES_IN_USE)),
            new Row("frames allocated", c -> c.result.stats().get(Counter.FRAMES_ALLOCATED)),
            new Row("frames zeroed", c -> c.result.stats().get(Counter.FRAMES_ZEROED)),
            new Row("bytes zeroed", c -> c.result.stats().get(Counter.BYTES_ZEROED)),
            new Row("zero-page maps", c -> c.result.stats().get(Counter.ZERO_PAGE_MAPS)),
            new Row("zero-fill faults", c -> c.result.stats().get(Counter.ZERO_FILL_FAULTS)),
            new Row("cow copy faults", c -> c.result.stats().get(Counter.COW_COPY_FAULTS)),
            new Row("cow reuse faults", c -> c.result.stats().get(Counter.COW_REUSE_FAULTS)),
            new Row("segfaults", c -> c.result.stats().get(Counter.SEGFAULTS)),
            new Row("oom kills", c -> c.result.stats().get(Counter.OOM_KILLS)),
            new Row("failed forks", c -> c.result.stats().get(Counter.FAILED_FORKS)),
            new Row("expectations failed", c -> c.result.failures().size()));

    private static final int WIDTH = 14;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs < 1 || runs > 100) {
            err.println("cowvm compare: --runs " + runs + " is out of range: 1 to 100 timed runs");
            err.flush();
            return Cowvm.USAGE;
        }
        Scenario scenario = Common.load(file, err);
        if (scenario == null) {
            err.flush();
            return Cowvm.USAGE;
        }
        List<Column> columns = new ArrayList<>();
        for (ForkMode mode : List.of(ForkMode.COW, ForkMode.COPY)) {
            for (ZeroPolicy policy : List.of(ZeroPolicy.ON_ALLOC, ZeroPolicy.ON_FREE, ZeroPolicy.NONE)) {
                columns.add(new Column(mode, policy, runs));
            }
        }
        ScenarioRunner runner = new ScenarioRunner(out, common.style(), false, Progress.Mode.NEVER);
        try (Progress bar = new Progress(common.progress, "compare " + file, (long) columns.size() * (runs + 1))) {
            for (int round = -1; round < runs; round++) { // round -1 warms up and gives the counters
                for (Column c : columns) {
                    long t0 = System.nanoTime();
                    RunResult r = runner.run(scenario, RunOptions.defaults().withOverrides(c.mode, c.policy), false,
                            null);
                    long t = System.nanoTime() - t0;
                    if (round < 0) {
                        c.result = r;
                    } else {
                        c.nanos[round] = t;
                    }
                    bar.step();
                }
            }
        } catch (ScenarioException e) {
            err.print(e.report());
            err.flush();
            return Cowvm.USAGE;
        }
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i && columns.get(i).sameAs == null; j++) {
                if (sameCounters(columns.get(i), columns.get(j))) {
                    columns.get(i).sameAs = columns.get(j).sameAs != null ? columns.get(j).sameAs : columns.get(j);
                }
            }
        }
        if (json) {
            out.println(Json.pretty(json(columns)));
        } else {
            table(out, columns);
        }
        out.flush();
        return Cowvm.OK;
    }

    /** Every counter and the expectations' tally equal: the settings that differ changed nothing measurable. */
    private static boolean sameCounters(Column a, Column b) {
        return a.result.stats().asMap().equals(b.result.stats().asMap())
                && a.result.failures().equals(b.result.failures());
    }

    private void table(PrintWriter out, List<Column> columns) {
        Style style = common.style();
        out.println(style.heading("compare " + file + ": the same scenario under each fork mode and zero policy"));
        StringBuilder h1 = new StringBuilder(String.format("%-22s", ""));
        StringBuilder h2 = new StringBuilder(String.format("%-22s", ""));
        for (Column c : columns) {
            h1.append(String.format(" %" + WIDTH + "s", c.mode.label()));
            h2.append(String.format(" %" + WIDTH + "s", c.policy.label()));
        }
        out.println(style.heading(h1.toString()));
        out.println(style.heading(h2.toString()));
        for (Row row : ROWS) {
            StringBuilder line = new StringBuilder(String.format("%-22s", row.label));
            for (Column c : columns) {
                line.append(String.format(" %" + WIDTH + "d", row.value.applyAsLong(c)));
            }
            out.println(line);
        }
        StringBuilder same = new StringBuilder(String.format("%-22s", "same counters as"));
        for (Column c : columns) {
            same.append(String.format(" %" + WIDTH + "s", c.sameAs == null ? "-" : c.sameAs.name()));
        }
        out.println(same);
        StringBuilder time = new StringBuilder(String.format("%-22s", "time (ms), median"));
        for (Column c : columns) {
            time.append(String.format(Locale.ROOT, " %" + WIDTH + ".2f", c.medianMillis()));
        }
        out.println(time);
        out.println(style.note("time: the median of " + runs + (runs == 1 ? " run" : " runs")
                + " of each, after one run of each to warm up the JVM"));
        for (Column first : columns) {
            if (first.sameAs != null) {
                continue;
            }
            List<String> group = columns.stream().filter(c -> c == first || c.sameAs == first).map(Column::name).toList();
            if (group.size() > 1) {
                out.println(style.note("same counters: " + String.join(", ", group)
                        + " (the settings that differ changed nothing the kernel counts here)"));
            }
            for (RunResult.Failure f : first.result.failures()) {
                out.println(style.bad(String.join(", ", group) + ": " + file + ":" + f.line()
                        + ": expectation failed: ") + f.message());
            }
        }
        if (columns.stream().anyMatch(c -> c.policy == ZeroPolicy.NONE)) {
            out.println(style.note("zero policy none is insecure: it exists to show the leak it allows"));
        }
    }

    private Object json(List<Column> columns) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file.toString());
        doc.put("timedRuns", runs);
        doc.put("runs", columns.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("forkMode", c.mode.label());
            m.put("zero", c.policy.label());
            m.put("millis", c.medianMillis());
            m.put("sameCountersAs", c.sameAs == null ? null : c.sameAs.name());
            m.putAll(Json.run(c.result));
            return m;
        }).toList());
        return doc;
    }
}
