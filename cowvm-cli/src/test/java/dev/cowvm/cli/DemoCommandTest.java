package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void tellsTheSlidesStoryWithRealNumbers() {
        Run run = Run.of("demo");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("4 zero-fill faults")
                .contains("Pages copied: 0. A naive fork would have copied 4.")
                .contains("1. took frame 11 from the pool", "2. copied frame 6 into frame 11",
                        "3. pointed child's entry at frame 11, writable, and retried the write")
                .contains("Exactly 1 page copied; the other 3 pages are still shared.")
                .contains("shell reads \"shell's page 2\", child reads \"child was here\".")
                .contains("free, stale")
                .contains("so it was zeroed first:")
                .contains("editor reads 00 00 00 00 00 00 00 00");
    }

    @Test
    void isDeterministic() {
        assertThat(Run.of("demo").out()).isEqualTo(Run.of("demo").out());
    }

    @Test
    void unknownCommandsAreUsageErrors() {
        Run run = Run.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }
}
