package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example runs with every expectation passing, and says what it teaches. */
class ExamplesTest {

    static Path examplesDir() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p.resolve("examples");
    }

    static Stream<String> names() {
        return Examples.NAMES.stream();
    }

    @Test
    void theListNamesEveryFileInExamples() throws IOException {
        try (Stream<Path> files = Files.list(examplesDir())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cow"))
                    .map(n -> n.substring(0, n.length() - 4)))
                    .containsExactlyInAnyOrderElementsOf(Examples.NAMES);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void runsWithEveryExpectationPassing(String name) throws Exception {
        Scenario s = Scenario.load(examplesDir().resolve(name + ".cow"));
        assertThat(Examples.text(name)).as("the jar ships the same file").isEqualTo(Files.readString(
                examplesDir().resolve(name + ".cow")));
        Run run = new Run(s, RunOptions.defaults());
        run.runToEnd();
        RunResult r = run.result();
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).as("an example checks itself").isGreaterThanOrEqualTo(2);
        run.kernel().checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("names")
    void opensWithAHeaderSayingWhatItTeaches(String name) {
        List<String> lines = Examples.text(name).lines().toList();
        assertThat(lines.getFirst()).startsWith("# ");
        assertThat(lines.stream().takeWhile(l -> l.startsWith("#")).anyMatch(l -> l.contains("Teaches:"))).isTrue();
    }

    @Test
    void zeroingLeaksUnderNoneAndNotUnderTheSafePolicies() throws Exception {
        Scenario s = Examples.scenario("zeroing");
        for (var policy : dev.cowvm.phys.ZeroPolicy.values()) {
            Run run = new Run(s, RunOptions.defaults().withOverrides(null, policy));
            run.runToEnd();
            boolean leaked = run.result().failures().stream().noneMatch(f -> f.line() == 21);
            assertThat(leaked).as("secret readable under %s", policy).isEqualTo(!policy.isSecure());
        }
    }
}
