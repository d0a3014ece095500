package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Result;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.Stats;
import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.Dialect;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our own Linux programs (cowvm-riscv/src/test/guest/linux), statically linked with glibc:
 * each runs where its README says (a fresh directory holding it and args.elf, standard
 * input /dev/null, standard output a file) and must print exactly what it printed under
 * Debian's qemu-riscv64 ({@code NAME.out}), and exit 0. Afterwards every frame is back.
 */
class LinuxProgramsTest {
    static final Path GUEST = Path.of("src/test/guest/linux");

    record Ran(int status, String stdout, String stderr, Stats stats, String stopped, String console) {
    }

    /** A Linux machine with the program and args.elf in /place, the current directory. */
    static Ran run(String program, Machine.Config config, String... args) throws IOException {
        return run(program, config, m -> { }, args);
    }

    /** The same, with {@code setup} given the machine before the program starts. */
    static Ran run(String program, Machine.Config config, java.util.function.Consumer<Machine> setup, String... args)
            throws IOException {
        FileSystem fs = new FileSystem(config.limits());
        mkdir(fs, "/place");
        copy(fs, GUEST.resolve(program + ".elf"), "/place/" + program + ".elf");
        copy(fs, GUEST.resolve("args.elf"), "/place/args.elf");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Machine m = new Machine(config, fs, ConsoleInput.of(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            setup.accept(m);
            if (program.equals(System.getProperty("cowvm.trace"))) {
                m.trace(System.out::println);
            }
            List<String> argv = new ArrayList<>(List.of("./" + program + ".elf"));
            argv.addAll(List.of(args));
            Result<Task> started = m.start("./" + program + ".elf", argv, List.of("PATH=/usr/bin:/bin"),
                    "/place", List.of("/dev/null", "/stdout", "/stderr"));
            assertThat(started.isOk()).as(started.message()).isTrue();
            int status = m.run();
            m.kernel().checkInvariants();
            assertThat(fs.checkInvariants()).isEmpty();
            assertThat(m.kernel().stats().get(Counter.FRAMES_IN_USE)).as("every frame back in the pool; left: %s",
                    m.taskList()).isZero();
            return new Ran(status, contents(fs, "/stdout"), contents(fs, "/stderr"), m.kernel().stats(),
                    m.stopReason(), console.toString(StandardCharsets.UTF_8));
        }
    }

    static Ran run(String program, String... args) throws IOException {
        return run(program, Machine.Config.linux(), args);
    }

    static void mkdir(FileSystem fs, String path) {
        assertThat(fs.create(fs.root(), path, FileType.DIRECTORY, 0, 0, Dialect.LINUX).isOk()).isTrue();
    }

    static void copy(FileSystem fs, Path host, String path) throws IOException {
        byte[] bytes = Files.readAllBytes(host);
        Inode ip = fs.create(fs.root(), path, FileType.FILE, 0, 0, Dialect.LINUX).orElseThrow();
        assertThat(fs.write(ip, 0, IoBuffer.of(bytes)).count()).isEqualTo(bytes.length);
    }

    static String contents(FileSystem fs, String path) {
        SysResult<Inode> found = fs.lookup(fs.root(), path, Dialect.LINUX);
        return found.isOk() ? new String(fs.contents(found.orElseThrow()), StandardCharsets.UTF_8) : "";
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "hello_pie", "system", "files", "errno", "memory", "children", "signals", "poll",
        "spawn", "cow"})
    void printsWhatItPrintedUnderQemu(String program) throws Exception {
        Ran r = run(program);
        String expected = Files.readString(GUEST.resolve(program + ".out"));
        assertThat(r.stdout()).as("stderr: %s%nconsole: %s", r.stderr(), r.console()).isEqualTo(expected);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stopped()).isNull();
    }

    @Test
    void copyOnWriteCopiesExactlyThePagesWritten() throws Exception {
        Ran r = run("cow");
        assertThat(r.status()).as(r.stdout() + r.stderr()).isZero();
        // 64 MiB is 16,384 pages; each side writes half of them while the other still shares
        // them, so each write copies one page. Six more are pages of stack and data both
        // sides touch after the fork (the run is deterministic: time counts instructions).
        assertThat(r.stats().get(Counter.FORKS)).isEqualTo(1);
        assertThat(r.stats().get(Counter.PAGES_COPIED)).isEqualTo(16384 + 6);
        assertThat(r.stats().get(Counter.NAIVE_COPY_PAGES)).as("an eager fork copies every resident page")
                .isGreaterThan(16384);
    }
}
