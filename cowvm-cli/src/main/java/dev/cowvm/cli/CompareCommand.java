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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cowvm compare FILE}: one scenario under every fork mode and zeroing policy, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario under fork-mode cow and copy, each with the zeroing policies on-alloc,"
                + " on-free and none, and print the counters side by side.",
                "The scenario's own fork-mode and zero statements are overridden. Time is one run's wall-clock time."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Common common;

    @Parameters(paramLabel = "FILE", description = "A scenario file (.cow).")
    Path file;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    private record Column(ForkMode mode, ZeroPolicy policy, RunResult result, long nanos) {
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario = Common.load(file, err);
        if (scenario == null) {
            err.flush();
            return Cowvm.USAGE;
        }
        List<Column> columns = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(out, common.style(), false, Progress.Mode.NEVER);
        try (Progress bar = new Progress(common.progress, "compare " + file, 6)) {
            for (ForkMode mode : List.of(ForkMode.COW, ForkMode.COPY)) {
                for (ZeroPolicy policy : List.of(ZeroPolicy.ON_ALLOC, ZeroPolicy.ON_FREE, ZeroPolicy.NONE)) {
                    long t0 = System.nanoTime();
                    RunResult r = runner.run(scenario, RunOptions.defaults().withOverrides(mode, policy), false, null);
                    columns.add(new Column(mode, policy, r, System.nanoTime() - t0));
                    bar.step();
                }
            }
        } catch (ScenarioException e) {
            err.print(e.report());
            err.flush();
            return Cowvm.USAGE;
        }
        if (json) {
            out.println(Json.pretty(json(columns)));
        } else {
            table(out, columns);
        }
        out.flush();
        return Cowvm.OK;
    }

    private void table(PrintWriter out, List<Column> columns) {
        Style style = common.style();
        out.println(style.heading("compare " + file + ": the same scenario under each fork mode and zero policy"));
        StringBuilder h1 = new StringBuilder(String.format("%-22s", ""));
        StringBuilder h2 = new StringBuilder(String.format("%-22s", ""));
        for (Column c : columns) {
            h1.append(String.format(" %10s", c.mode.label()));
            h2.append(String.format(" %10s", c.policy.label()));
        }
        out.println(style.heading(h1.toString()));
        out.println(style.heading(h2.toString()));
        for (Row row : ROWS) {
            StringBuilder line = new StringBuilder(String.format("%-22s", row.label));
            for (Column c : columns) {
                line.append(String.format(" %10d", row.value.applyAsLong(c)));
            }
            out.println(line);
        }
        StringBuilder time = new StringBuilder(String.format("%-22s", "time (ms)"));
        for (Column c : columns) {
            time.append(String.format(" %10.1f", c.nanos / 1e6));
        }
        out.println(time);
        if (columns.stream().anyMatch(c -> c.policy == ZeroPolicy.NONE)) {
            out.println(style.note("zero policy none is insecure: it exists to show the leak it allows"));
        }
    }

    private Object json(List<Column> columns) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file.toString());
        doc.put("runs", columns.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("forkMode", c.mode.label());
            m.put("zero", c.policy.label());
            m.put("millis", c.nanos / 1e6);
            m.putAll(Json.run(c.result));
            return m;
        }).toList());
        return doc;
    }
}
