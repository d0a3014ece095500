package dev.cowvm.cli;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.RunResult;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import dev.cowvm.script.StepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cowvm run FILE...}: runs scenarios. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run scenarios: print what their statements show, then a summary.",
                "Exit code 0 if every expectation held, 1 if one failed, 2 for an error in a scenario."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Cowvm cowvm;

    @Mixin
    Common common;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (.cow); - reads standard input.")
    List<Path> files;

    @Option(names = "--json", description = "Print one JSON document instead of text (an array for several files).")
    boolean json;

    @Option(names = "--events", description = "Stream every kernel event as a JSON line, then a summary line.")
    boolean events;

    @Option(names = "--explain", description = "Echo each statement and say what the kernel did and why.")
    boolean explain;

    @Option(names = "--fork-mode", paramLabel = "MODE", description = "Override the scenarios' fork mode: cow or copy.",
            converter = Converters.Fork.class)
    ForkMode forkMode;

    @Option(names = "--zero", paramLabel = "POLICY",
            description = "Override the scenarios' zero policy: on-alloc, on-free or none.",
            converter = Converters.Zero.class)
    ZeroPolicy zero;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String twice = Common.stdinOnce(files);
        if (twice != null) {
            err.println("cowvm run: " + twice);
            err.flush();
            return Cowvm.USAGE;
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path f : files) {
            Scenario s = Common.load(f, err, cowvm.stdin);
            if (s == null) {
                err.flush();
                return Cowvm.USAGE;
            }
            scenarios.add(s);
        }
        RunOptions options = RunOptions.defaults().withExplain(explain).withOverrides(forkMode, zero);
        boolean text = !json && !events;
        ScenarioRunner runner = new ScenarioRunner(out, common.style(), explain, common.progress);
        List<RunResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            try {
                RunResult r = runner.run(s, options, text, events ? step -> {
                    for (var e : step.events()) {
                        out.println(Json.event(step.statement().line(), e));
                    }
                } : null);
                results.add(r);
                if (events) {
                    java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
                    summary.put("type", "summary");
                    summary.putAll(Json.run(r));
                    out.println(Json.write(summary));
                }
            } catch (ScenarioException e) {
                out.flush();
                err.print(e.report());
                err.flush();
                return Cowvm.USAGE;
            }
        }
        if (json) {
            out.println(Json.pretty(Json.runs(results)));
        }
        out.flush();
        return results.stream().allMatch(RunResult::ok) ? Cowvm.OK : Cowvm.EXPECTATION_FAILED;
    }
}
