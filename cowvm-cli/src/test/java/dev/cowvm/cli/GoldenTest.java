package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The output people read is stable: the same input gives the same text, byte for byte. */
class GoldenTest {
    @Test
    void demo() throws Exception {
        Run r = Run.of("demo");
        assertThat(r.exitCode()).isZero();
        Golden.check("demo.txt", r.out());
    }

    @Test
    void show() throws Exception {
        Run r = Run.of("run", Golden.moduleDir().resolve("src/test/resources/scenarios/show.cow").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Golden.check("show.txt", r.out().replace(Golden.moduleDir().toString() + "/", ""));
    }

    @Test
    void smapsAndPmap() throws Exception {
        Run r = Run.of("run", Golden.moduleDir().resolve("src/test/resources/scenarios/smaps.cow").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Golden.check("smaps.txt", r.out().replace(Golden.moduleDir().toString() + "/", ""));
    }

    @Test
    void compare() throws Exception {
        Run r = Run.of("compare", Golden.root().resolve("examples/copy-vs-cow.cow").toString());
        assertThat(r.exitCode()).isZero();
        String stable = r.out().replace(Golden.root().toString() + "/", "")
                .replaceAll("(?m)^(time \\(ms\\), median).*$", "$1 (varies)");
        Golden.check("compare.txt", stable);
    }

    @Test
    void loopsAndArithmetic() throws Exception {
        Run r = Run.of("run", "--explain", Golden.moduleDir().resolve("src/test/resources/scenarios/loops.cow")
                .toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Golden.check("loops-explained.txt", r.out().replace(Golden.moduleDir().toString() + "/", ""));
    }

    @Test
    void mistakesExplained() throws Exception {
        Run r = Run.of("check", Golden.moduleDir().resolve("src/test/resources/scenarios/mistakes.cow").toString());
        assertThat(r.exitCode()).isEqualTo(Cowvm.USAGE);
        assertThat(r.out()).isEmpty();
        Golden.check("mistakes.txt", r.err().replace(Golden.moduleDir().toString() + "/", ""));
    }

    @Test
    void explainedRun() throws Exception {
        Run r = Run.of("run", "--explain", Golden.root().resolve("examples/snapshot.cow").toString());
        assertThat(r.exitCode()).isZero();
        Golden.check("snapshot-explained.txt", r.out().replace(Golden.root().toString() + "/", ""));
    }
}
