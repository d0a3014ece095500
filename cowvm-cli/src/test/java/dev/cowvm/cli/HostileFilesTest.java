package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not scenarios or traces, given to every command that reads one: a named
 * pipe (which blocks whoever opens it until something writes), endless devices, a file past
 * the size limit. Each is refused before it is read: exit code 2, a line naming the file and
 * the problem, at once. A pipe or device that were read would hang the test, hence the
 * timeouts; the one-second bound is the one the commands promise.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HostileFilesTest {
    /** The commands that take a scenario or a trace file, each as its arguments before the file. */
    static final List<List<String>> READERS = List.of(List.of("run"), List.of("check"), List.of("serve", "--port", "0"),
            List.of("replay"));

    @TempDir
    Path dir;

    private static Run refused(List<String> command, Path file, String message) {
        String[] args = new String[command.size() + 1];
        command.toArray(args);
        args[command.size()] = file.toString();
        long start = System.nanoTime();
        Run r = Run.of(args);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String what = String.join(" ", args);
        assertThat(r.exitCode()).as(what + "\n" + r.err()).isEqualTo(Cowvm.USAGE);
        assertThat(r.err()).as(what).contains(file + ": ").contains(message);
        assertThat(r.err() + r.out()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(millis).as(what + " answers within a second").isLessThan(1000);
        return r;
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNamedPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("f.cow");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        for (List<String> command : READERS) {
            refused(command, fifo, "not a regular file");
        }
        assertThat(Run.of("check", fifo.toString()).err()).contains("not a regular file (a named pipe)");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void endlessDevicesAreRefusedWithoutReadingThem() {
        for (String device : List.of("/dev/zero", "/dev/urandom")) {
            for (List<String> command : READERS) {
                refused(command, Path.of(device), "not a regular file");
            }
        }
        assertThat(Run.of("run", "/dev/zero").err()).isEqualTo(
                "/dev/zero: not a regular file (a character device); scenarios are read from files\n");
        assertThat(Run.of("replay", "/dev/urandom").err()).startsWith("cowvm replay: /dev/urandom: not a regular file");
    }

    @Test
    void aScenarioPastTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.cow");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((16L << 20) + 1); // sparse: no 16 MiB written to the disk
        }
        for (List<String> command : List.of(List.of("run"), List.of("check"))) {
            refused(command, big, "the file is 16777217 bytes; scenarios of at most 16777216 bytes (16 MiB) are"
                    + " read here");
        }
        refused(List.of("serve", "--port", "0"), big, "scenarios of at most 65536 bytes (64 KiB)");
        Path justUnder = dir.resolve("ok.cow");
        Files.writeString(justUnder, "spawn p\n" + "#".repeat((16 << 20) - 9) + "\n");
        assertThat(Files.size(justUnder)).isEqualTo(16 << 20);
        assertThat(Run.of("check", justUnder.toString()).exitCode()).as("exactly at the limit").isZero();
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        Path f = dir.resolve("bom.cow");
        byte[] text = "spawn p\nexpect stat spawns == 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[text.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withMark, 3, text.length);
        Files.write(f, withMark);
        Run r = Run.of("run", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("expectations: 1 passed, 0 failed");
    }

    @Test
    void digitsOfOtherScriptsAreNotNumbers() throws Exception {
        Path f = Files.writeString(dir.resolve("w.cow"), "spawn p\np map m \uFF14KiB rw\n");
        Run r = Run.of("check", f.toString());
        assertThat(r.exitCode()).isEqualTo(Cowvm.USAGE);
        assertThat(r.err()).startsWith(f + ":2:9: '\uFF14' (U+FF14 FULLWIDTH DIGIT FOUR) is not an ASCII digit");
    }

    /** What {@code run} refuses before running anything, {@code check} refuses too, at the same place. */
    @Test
    void checkReportsEveryErrorRunWouldMeetBeforeRunning() throws Exception {
        String[][] cases = {
            {"memory 0\n", ":1:8: memory 0 B is too small"},
            {"memory 4097\n", ":1:8: memory 4097 bytes is not a whole number of 4 KiB frames"},
            {"memory 5TiB\n", ":1:8: memory 5 TiB is more than the 4 TiB allowed"},
            {"spawn p\np map m 0 rw\n", ":2:9: a region needs a length of at least 1 byte, not 0"},
            {"spawn p\np map m 4KiB rw at 0x4000000000\n", ":2:20: [0x4000000000, 0x4000001000) is outside user space"},
            {"paging sv48\nspawn p\np map m 4KiB rw at 0x800000000000\n", ":3:20: [0x800000000000, 0x800000001000)"
                + " is outside user space [0x10000, 0x800000000000), the 128 TiB of user space under Sv48"},
            {"spawn p\np map a 8KiB rw at 0x40000000\np map b 4KiB rw at 0x40001000\n", ":3:20: region b"},
            {"spawn a\nspawn b\nwait a b\n", ":3:8: b was spawned, not forked"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(dir.resolve("s.cow"), c[0]);
            Run check = Run.of("check", f.toString());
            Run run = Run.of("run", f.toString());
            assertThat(check.exitCode()).as(c[0]).isEqualTo(Cowvm.USAGE);
            assertThat(check.err()).as(c[0]).startsWith(f + c[1]);
            assertThat(run.exitCode()).as(c[0]).isEqualTo(Cowvm.USAGE);
            assertThat(run.err()).as("run says the same, before running").isEqualTo(check.err());
            assertThat(run.out()).isEmpty();
        }
    }
}
