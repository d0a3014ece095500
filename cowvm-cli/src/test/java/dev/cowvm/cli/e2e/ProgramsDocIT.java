package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shell blocks of docs/programs.md ({@link RunnablePage}). The machine counts time
 * in instructions, so every output, counters included, is compared exactly.
 */
class ProgramsDocIT {
    @TempDir
    Path dir;

    @Test
    void ourXv6ProgramsRunAsThePageShows() throws Exception {
        RunnablePage page = new RunnablePage("docs/programs.md", dir);
        assertThat(page.runs).containsKeys("cowtest", "shell", "strace", "linux", "hello");
        assertThat(page.run(List.of("cowtest", "shell", "strace", "linux"))).isEmpty();
    }

    @Test
    @RequiresTool(Tool.RISCV64_ELF_GCC)
    void aProgramOfOnesOwnBuildsAndRuns() throws Exception {
        RunnablePage page = new RunnablePage("docs/programs.md", dir);
        assertThat(page.run(List.of("hello"))).isEmpty();
    }
}
