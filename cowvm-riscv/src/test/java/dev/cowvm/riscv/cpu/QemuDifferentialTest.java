package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential testing against qemu-riscv64: random programs ({@link RandomProgram}) of
 * integer, M, A, F/D (random rounding modes, NaN-boxed and unboxed values) and compressed
 * instructions, with forward branches and jumps, run on both; after every block the
 * registers, fcsr and the scratch memory they print must be equal byte for byte, with the
 * hart interpreting and with every block translated.
 *
 * <p>The seeds are fixed, so a failure repeats; {@code -Dcowvm.riscv.diffPrograms=N} runs
 * more of them. A failing program is kept under {@code target/riscv-diff/} with its
 * listing, for {@code riscv64-linux-gnu-objdump -D -b binary -m riscv:rv64 --adjust-vma=0x10000}.
 */
@RequiresTool(Tool.QEMU_RISCV64)
class QemuDifferentialTest {
    static final int BLOCKS = 40;
    static final int BODY = 60;

    @TempDir
    Path work;

    static long[] seeds() {
        int n = Integer.getInteger("cowvm.riscv.diffPrograms", 24);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 0x5EED0000L + i;
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void hartAndQemuPrintTheSameState(long seed) throws IOException, InterruptedException {
        RandomProgram program = RandomProgram.generate(seed, BLOCKS, BODY);
        Path elf = work.resolve("random-" + seed + ".elf");
        Files.write(elf, program.elf);
        elf.toFile().setExecutable(true); // qemu-riscv64, like exec, needs execute permission
        Qemu.Outcome q = Qemu.run(elf, work);
        assertThat(q.status()).as("qemu's exit status").isZero();
        for (GuestRun.Mode mode : new GuestRun.Mode[] {GuestRun.Mode.INTERPRETED, GuestRun.Mode.TRANSLATED}) {
            GuestRun.Result r = new GuestRun(program.elf, mode).run(10_000_000);
            if (!Arrays.equals(r.output(), q.raw()) || !r.exited()) {
                Path kept = keep(program, elf);
                throw new AssertionError("seed " + seed + ", " + mode + ": " + firstDifference(program, r, q.raw())
                        + "\n(program kept as " + kept + ")");
            }
        }
        assertThat(q.raw()).hasSize(BLOCKS * RandomProgram.DUMP);
    }

    private static Path keep(RandomProgram program, Path elf) throws IOException {
        Path dir = Path.of("target", "riscv-diff");
        Files.createDirectories(dir);
        Path kept = dir.resolve(elf.getFileName());
        Files.copy(elf, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StringBuilder all = new StringBuilder();
        for (int b = 0; b < program.listings.size(); b++) {
            all.append("block ").append(b).append(":\n").append(program.listings.get(b));
        }
        Files.writeString(dir.resolve(elf.getFileName() + ".txt"), all);
        return kept;
    }

    /** Names the first block and the first register, flag word or scratch byte that differs. */
    static String firstDifference(RandomProgram program, GuestRun.Result r, byte[] expected) {
        byte[] actual = r.output();
        int n = Math.min(actual.length, expected.length);
        int i = 0;
        while (i < n && actual[i] == expected[i]) {
            i++;
        }
        if (i == n) {
            return "the hart stopped early: " + r.describe() + " after " + actual.length + " of "
                    + expected.length + " bytes";
        }
        int block = i / RandomProgram.DUMP;
        int at = i % RandomProgram.DUMP;
        String what;
        int word;
        if (at < RandomProgram.DUMP_AT) {
            what = "scratch byte " + at;
            word = at & ~7;
        } else {
            int k = (at - RandomProgram.DUMP_AT) / 8;
            what = k < 32 ? "x" + k : k < 64 ? "f" + (k - 32) : "fcsr";
            word = RandomProgram.DUMP_AT + 8 * k;
        }
        long mine = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN).getLong(block * RandomProgram.DUMP + word);
        long theirs = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).getLong(block * RandomProgram.DUMP + word);
        return "block " + block + ": " + what + " is 0x" + Long.toHexString(mine) + " on the hart, 0x"
                + Long.toHexString(theirs) + " under qemu\n" + program.listings.get(block);
    }
}
