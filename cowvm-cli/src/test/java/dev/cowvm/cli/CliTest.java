package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Help everywhere, completion, colour, the progress bar. */
class CliTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "check", "compare", "quiz", "generate-completion"})
    void everyCommandHasHelp(String command) {
        Run r = Run.of(command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: cowvm " + command);
    }

    @Test
    void theTopLevelListsTheCommands() {
        Run r = Run.of("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "run", "check", "compare", "generate-completion");
        assertThat(Run.of().out()).contains("Usage: cowvm");
    }

    @Test
    void completionIsAScriptForTheShell() {
        Run r = Run.of("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("compare").contains("--fork-mode");
    }

    @Test
    void colourOnlyWhenAskedOrOnATerminal() {
        String example = Golden.root().resolve("examples/fork-exec.cow").toString();
        assertThat(Run.of("run", example).out()).doesNotContain("\u001B[");
        assertThat(Run.of("run", "--color", example).out()).contains("\u001B[");
        assertThat(Run.of("run", "--no-color", example).out()).doesNotContain("\u001B[");
    }

    @Test
    void theProgressBarIsDrawnByTheLibraryWhenForced() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress p = new Progress(Progress.Mode.ALWAYS, "run x.cow", 3,
                new PrintStream(err, true, StandardCharsets.UTF_8))) {
            p.step();
            p.step();
            p.step();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run x.cow").contains("3/3");
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (Progress p = new Progress(Progress.Mode.AUTO, "run x.cow", 3,
                new PrintStream(quiet, true, StandardCharsets.UTF_8))) {
            p.step();
        }
        assertThat(quiet.size()).as("not a terminal: no bar").isZero();
    }
}
