package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.Stats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our own xv6 programs (cowvm-riscv/src/test/guest/xv6) on the machine: each prints what it
 * checks and exits 0; afterwards every frame is accounted for and back in the pool.
 */
class Xv6ProgramsTest {
    static final Path GUEST = Path.of("src/test/guest/xv6");

    /** A machine whose file system holds every program of ours under its xv6 name. */
    static Machine machine(String input, ByteArrayOutputStream out) throws IOException {
        FileSystem fs = new FileSystem(Limits.xv6());
        Path dir = Files.createTempDirectory("cowvm-xv6");
        try (Stream<Path> files = Files.list(GUEST)) {
            for (Path elf : files.filter(f -> f.toString().endsWith(".elf")).toList()) {
                String name = elf.getFileName().toString().replace(".elf", "");
                Files.copy(elf, dir.resolve(name));
            }
        }
        Files.writeString(dir.resolve("notes"), "a pipe joins two programs\nthe pipe is a buffer\nnothing else\n");
        HostImport.Report report = HostImport.fill(fs, dir);
        assertThat(report.skipped()).isEmpty();
        return new Machine(Machine.Config.xv6(), fs, ConsoleInput.of(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    record Ran(int status, String output, Stats stats, String stopped) {
    }

    static Ran run(String program, String input, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Machine m = machine(input, out)) {
            List<String> argv = new java.util.ArrayList<>(List.of(program));
            argv.addAll(List.of(args));
            assertThat(m.start("/" + program, argv, List.of()).isOk()).isTrue();
            int status = m.run();
            m.kernel().checkInvariants();
            assertThat(m.kernel().stats().get(Counter.FRAMES_IN_USE)).as("every frame back in the pool")
                    .isZero();
            return new Ran(status, out.toString(StandardCharsets.UTF_8), m.kernel().stats(), m.stopReason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"libtest", "forktest", "copyout", "cowtest", "badptr"})
    void ourTestProgramsPass(String program) throws Exception {
        Ran r = run(program, "");
        assertThat(r.output()).doesNotContain("FAILED");
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.stopped()).isNull();
    }

    @Test
    void bootedInitAdoptsOrphansAndCollectsThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Machine m = machine("forktest\n", out)) {
            List<Integer> reapedByInit = new java.util.ArrayList<>();
            m.kernel().addListener(KernelEvent.Reaped.class, e -> {
                if (e.parent() == 1) {
                    reapedByInit.add(e.pid());
                }
            });
            assertThat(m.boot("/init", List.of("init"), List.of()).isOk()).isTrue();
            m.run();
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("forktest: all").doesNotContain("FAILED");
            assertThat(reapedByInit).as("orphans of forktest's children, collected by init")
                    .anyMatch(pid -> pid > 3);
            assertThat(m.kernel().stats().get(Counter.FRAMES_IN_USE)).isZero();
        }
    }

    @Test
    void initStartsAShellWithPipesAndRedirection() throws Exception {
        Ran r = run("init", "echo hello | wc\ngrep pipe notes | wc\necho one > f; echo two >> f; cat f\nls notes\n");
        assertThat(r.output()).contains("init: starting /sh").contains("$ ")
                .contains("1 1 6").contains("2 10 47").contains("one\ntwo\n");
        assertThat(r.stats().get(Counter.FORKS)).isPositive();
        assertThat(r.stats().get(Counter.PAGES_COPIED)).as("fork + exec copies almost nothing")
                .isLessThan(r.stats().get(Counter.NAIVE_COPY_PAGES));
    }
}
