package dev.cowvm.bench;

import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.RunResult;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Figure 6: the scenario runner's throughput on a large generated scenario.
 *
 * <p>The scenario is a workload like the examples, repeated: a parent maps and fills
 * memory, forks workers that read, write, touch and check what they read, then exit and
 * are reaped. Every statement is one the language documents; about one in ten is an
 * {@code expect}. Two operations: {@code parse} (text to checked statements) and
 * {@code parseAndRun} (the whole of {@code cowvm run} but the printing). Statements per
 * second is {@code statements} divided by the time of one operation. The generator uses
 * no randomness, so every run measures the same scenario.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class ScenarioBenchmark {
    /** Statements in the generated scenario (about). */
    @Param({"100000"})
    public int statements;

    String text;

    @Setup(Level.Trial)
    public void generate() {
        text = generate(statements);
    }

    /** A scenario of about {@code count} statements; deterministic. */
    static String generate(int count) {
        StringBuilder s = new StringBuilder("memory 256MiB\nspawn parent\nparent map data 1MiB rw\n"
                + "parent fill data 0 1MiB 0x41\n");
        int n = 4;
        int round = 0;
        while (n < count) {
            String w = "w" + round;
            s.append("fork parent ").append(w).append('\n');
            n++;
            for (int i = 0; i < 16 && n < count; i++, n += 5) {
                long page = (round * 37L + i * 13L) % 256;
                s.append(w).append(" read data+").append(page * 4096).append(" 4 expect 0x41414141\n");
                s.append(w).append(" write data+").append(page * 4096 + 8).append(" \"round ").append(round)
                        .append("\"\n");
                s.append(w).append(" read data+").append(page * 4096 + 8).append(" 5 expect \"round\"\n");
                s.append(w).append(" touch data ").append(page * 4096).append(" 8KiB read\n");
                s.append("expect stat forks == ").append(round + 1).append('\n');
            }
            s.append(w).append(" exit 0\nwait parent ").append(w).append('\n');
            n += 2;
            round++;
        }
        return s.toString();
    }

    @Benchmark
    public Scenario parse() throws ScenarioException {
        return Scenario.parse("generated.cow", text);
    }

    @Benchmark
    public RunResult parseAndRun() throws ScenarioException {
        Run run = new Run(Scenario.parse("generated.cow", text), RunOptions.defaults());
        while (run.hasNext()) {
            run.step();
        }
        RunResult r = run.result();
        if (!r.ok()) {
            throw new IllegalStateException("the generated scenario failed: " + r.failures().getFirst());
        }
        return r;
    }
}
