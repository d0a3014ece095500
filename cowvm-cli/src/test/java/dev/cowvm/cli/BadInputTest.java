package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a user feeds the command: exit code 2, a located message, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private Run run(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return Run.of("run", p.toString());
    }

    private Run run(String name, String content) throws Exception {
        return run(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertCleanUsageError(Run r, String located) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(located);
        assertThat(r.err() + r.out()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Caused by");
    }

    @Test
    void malformedNumbers() throws Exception {
        assertCleanUsageError(run("n.cow", "memory 0x\n"), "n.cow:1:8: '0x' is not a number");
        assertCleanUsageError(run("n.cow", "spawn p\np map m 4KiB rw\np fill m 0 4KiB 0xzz\n"),
                "n.cow:3:17: '0xzz' is not a number");
        assertCleanUsageError(run("n.cow", "spawn p\np exit -1\n"), "n.cow:2:8: '-1' is not a number");
    }

    @Test
    void hugeSizes() throws Exception {
        assertCleanUsageError(run("h.cow", "memory 999999999999999999999999GiB\n"), "h.cow:1:8:");
        assertCleanUsageError(run("h.cow", "memory 5TiB\n"), "h.cow:1:8: memory 5 TiB is more than the 4 TiB allowed");
        assertCleanUsageError(run("h.cow", "spawn p\np map m 4000TiB rw\n"), "h.cow:2:9: length 4000 TiB is more than the 256 GiB of user space under Sv39");
        assertCleanUsageError(run("h.cow", "spawn p\np map m 4KiB rw at 0xfffffffff000\n"),
                "outside user space");
    }

    @Test
    void aHugeFillEndsInAnOutOfMemoryKillNotAHostCrash() throws Exception {
        Run r = run("f.cow", "memory 64MiB\nspawn p\np map m 100GiB rw\np fill m 0 100GiB 1\nexpect p status == oom\n");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("p died: out of memory");
    }

    @Test
    void unknownProcessesAndRegions() throws Exception {
        assertCleanUsageError(run("u.cow", "spawn shell\nfork shel child\n"),
                "u.cow:2:6: unknown process shel (spawn or fork it first)");
        assertCleanUsageError(run("u.cow", "spawn shell\nshell unmap heap\n"),
                "u.cow:2:13: process shell has no region heap");
    }

    @Test
    void tenThousandLines() throws Exception {
        StringBuilder ok = new StringBuilder("spawn p\np map m 64KiB rw\n");
        for (int i = 0; i < 10_000; i++) {
            ok.append("p write m+").append((i * 7) % 65000).append(" \"line ").append(i).append("\"\n");
        }
        Run fine = run("long.cow", ok + "expect stat zeroFillFaults == 16\n");
        assertThat(fine.exitCode()).as(fine.err()).isZero();
        assertCleanUsageError(run("long.cow", ok + "p write m+1 nonsense\n"), "long.cow:10003:13: 'nonsense' is not data");
    }

    @Test
    void binaryGarbage() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        Run r = run("g.cow", garbage);
        assertCleanUsageError(r, "g.cow:");
        assertThat(r.err()).contains("not a text file: invalid UTF-8 at byte");
        assertCleanUsageError(run("z.cow", "spawn p\u0000\n"), "z.cow:1:8: unexpected character U+0000 (is this a text file?)");
    }

    @Test
    void missingFilesAndDirectories() throws Exception {
        Run missing = Run.of("run", dir.resolve("nope.cow").toString());
        assertCleanUsageError(missing, "nope.cow: no such file");
        Run directory = Run.of("run", dir.toString());
        assertCleanUsageError(directory, "is a directory, not a scenario file");
        Run none = Run.of("run");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter: 'FILE'");
    }
}
