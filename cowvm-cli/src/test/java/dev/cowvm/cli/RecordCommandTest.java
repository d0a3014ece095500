package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCommandTest {
    @TempDir
    Path dir;

    @Test
    void saysHowToInstallValgrindWhenItIsMissing() {
        Run run = Run.of("record", "--valgrind", dir.resolve("no-valgrind").toString(), "-o",
                dir.resolve("t.cvt").toString(), "--", "/bin/true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("valgrind is not installed").contains("apt-get install valgrind")
                .doesNotContain("Exception");
        assertThat(dir.resolve("t.cvt")).doesNotExist();
    }

    @Test
    @RequiresTool(Tool.VALGRIND)
    void aCommandValgrindCannotStartRecordsNothingAndDoesNotHang() throws Exception {
        Run run = Run.of("record", "--valgrind", Tool.VALGRIND.path().toString(), "-o", dir.resolve("t.cvt").toString(), "--", dir.resolve("no-such-program").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("valgrind recorded no accesses of '" + dir.resolve("no-such-program") + "'");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no trace and no partial file left behind").isEmpty();
        }
    }

    @Test
    void anOutputInAMissingDirectoryIsRefusedBeforeAnythingRuns() {
        Path out = dir.resolve("no-dir/t.cvt");
        Run run = Run.of("record", "-o", out.toString(), "--", "/bin/true");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cowvm record: cannot write " + out + ": " + out.getParent()
                + " is not a directory this user may write in\n");
    }

    @Test
    void needsACommand() {
        Run run = Run.of("record");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'COMMAND'");
    }
}
