package dev.cowvm.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Java example in README.md and docs/ compiles, runs, and prints what the page says. */
class DocumentationExamplesTest {

    static Stream<JavaExamples.Example> examples() throws Exception {
        Path root = JavaExamples.root();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<JavaExamples.Example> all = new ArrayList<>();
        for (Path page : pages) {
            all.addAll(JavaExamples.in(page));
        }
        return all.stream();
    }

    @Test
    void theReadmeHasItsLibraryExample() throws Exception {
        assertThat(examples().map(JavaExamples.Example::name)).contains("readme");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsAndPrintsWhatThePageSays(JavaExamples.Example example) throws Exception {
        String printed = JavaExamples.run(example);
        if (example.expectedOutput() != null) {
            assertThat(printed.strip()).isEqualTo(example.expectedOutput().strip());
        }
    }
}
