package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Output shown in the docs is what the command prints: each text block after
 * {@code <!-- output: NAME -->} that follows a scenario block {@code <!-- scenario: NAME -->}
 * of the same page appears, line for line, in what {@code cowvm run} prints for that scenario.
 * (Output of a Java example, {@code <!-- example: NAME -->}, is checked by cowvm-core's tests.)
 */
class DocOutputsTest {
    record Shown(String page, String name, String scenario, String output) {
        @Override
        public String toString() {
            return page + ": " + name;
        }
    }

    private static final Pattern SCENARIO = Pattern.compile("<!-- scenario: ([\\w-]+) -->\\s*\\R```cow\\R(.*?)```",
            Pattern.DOTALL);
    private static final Pattern OUTPUT = Pattern.compile("<!-- output: ([\\w-]+) -->\\s*\\R```text\\R(.*?)```",
            Pattern.DOTALL);

    static Stream<Shown> shown() throws Exception {
        List<Shown> out = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(Golden.root().resolve("README.md")));
        try (Stream<Path> docs = Files.list(Golden.root().resolve("docs"))) {
            pages.addAll(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
        }
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher o = OUTPUT.matcher(text);
            while (o.find()) {
                if (text.contains("<!-- example: " + o.group(1) + " -->")) {
                    continue;
                }
                Matcher s = SCENARIO.matcher(text);
                while (s.find()) {
                    if (s.group(1).equals(o.group(1))) {
                        out.add(new Shown(page.getFileName().toString(), o.group(1), s.group(2), o.group(2)));
                    }
                }
            }
        }
        return out.stream();
    }

    @Test
    void theGuideShowsOutput() throws Exception {
        assertThat(shown().map(Shown::name)).contains("pmap");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shown")
    void isWhatTheCommandPrints(Shown shown, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(shown.name() + ".cow"), shown.scenario());
        Run r = Run.of("run", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(shown.output());
    }
}
