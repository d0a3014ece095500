package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a program puts in its registers before an {@code ecall}, Linux's interface
 * answers without throwing and leaves the kernel consistent: random calls, from the served
 * ones and beyond, with arguments that are small numbers, -1, addresses inside and outside
 * the process, and anything at all.
 */
class LinuxSystemCallProperties {
    /** Every number the interface serves, and a few it does not. */
    private static final int[] NUMBERS = {17, 67, 68, 73, 276, 23, 24, 25, 29, 34, 35, 37, 46, 48, 49, 52, 53, 54, 56, 57, 59, 61, 62,
        63, 64, 65, 66, 71, 78, 79, 80, 82, 83, 88, 93, 94, 96, 99, 101, 113, 114, 115, 124, 129, 130, 131, 132, 133,
        134, 135, 136, 139, 153, 154, 155, 156, 157, 160, 163, 164, 165, 166, 167, 169, 172, 173, 174, 175, 176, 177,
        178, 214, 215, 216, 220, 221, 222, 226, 233, 259, 260, 261, 278, 439, 0, 1000, -1};

    record Call(int number, long[] args) {
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Long> arg = Arbitraries.oneOf(
                Arbitraries.longs().between(-2, 4200),
                Arbitraries.of(0x3ffffff000L, 0x3fffff0000L, 0x10000L, 0x10008L, 0x80000L, 0x3ff7fff000L,
                        -100L, 1L << 38, Long.MIN_VALUE, Long.MAX_VALUE, 0x4000L | 0x100L | 17, 0x1200011L),
                Arbitraries.longs());
        Arbitrary<Integer> number = Arbitraries.integers().between(0, NUMBERS.length - 1).map(i -> NUMBERS[i]);
        return Combinators.combine(number, arg.list().ofSize(6))
                .as((n, a) -> new Call(n, a.stream().mapToLong(Long::longValue).toArray())).list().ofMaxSize(40);
    }

    @Property(tries = 200)
    void randomCallsNeverThrowAndKeepTheKernelConsistent(@ForAll("calls") List<Call> calls)
            throws IOException {
        FileSystem fs = new FileSystem(Machine.Config.linux().limits());
        LinuxProgramsTest.mkdir(fs, "/place");
        LinuxProgramsTest.copy(fs, LinuxProgramsTest.GUEST.resolve("hello.elf"), "/place/hello.elf");
        try (Machine m = new Machine(Machine.Config.linux(), fs, ConsoleInput.of(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true))) {
            Task t = m.start("/place/hello.elf", List.of("hello.elf"), List.of(), "/place",
                    List.of("/dev/null", "/stdout", "/stderr")).orElseThrow();
            for (Call c : calls) {
                if (t.state() == Task.State.ENDED) {
                    break;
                }
                for (int i = 0; i < 6; i++) {
                    t.hart().setX(10 + i, c.args()[i]);
                }
                t.hart().setX(17, c.number());
                t.abi().call(t, m);
                m.kernel().checkInvariants();
            }
            assertThat(fs.checkInvariants()).isEmpty();
        }
    }
}
