package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell block of docs/traces.md ({@link RunnablePage}): a recording depends on
 * the machine's C library and valgrind, so most outputs are compared in shape only.
 */
@RequiresTool(Tool.VALGRIND)
class TracesDocIT {
    @TempDir
    Path dir;

    @Test
    void everyCommandOnThePageRunsAndPrintsWhatThePageSays() throws Exception {
        RunnablePage page = new RunnablePage("docs/traces.md", dir);
        assertThat(page.runs).as("runnable blocks").containsKeys("record", "replay", "json");
        assertThat(page.run(List.copyOf(page.runs.keySet()))).isEmpty();
    }
}
