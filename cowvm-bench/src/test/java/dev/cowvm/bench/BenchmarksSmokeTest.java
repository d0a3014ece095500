package dev.cowvm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.bench.report.Report;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method once, in this JVM, with the smallest size of each parameter:
 * proof that each one sets up, runs, and passes the checks its fixtures make (that it
 * measured the fault, the hit or the fork it claims to). Says nothing about speed.
 */
class BenchmarksSmokeTest {
    private static final List<Class<?>> BENCHMARKS = List.of(ForkBenchmark.class, CopyOnWriteFaultBenchmark.class,
            ZeroFillFaultBenchmark.class, AccessBenchmark.class, ScaleBenchmark.class, ScenarioBenchmark.class);

    @Test
    void everyBenchmarkRunsOnceWithATinySize(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("smoke.json");
        Options options = new OptionsBuilder()
                .include("dev\\.cowvm\\.bench\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .mode(Mode.SingleShotTime)
                .param("residentMiB", "1")
                .param("workingSetKiB", "16")
                .param("machineGiB", "1")
                .param("spacingMiB", "1024")
                .param("statements", "2000")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
            assertThat(result.getPrimaryResult().getScore()).as(name).isPositive();
        }
        assertThat(ran).containsExactlyInAnyOrderElementsOf(declaredBenchmarks());

        // The report reads what JMH really writes.
        Path md = dir.resolve("smoke.md");
        Report.main(new String[] {"--jmh", json.toString(), "--out", md.toString()});
        assertThat(Files.readString(md)).containsPattern("\\| to a shared page \\(copy\\) \\| [0-9]")
                .containsPattern("\\| 2,000 \\| [0-9.,]+ \\| [0-9.,]+ \\| [0-9,]+ \\|");
    }

    /** Every {@code @Benchmark} method of the benchmark classes, as "Class.method". */
    private static Set<String> declaredBenchmarks() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : BENCHMARKS) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    names.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        return names;
    }
}
