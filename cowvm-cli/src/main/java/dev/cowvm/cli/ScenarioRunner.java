package dev.cowvm.cli;

import dev.cowvm.Sizes;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.Stats;
import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.RunResult;
import dev.cowvm.script.text.KernelText;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import dev.cowvm.script.StepResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a scenario for the command line: prints each statement's output (and, when asked,
 * the statement itself and the kernel's explanation), the expectations that fail, and a
 * summary; shows a progress bar when a run takes more than a second on a terminal.
 */
final class ScenarioRunner {
    private final PrintWriter out;
    private final Style style;
    private final boolean echo;
    private final Progress.Mode progress;

    ScenarioRunner(PrintWriter out, Style style, boolean echo, Progress.Mode progress) {
        this.out = out;
        this.style = style;
        this.echo = echo;
        this.progress = progress;
    }

    /**
     * Runs to the end. {@code eventSink} gets every step (for --events), or is null.
     *
     * @throws ScenarioException on an error of the scenario met while running
     */
    RunResult run(Scenario scenario, RunOptions options, boolean print, Consumer<StepResult> eventSink)
            throws ScenarioException {
        Run run = new Run(scenario, options);
        try (Progress bar = new Progress(progress, scenario.file(), scenario.statements().size())) {
            while (run.hasNext()) {
                StepResult step = run.step();
                bar.step();
                if (eventSink != null) {
                    eventSink.accept(step);
                }
                if (print) {
                    print(scenario, step);
                }
            }
        }
        RunResult result = run.result();
        if (print) {
            summary(result);
            out.flush();
        }
        return result;
    }

    private void print(Scenario scenario, StepResult step) {
        boolean narration = step.statement() instanceof dev.cowvm.script.Statement.Say;
        if (echo && !narration && !(step.statement() instanceof dev.cowvm.script.Statement.Show)) {
            out.println(style.code("  $ " + step.source()));
        }
        for (String line : step.output()) {
            if (narration) {
                out.println();
                out.println(style.heading(line));
            } else {
                out.print(line.endsWith("\n") ? line : line + "\n");
            }
        }
        for (String line : step.explanation()) {
            out.println(style.note("  -> " + line));
        }
        if (step.outcome() == StepResult.Outcome.FAILED) {
            out.println(style.bad(scenario.file() + ":" + step.statement().line() + ": expectation failed: ")
                    + step.failure());
        }
    }

    void summary(RunResult r) {
        out.println();
        String verdict = r.ok() ? style.good("ok") : style.bad("FAILED");
        out.printf("%s: %s; %d statements; expectations: %d passed, %d failed%n", r.file(), verdict,
                r.statements(), r.passed(), r.failures().size());
        out.printf("  pool: %s%n", KernelText.pool(r.config().frames()));
        for (RunResult.Failure f : r.failures()) {
            out.printf("  line %d: %s%n", f.line(), f.message());
        }
        for (RunResult.ProcessSummary p : r.processes()) {
            out.println(processLine(p));
        }
        out.println(style.note(counters(r.stats())));
    }

    /**
     * A process at the end: status, memory, and its own faults as Linux's {@code ru_minflt}
     * counts them, with how many were zero fills and copies.
     */
    static String processLine(RunResult.ProcessSummary p) {
        MemoryUsage u = p.usage();
        Stats s = p.stats();
        String status = p.status().label() + p.exitCode().stream().mapToObj(c -> " " + c).findFirst().orElse("");
        return String.format(Locale.ROOT, "  %-12s pid %-4d %-9s rss %-8s pss %-8s uss %-8s minflt %d"
                        + " (%d zero-fill, %d cow-copy)",
                p.name(), p.pid(), status, Sizes.format(u.rssBytes()), Sizes.format(u.pssBytes()),
                Sizes.format(u.ussBytes()), s.get(Counter.MINOR_FAULTS), s.get(Counter.ZERO_FILL_FAULTS),
                s.get(Counter.COW_COPY_FAULTS));
    }

    /** The key counters of the whole run, in one line. */
    static String counters(Stats s) {
        return String.format(Locale.ROOT, "  forks %d, pages copied %d, zero fills %d, frames in use %d (peak %d)",
                s.get(Counter.FORKS), s.get(Counter.PAGES_COPIED), s.get(Counter.ZERO_FILL_FAULTS),
                s.get(Counter.FRAMES_IN_USE), s.get(Counter.PEAK_FRAMES_IN_USE));
    }
}
