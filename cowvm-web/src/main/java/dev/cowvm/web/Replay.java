package dev.cowvm.web;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.script.Diagnostic;
import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import dev.cowvm.script.Statement;
import dev.cowvm.script.StepResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario from its first statement, one step at a time, within the server's limits.
 * The requests of the page carry no state: to show step N the server runs statements 1 to
 * N on a fresh kernel, which is exact because the kernel is deterministic, and which keeps
 * browser tabs apart. To keep stepping linear, a replay left at step N is kept (see
 * {@link Replays}) and the request for step N+1 runs one more statement.
 *
 * <p>Each request may compute for the time limit. The run asks before every statement,
 * and between the chunks of a long one ({@link RunOptions#stop()}), whether that time or
 * the run's budget of kernel events is spent, so it stops between two kernel operations
 * and never inside one. A stopped replay is thrown away.
 */
final class Replay {
    private final Scenario scenario;
    private final WebLimits limits;
    private final Run run;
    private long deadline;
    private boolean started;
    private String narration;
    private int passed;
    private final List<Map<String, Object>> failures = new ArrayList<>();
    private long events;
    private long statementsRun;

    Replay(Scenario scenario, WebLimits limits) {
        this.scenario = scenario;
        this.limits = limits;
        this.run = new Run(scenario, RunOptions.defaults().withExplain(true)
                .withLimits(limits.maxMemory(), limits.hostMemory()).withStop(this::whyStop));
        begin();
    }

    /** Starts the time of a new request. */
    void begin() {
        deadline = System.nanoTime() + limits.timeLimit().toNanos();
    }

    /** Why the run must stop now, or null (asked by the run between kernel operations). */
    private String whyStop() {
        if (System.nanoTime() - deadline > 0) {
            return timeLimit();
        }
        if (events > limits.maxEvents()) {
            return "the run made more than the " + limits.maxEvents() + " kernel events allowed here";
        }
        return null;
    }

    /** Statements this replay has run, in all. */
    long statementsRun() {
        return statementsRun;
    }

    /** Gives the machine's memory back; the replay may not be used afterwards. */
    void close() {
        if (started) {
            run.kernel().close();
        }
    }

    /**
     * Parses and checks a scenario's text against the limits.
     *
     * @throws ApiError 422 with every problem located, as {@code diagnostics}
     */
    static Scenario parse(String name, String text, WebLimits limits) throws ApiError {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxScenarioBytes()) {
            throw ApiError.unprocessable("the scenario is " + bytes + " bytes; at most " + limits.maxScenarioBytes()
                    + " are allowed here");
        }
        try {
            // Loops expand within the same limits as statements written out: the count, and
            // the text, which may not grow past what the page may send.
            return Scenario.parse(name, text, new Scenario.Limits(limits.maxStatements(), limits.maxScenarioBytes()));
        } catch (ScenarioException e) {
            throw located(e.diagnostics().size() == 1 ? e.diagnostics().getFirst().message()
                    : "the scenario has " + e.diagnostics().size() + " errors", e.diagnostics());
        }
    }

    static ApiError located(String message, List<Diagnostic> diagnostics) {
        return ApiError.unprocessable(message).with("diagnostics", diagnostics.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", d.line());
            m.put("column", d.column());
            m.put("message", d.message());
            return m;
        }).toList());
    }

    Scenario scenario() {
        return scenario;
    }

    Run run() {
        return run;
    }

    /** Statements run so far. */
    int position() {
        return run.position();
    }

    /** True once a statement has needed the machine: {@link #kernel()} is then the run's. */
    boolean started() {
        return started;
    }

    /** The text of the last {@code say} run, or null: the chapter of the story being told. */
    String narration() {
        return narration;
    }

    int passed() {
        return passed;
    }

    List<Map<String, Object>> failures() {
        return failures;
    }

    /**
     * Runs the next statement.
     *
     * @throws ApiError 422, located, if the kernel refuses it or the time limit is reached
     */
    StepResult step() throws ApiError {
        int index = run.position();
        Statement s = scenario.statements().get(index);
        if (!started && !isSetting(s)) {
            started = true;
            run.kernel().addListener(event -> events++);
        }
        StepResult r;
        try {
            r = run.step();
        } catch (ScenarioException e) {
            throw located(e.diagnostics().getFirst().message(), e.diagnostics()).with("ran", index);
        }
        statementsRun++;
        if (s instanceof Statement.Say say) {
            narration = say.text();
        }
        switch (r.outcome()) {
            case PASSED -> passed++;
            case FAILED -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("line", s.line());
                f.put("message", r.failure());
                failures.add(f);
            }
            default -> { }
        }
        return r;
    }

    private String timeLimit() {
        return "the run took longer than the " + limits.timeLimit().toMillis() + " ms allowed here";
    }

    /**
     * The machine: the run's once a statement has needed it; before that, a fresh one built
     * from the scenario's settings (which all come first), exactly as the run will build it.
     */
    Kernel kernel() throws ApiError {
        if (started) {
            return run.kernel();
        }
        Run preview = new Run(scenario, RunOptions.defaults().withLimits(limits.maxMemory(), limits.hostMemory()));
        try {
            while (preview.hasNext() && isSetting(scenario.statements().get(preview.position()))) {
                preview.step();
            }
        } catch (ScenarioException e) {
            throw located(e.diagnostics().getFirst().message(), e.diagnostics()).with("ran", run.position());
        }
        return preview.kernel();
    }

    /** Statements that configure the machine or only speak, and so do not build it. */
    private static boolean isSetting(Statement s) {
        return s instanceof Statement.Memory || s instanceof Statement.Zero || s instanceof Statement.SetForkMode
                || s instanceof Statement.Paging || s instanceof Statement.Say;
    }
}
