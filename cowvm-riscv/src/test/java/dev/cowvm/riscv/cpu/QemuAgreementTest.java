package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference CPU agrees: every committed test program, run under qemu-riscv64, prints
 * the same bytes and exits the same way as on the hart, interpreted and translated; every trap program is killed by
 * the signal Linux delivers for that trap. (This also keeps the programs honest: a case
 * whose expectation were wrong would fail here too.)
 */
@RequiresTool(Tool.QEMU_RISCV64)
class QemuAgreementTest {
    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cowvm.riscv.cpu.GuestProgramsTest#tests")
    void testProgramsAgree(Path elf) throws IOException, InterruptedException {
        Qemu.Outcome q = Qemu.run(elf, work);
        assertThat(q.stdout()).as("qemu's output").endsWith("PASS\n");
        for (GuestRun.Mode mode : new GuestRun.Mode[] {GuestRun.Mode.INTERPRETED, GuestRun.Mode.TRANSLATED}) {
            GuestRun.Result r = GuestRun.of(elf, mode).run(2_000_000_000L);
            assertThat(r.text()).as(mode.toString()).isEqualTo(q.stdout());
            assertThat(r.exitCode()).as(mode.toString()).isEqualTo(q.status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cowvm.riscv.cpu.GuestProgramsTest#benchmarks")
    void benchmarksAgree(Path elf) throws IOException, InterruptedException {
        Qemu.Outcome q = Qemu.run(elf, work, "1");
        assertThat(q.status()).as(q.stdout()).isZero();
        for (GuestRun.Mode mode : new GuestRun.Mode[] {GuestRun.Mode.INTERPRETED, GuestRun.Mode.DEFAULT}) {
            GuestRun.Result r = GuestRun.of(elf, mode, "1").run(2_000_000_000L);
            assertThat(r.text()).as(mode.toString()).isEqualTo(q.stdout());
            assertThat(r.exitCode()).as(mode.toString()).isEqualTo(q.status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cowvm.riscv.cpu.GuestProgramsTest#traps")
    void trapProgramsGetTheMatchingSignal(Path elf) throws IOException, InterruptedException {
        GuestProgramsTest.Expected e = GuestProgramsTest.TRAPS.get(GuestProgramsTest.name(elf));
        Qemu.Outcome q = Qemu.run(elf, work);
        assertThat(q.status()).as("killed by signal " + e.qemuSignal()).isEqualTo(128 + e.qemuSignal());
    }
}
