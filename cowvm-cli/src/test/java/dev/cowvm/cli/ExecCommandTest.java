package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cowvm exec} runs our xv6 programs (cowvm-riscv/src/test/guest/xv6) as a user would. */
class ExecCommandTest {
    static final Path GUEST = Golden.root().resolve("cowvm-riscv/src/test/guest/xv6");

    @TempDir
    Path root;

    record Ran(int exitCode, String out, String err) {
    }

    static Ran exec(String input, String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Cowvm.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), console);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of("exec"), Stream.of(args)).toArray(String[]::new);
        int code = cl.execute(all);
        assertThat(out.toString()).as("cowvm's own stdout stays empty: the console is the program's").isEmpty();
        return new Ran(code, console.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** Our programs under their xv6 names, as {@code build --root DIR} lays them out. */
    private String fillRoot() throws IOException {
        try (Stream<Path> files = Files.list(GUEST)) {
            for (Path elf : files.filter(f -> f.toString().endsWith(".elf")).toList()) {
                Files.copy(elf, root.resolve(elf.getFileName().toString().replace(".elf", "")));
            }
        }
        Files.writeString(root.resolve("README"), "cowvm runs xv6 programs\nfork is copy-on-write\n");
        return root.toString();
    }

    @Test
    void aHostFileRunsWithItsArgumentsAndTheProgramsOutputIsTheConsole() {
        Ran r = exec("", GUEST.resolve("echo.elf").toString(), "hello,", "world");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hello, world\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theProgramsExitStatusIsCowvmsExitCode() throws IOException {
        Ran r = exec("", "--root", fillRoot(), "/cat", "/no-such-file");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("cat: cannot open /no-such-file\n");
    }

    @Test
    void standardInputIsTheConsolesInput() throws IOException {
        Ran r = exec("one two\nthree\n", "--root", fillRoot(), "/wc");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("2 3 14");
    }

    @Test
    void statsSayWhatCopyOnWriteSavedTheCowTest() throws IOException {
        Ran r = exec("", "--root", fillRoot(), "--stats", "/cowtest");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain("FAILED");
        assertThat(r.err()).contains("instructions;").contains("forks").containsPattern(
                "pages copied \\d+, where an eager fork would have copied \\d+").contains("frames in use at peak");
        long copied = Long.parseLong(r.err().replaceAll("(?s).*pages copied (\\d+),.*", "$1"));
        long eager = Long.parseLong(r.err().replaceAll("(?s).*would have copied (\\d+).*", "$1"));
        assertThat(copied).isLessThan(eager / 2);
        assertThat(r.err()).contains(", now 0");
    }

    @Test
    void forkModeCopyCopiesEverything() throws IOException {
        Ran r = exec("", "--root", fillRoot(), "--stats", "--fork-mode", "copy", "/forktest");
        assertThat(r.exitCode()).as(r.out()).isZero();
        long copied = Long.parseLong(r.err().replaceAll("(?s).*pages copied (\\d+),.*", "$1"));
        long eager = Long.parseLong(r.err().replaceAll("(?s).*would have copied (\\d+).*", "$1"));
        assertThat(copied).isEqualTo(eager).isPositive();
    }

    @Test
    void initBootsAShellThatRunsPipelines() throws IOException {
        Ran r = exec("cat README | grep fork | wc\nls README\n", "--root", fillRoot(), "/init");
        assertThat(r.out()).contains("init: starting /sh").contains("1 3 22").containsPattern("README +2 +\\d+ 46");
        assertThat(r.exitCode()).as("our init ends when the shell's input has").isZero();
    }

    @Test
    void aProgramThatCanNeverGoOnIsStoppedWithExitCode124() throws IOException {
        Path elf = root.resolve("stuck");
        Files.write(elf, stuckXv6Program());
        Ran r = exec("", elf.toString());
        assertThat(r.err()).contains("cowvm exec: stopped: every process is waiting");
        assertThat(r.exitCode()).isEqualTo(ExecCommand.STOPPED);
    }

    /**
     * An xv6 program that makes a pipe and reads it, with its write end open: it waits for
     * ever. One PT_LOAD at address 0 (ELF header, program header, then the code).
     */
    static byte[] stuckXv6Program() {
        int[] code = {
            0xff010113, // addi sp, sp, -16
            0x00010513, // addi a0, sp, 0      the descriptors go on the stack
            0x00400893, // addi a7, zero, 4    pipe
            0x00000073, // ecall
            0x00012503, // lw a0, 0(sp)        the read end
            0x00810593, // addi a1, sp, 8
            0x00100613, // addi a2, zero, 1
            0x00500893, // addi a7, zero, 5    read
            0x00000073, // ecall
            0x0000006f, // jal zero, 0
        };
        int codeAt = 64 + 56;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(codeAt + 4 * code.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 0xf3).putInt(1); // ET_EXEC, EM_RISCV, EV_CURRENT
        b.putLong(codeAt).putLong(64).putLong(0); // entry, program headers, no section headers
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, sizes, 1 phdr
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(5); // PT_LOAD, R+X
        b.putLong(0).putLong(0).putLong(0); // offset, vaddr, paddr
        b.putLong(b.capacity()).putLong(b.capacity()).putLong(4096);
        for (int insn : code) {
            b.putInt(insn);
        }
        return b.array();
    }

    @Test
    void straceShowsEachSystemCallWithItsResult() {
        Ran r = exec("", "--strace", GUEST.resolve("echo.elf").toString(), "hi");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.err()).contains("[pid 1] write(1, ").contains("[pid 1] exit(0)");
    }

    @Test
    void eventsAreJsonLinesStampedWithInstructions() throws IOException {
        Ran r = exec("", "--root", fillRoot(), "--events", "/forktest");
        assertThat(r.exitCode()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).isNotEmpty();
        long last = 0;
        boolean forked = false;
        for (String line : lines) {
            JsonNode e = json.readTree(line);
            assertThat(e.get("instructions").asLong()).as(line).isGreaterThanOrEqualTo(last);
            last = e.get("instructions").asLong();
            forked |= e.get("type").asText().equals("fork");
        }
        assertThat(forked).isTrue();
    }

    @Test
    void jsonEndsWithTheCounters() throws IOException {
        Ran r = exec("", "--json", GUEST.resolve("echo.elf").toString(), "x");
        JsonNode doc = new ObjectMapper().readTree(r.err());
        assertThat(doc.get("status").asInt()).isZero();
        assertThat(doc.get("instructions").asLong()).isPositive();
        assertThat(doc.get("stats").get("framesInUse").asLong()).isZero();
    }

    @Test
    void aLinuxProgramRunsOnLinuxsInterfaceChosenFromTheFile() throws IOException {
        Path hello = Golden.root().resolve("cowvm-riscv/src/test/guest/linux/hello.elf");
        Ran ran = exec("", hello.toString());
        assertThat(ran.exitCode()).isZero();
        assertThat(ran.out()).isEqualTo("hello, world\n");
        assertThat(ran.err()).isEmpty();
    }

    @Test
    void aProgramGivenTheWrongInterfaceIsStoppedWithAMessageSayingSo() throws IOException {
        // An xv6 program on Linux's interface: its first call (xv6's write, 16) is not Linux's.
        Ran onLinux = exec("", "--abi", "linux", GUEST.resolve("echo.elf").toString(), "hi");
        assertThat(onLinux.exitCode()).isEqualTo(128 + 31);
        assertThat(onLinux.out()).isEmpty();
        assertThat(onLinux.err()).contains("looks built for xv6").contains("was given Linux's (--abi linux)")
                .contains("SIGSYS").doesNotContain("Exception");

        // A Linux program on xv6's interface: too large for xv6's files, and the message says why.
        Path hello = Golden.root().resolve("cowvm-riscv/src/test/guest/linux/hello.elf");
        Ran onXv6 = exec("", "--abi", "xv6", hello.toString());
        assertThat(onXv6.exitCode()).isEqualTo(Cowvm.USAGE);
        assertThat(onXv6.err()).contains("is it a Linux program?").contains("--abi linux");

        // A small Linux program on xv6's interface runs until its first call that xv6 lacks.
        Path pie = Golden.root().resolve("cowvm-riscv/src/test/guest/linux/hello_pie.elf");
        Ran small = exec("", "--abi", "xv6", pie.toString());
        assertThat(small.exitCode()).isEqualTo(255);
        assertThat(small.err()).contains("looks built for Linux").contains("was given xv6's (--abi xv6)");

        // The override works the other way: an xv6 program runs when xv6 is chosen.
        Ran xv6 = exec("", "--abi", "xv6", GUEST.resolve("echo.elf").toString(), "hi");
        assertThat(xv6.exitCode()).isZero();
        assertThat(xv6.out()).isEqualTo("hi\n");
    }

    @Test
    void aDynamicallyLinkedProgramIsAskedToBeLinkedStatically() throws IOException {
        Path dyn = Golden.root().resolve("cowvm-riscv/src/test/guest/linux/hello_dyn.elf");
        Ran ran = exec("", dyn.toString());
        assertThat(ran.exitCode()).isEqualTo(Cowvm.USAGE);
        assertThat(ran.err()).isEqualTo("cowvm exec: /hello_dyn.elf: dynamically linked (its interpreter is"
                + " /lib/ld-linux-riscv64-lp64d.so.1): cowvm runs static programs only; link it with -static\n");
    }

    @Test
    @RequiresTool(Tool.BUSYBOX_RISCV64)
    void busyboxsShellRunsAPipelineAndReportsHowItsProgramsEnded() throws IOException {
        Files.copy(Tool.BUSYBOX_RISCV64.path(), root.resolve("busybox"));
        Ran pipeline = exec("", "--root", root.toString(), "--stats", "busybox", "sh", "-c", "echo hi | cat");
        assertThat(pipeline.exitCode()).as(pipeline.err()).isZero();
        assertThat(pipeline.out()).isEqualTo("hi\n");
        assertThat(pipeline.err()).contains("2 forks");

        Ran killed = exec("", "--root", root.toString(), "busybox", "sh", "-c", "kill -SEGV $$");
        assertThat(killed.exitCode()).isEqualTo(128 + 11);
        assertThat(killed.err()).isEqualTo("cowvm exec: busybox: killed by SIGSEGV\n");
    }

    @Test
    void linuxProgramsGetTheEnvironmentTheyAreGiven() throws IOException {
        Path args = Golden.root().resolve("cowvm-riscv/src/test/guest/linux/args.elf");
        Ran ran = exec("", "--env", "GREETING=hi", "--env", "HOME=/home", args.toString(), "one");
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("GREETING=hi").contains("HOME=/home").contains("PATH=/bin:/usr/bin")
                .contains("one");
        Ran bad = exec("", "--env", "NOEQUALS", args.toString());
        assertThat(bad.exitCode()).isEqualTo(Cowvm.USAGE);
        assertThat(bad.err()).contains("--env 'NOEQUALS' is not NAME=VALUE");
    }

    @Test
    void badInputGetsAClearMessageAndExitCode2() throws IOException {
        Path notElf = root.resolve("notes.txt");
        Files.writeString(notElf, "not a program");
        String[][] cases = {
            {"/no/such/program"},
            {notElf.toString()},
            {"--root", notElf.toString(), "/init"},
            {"--root", root.toString(), "/absent"},
            {"--abi", "dos", GUEST.resolve("echo.elf").toString()},
            {"--clock", "sundial", GUEST.resolve("echo.elf").toString()},
            {"--memory", "12", GUEST.resolve("echo.elf").toString()},
        };
        for (String[] args : cases) {
            Ran r = exec("", args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(Cowvm.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("cowvm exec: ").doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }
}
