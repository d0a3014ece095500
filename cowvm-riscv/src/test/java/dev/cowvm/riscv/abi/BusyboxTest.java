package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Result;
import dev.cowvm.observe.Counter;
import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.Task;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * busybox's shell on cowvm (the binary cowvm-riscv/busybox/build makes from Debian's
 * source): {@code cases.sh} must print what it printed under qemu-riscv64
 * ({@code cases.out}), in an empty current directory with busybox's applets only.
 */
@RequiresTool(Tool.BUSYBOX_RISCV64)
class BusyboxTest {
    static final Path CASES = Path.of("busybox");

    record Ran(int status, String stdout, String stderr, long forks, long execs) {
    }

    /** busybox at /busybox, the cases at /cases.sh, run in the empty /place. */
    static Ran sh(String... args) throws IOException {
        FileSystem fs = new FileSystem(Machine.Config.linux().limits());
        LinuxProgramsTest.copy(fs, Tool.BUSYBOX_RISCV64.path(), "/busybox");
        LinuxProgramsTest.copy(fs, CASES.resolve("cases.sh"), "/cases.sh");
        LinuxProgramsTest.mkdir(fs, "/place");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Machine m = new Machine(Machine.Config.linux(), fs, ConsoleInput.of(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            List<String> argv = new ArrayList<>(List.of("busybox", "sh"));
            argv.addAll(List.of(args));
            Result<Task> started = m.start("/busybox", argv, List.of("PATH=/nonexistent"), "/place",
                    List.of("/dev/null", "/stdout", "/stderr"));
            assertThat(started.isOk()).as(started.message()).isTrue();
            int status = m.run();
            assertThat(m.stopReason()).isNull();
            m.kernel().checkInvariants();
            assertThat(m.kernel().stats().get(Counter.FRAMES_IN_USE)).as("every frame back; left %s", m.taskList())
                    .isZero();
            return new Ran(status, LinuxProgramsTest.contents(fs, "/stdout"), LinuxProgramsTest.contents(fs, "/stderr"),
                    m.kernel().stats().get(Counter.FORKS), m.kernel().stats().get(Counter.EXECS));
        }
    }

    @Test
    void aPipelineOfTwoProcesses() throws IOException {
        Ran r = sh("-c", "echo hi | cat");
        assertThat(r.stdout()).isEqualTo("hi\n");
        assertThat(r.status()).isZero();
        assertThat(r.forks()).as("one child for each side of the pipe").isEqualTo(2);
    }

    @Test
    void theCasesPrintWhatTheyPrintedUnderQemu() throws IOException {
        Ran r = sh("/cases.sh");
        assertThat(r.stdout()).as("stderr: %s", r.stderr()).isEqualTo(Files.readString(CASES.resolve("cases.out")));
        assertThat(r.status()).isZero();
        assertThat(r.execs()).as("applets re-execute /proc/self/exe").isPositive();
    }

    @Test
    void mvRenamesFilesAndDirectories() throws IOException {
        Ran r = sh("-c", "echo x > a; mkdir d; mv a d/b; cat d/b; mv d e; ls e; mv e/b e/c && ls e");
        assertThat(r.stdout()).as(r.stderr()).isEqualTo("x\nb\nc\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void exitCodesAndSignalDeathsReachTheHost() throws IOException {
        assertThat(sh("-c", "exit 7").status()).isEqualTo(7);
        assertThat(sh("-c", "kill -TERM $$").status()).isEqualTo(128 + 15);
    }

    @Test
    void ctrlCAtTheHostsTerminalIsSigintForEveryProgram() throws Exception {
        FileSystem fs = new FileSystem(Machine.Config.linux().limits());
        LinuxProgramsTest.copy(fs, Tool.BUSYBOX_RISCV64.path(), "/busybox");
        java.io.PipedOutputStream typed = new java.io.PipedOutputStream();
        ConsoleInput input = ConsoleInput.of(new java.io.PipedInputStream(typed));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Machine m = new Machine(Machine.Config.linux(), fs, input,
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            // A shell that catches SIGINT, as an interactive one does; cat does not.
            m.start("/busybox", List.of("sh", "-c", "trap 'echo caught' INT; cat; echo \"cat ended by signal $(($? - 128))\";"
                    + " exit 3"), List.of()).orElseThrow();
            Thread typist = new Thread(() -> {
                try {
                    typed.write("typed\n".getBytes(StandardCharsets.UTF_8));
                    typed.flush();
                    Thread.sleep(1000); // cat has copied the line and waits for more
                    input.interrupt();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            typist.start();
            int status = m.run();
            typist.join();
            assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("typed\ncaught\ncat ended by signal 2\n");
            assertThat(status).isEqualTo(3);
        }
    }

    @Test
    void anInteractiveShellSetsTheHostTerminalsModesAndPutsThemBack() throws Exception {
        FileSystem fs = new FileSystem(Machine.Config.linux().limits());
        LinuxProgramsTest.copy(fs, Tool.BUSYBOX_RISCV64.path(), "/busybox");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> modes = new ArrayList<>();
        try (Machine m = new Machine(Machine.Config.linux(), fs,
                ConsoleInput.of("echo hi\nexit 3\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            m.console().setHostTerminal((canonical, echo, signals) -> modes.add(
                    (canonical ? "icanon" : "-icanon") + " " + (echo ? "echo" : "-echo")));
            m.start("/busybox", List.of("sh"), List.of()).orElseThrow();
            assertThat(m.run()).isEqualTo(3);
        }
        // busybox's line editor reads keys in raw mode and gives the terminal back cooked
        // to run each command line.
        assertThat(modes).contains("-icanon -echo").endsWith("icanon echo");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("/ # echo hi").contains("\nhi\n");
    }
}
