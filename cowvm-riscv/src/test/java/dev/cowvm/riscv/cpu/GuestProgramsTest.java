package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every committed test program of {@code src/test/guest} on the hart: each checks its
 * own cases and must exit with 0 after printing PASS (a failing one names its case).
 */
class GuestProgramsTest {
    static final Path GUEST = Path.of("src/test/guest");

    static List<Path> programs() throws IOException {
        try (Stream<Path> s = Files.list(GUEST)) {
            return s.filter(p -> p.toString().endsWith(".elf"))
                    .filter(p -> !p.getFileName().toString().startsWith("bench_"))
                    .filter(p -> !p.getFileName().toString().startsWith("trap_"))
                    .sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void passes(Path elf) {
        GuestRun.Result r = GuestRun.of(elf).run(2_000_000_000L);
        assertThat(r.text()).as(r.describe()).endsWith("PASS\n");
        assertThat(r.exited()).as(r.describe()).isTrue();
        assertThat(r.exitCode()).as(r.text()).isZero();
    }
}
