package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the committed test programs of {@code src/test/guest} on the hart, interpreted and
 * translated.
 * <ul>
 *   <li>Test programs check their own cases: each must print PASS and exit with 0 (a
 *       failing one exits with its case number and says which).</li>
 *   <li>Benchmarks, at scale 1, must print the checksum they know and exit with 0.</li>
 *   <li>Trap programs must stop with the trap their name says, with the right value.</li>
 * </ul>
 */
class GuestProgramsTest {
    static final Path GUEST = Path.of("src/test/guest");

    /** What each trap program must end with: the cause and a check of the trap value. */
    record Expected(int cause, int qemuSignal, Predicate<GuestRun.Result> value, String valueRule) {
    }

    static final Map<String, Expected> TRAPS = Map.of(
            "trap_illegal_zero", new Expected(Trap.ILLEGAL_INSTRUCTION, 4, r -> r.trapValue() == 0, "the parcel 0"),
            "trap_illegal_csr", new Expected(Trap.ILLEGAL_INSTRUCTION, 4, r -> r.trapValue() == 0xC0051073L,
                    "csrw cycle, a0"),
            "trap_illegal_frm", new Expected(Trap.ILLEGAL_INSTRUCTION, 4, r -> r.trapValue() == 0x02A57553L,
                    "fadd.d fa0, fa0, fa0 (dyn) with frm = 5"),
            "trap_illegal_rm", new Expected(Trap.ILLEGAL_INSTRUCTION, 4, r -> r.trapValue() == 0x02005053L,
                    "fadd.d with rm = 5"),
            "trap_ebreak", new Expected(Trap.BREAKPOINT, 5, r -> r.trapValue() == r.pc(), "its pc"),
            "trap_load_unmapped", new Expected(Trap.LOAD_PAGE_FAULT, 11, r -> r.trapValue() == 0x10, "0x10"),
            "trap_store_text", new Expected(Trap.STORE_PAGE_FAULT, 11, r -> r.trapValue() == r.pc() - 8,
                    "_start, 8 bytes before the store"),
            "trap_fetch_data", new Expected(Trap.FETCH_PAGE_FAULT, 11, r -> r.trapValue() == r.pc(),
                    "the pc it jumped to"),
            "trap_amo_misaligned", new Expected(Trap.STORE_MISALIGNED, 7, r -> (r.trapValue() & 7) == 2,
                    "the address, 2 mod 8"));

    static List<Path> programs(String prefix, boolean matching) throws IOException {
        try (Stream<Path> s = Files.list(GUEST)) {
            return s.filter(p -> p.toString().endsWith(".elf"))
                    .filter(p -> name(p).startsWith(prefix) == matching)
                    .sorted().toList();
        }
    }

    static String name(Path elf) {
        String n = elf.getFileName().toString();
        return n.substring(0, n.length() - ".elf".length());
    }

    static List<Path> tests() throws IOException {
        return programs("", true).stream()
                .filter(p -> !name(p).startsWith("bench_") && !name(p).startsWith("trap_")).toList();
    }

    static List<Path> benchmarks() throws IOException {
        return programs("bench_", true);
    }

    static List<Path> traps() throws IOException {
        return programs("trap_", true);
    }

    /** Each program in each of the given modes. */
    static Stream<Arguments> inModes(List<Path> programs, GuestRun.Mode... modes) {
        return programs.stream().flatMap(p -> Stream.of(modes).map(m -> Arguments.of(p, m)));
    }

    static Stream<Arguments> testsInEveryMode() throws IOException {
        return inModes(tests(), GuestRun.Mode.INTERPRETED, GuestRun.Mode.TRANSLATED, GuestRun.Mode.TRANSLATED_ON_KERNEL);
    }

    /** Benchmarks run long enough for hot code to be translated the usual way. */
    static Stream<Arguments> benchmarksInEveryMode() throws IOException {
        return inModes(benchmarks(), GuestRun.Mode.INTERPRETED, GuestRun.Mode.DEFAULT, GuestRun.Mode.TRANSLATED_ON_KERNEL);
    }

    static Stream<Arguments> trapsInEveryMode() throws IOException {
        return inModes(traps(), GuestRun.Mode.INTERPRETED, GuestRun.Mode.TRANSLATED, GuestRun.Mode.TRANSLATED_ON_KERNEL);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("testsInEveryMode")
    void passes(Path elf, GuestRun.Mode mode) {
        GuestRun run = GuestRun.of(elf, mode);
        GuestRun.Result r = run.run(2_000_000_000L);
        assertThat(r.text()).as(r.describe()).endsWith("PASS\n");
        assertThat(r.exited()).as(r.describe()).isTrue();
        assertThat(r.exitCode()).as(r.text()).isZero();
        if (mode != GuestRun.Mode.INTERPRETED) {
            assertThat(run.hart.instretTranslated()).as("translated instructions").isPositive();
            assertThat(Translator.failures()).as("translations that failed").isZero();
        } else {
            assertThat(run.hart.instretTranslated()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("benchmarksInEveryMode")
    void benchmarkChecksumsMatch(Path elf, GuestRun.Mode mode) {
        GuestRun.Result r = GuestRun.of(elf, mode, "1").run(2_000_000_000L);
        assertThat(r.exited()).as(r.describe()).isTrue();
        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(r.text()).matches("0x[0-9a-f]{16}\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("trapsInEveryMode")
    void trapsAsNamed(Path elf, GuestRun.Mode mode) throws IOException {
        Expected e = TRAPS.get(name(elf));
        assertThat(e).as("expectation for " + elf).isNotNull();
        GuestRun.Result r = GuestRun.of(elf, mode).run(1_000_000);
        assertThat(r.exited()).as(r.describe()).isFalse();
        assertThat(r.trap()).as(r.describe()).isEqualTo(e.cause());
        assertThat(e.value().test(r)).as(r.describe() + ": tval should be " + e.valueRule()).isTrue();
        // The trapping instruction did not retire, and the pc is inside the program's text.
        long entry = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
        assertThat(r.instret()).isLessThan(20);
        if (e.cause() != Trap.FETCH_PAGE_FAULT) {
            assertThat(r.pc()).isBetween(entry, entry + 64);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traps")
    void everyTrapProgramHasAnExpectation(Path elf) {
        assertThat(TRAPS).containsKey(name(elf));
    }
}
