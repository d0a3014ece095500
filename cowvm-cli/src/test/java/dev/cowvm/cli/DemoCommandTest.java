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
                .contains("Step 1. A shell maps a 4-page heap")
                .contains("-> zero-fill fault: the first write to page 0x1000000000 (heap) took frame 4 from the pool")
                .contains("-> fork: child got a copy of shell's page table (3 table pages); 4 pages now shared"
                        + " copy-on-write, none copied")
                .contains("-> copy-on-write fault: frame 6 was shared, so frame 11 was taken from the pool, frame 6"
                        + " copied into it, and the writer's entry pointed at 11")
                .contains("-> exec: 4 page references dropped; 1 data frame and 3 page-table pages back in the pool")
                .contains("free, stale")
                .contains("took frame 7 from the pool; it held \"shell's page 3\" from shell (pid 1), so it was zeroed first")
                .contains("examples/slide.cow: ok; 41 statements; expectations: 9 passed, 0 failed");
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
