package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shell blocks of docs/linux.md ({@link RunnablePage}): our Linux programs, their
 * counters and --strace, exactly as the page shows them.
 */
class LinuxDocIT {
    @TempDir
    Path dir;

    @Test
    void ourLinuxProgramsRunAsThePageShows() throws Exception {
        RunnablePage page = new RunnablePage("docs/linux.md", dir);
        assertThat(page.runs).containsKeys("hello", "cow", "spawn", "busybox", "strace", "wrong", "build");
        assertThat(page.run(List.of("hello", "cow", "spawn", "strace", "wrong"))).isEmpty();
    }

    @Test
    @RequiresTool(Tool.BUSYBOX_RISCV64)
    void busyboxsShellRunsAsThePageShows() throws Exception {
        RunnablePage page = new RunnablePage("docs/linux.md", dir);
        assertThat(page.run(List.of("busybox"))).isEmpty();
    }

    @Test
    @RequiresTool(Tool.RISCV64_LINUX_GCC)
    void aProgramOfOnesOwnBuildsAndRuns() throws Exception {
        RunnablePage page = new RunnablePage("docs/linux.md", dir);
        assertThat(page.run(List.of("build"))).isEmpty();
    }
}
