package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario example in README.md and docs/ (a cow block after
 * {@code <!-- scenario: NAME -->}) runs and passes.
 */
class DocScenariosTest {
    record Block(String page, String name, String text) {
        @Override
        public String toString() {
            return page + ": " + name;
        }
    }

    static Stream<Block> blocks() throws Exception {
        Path docs = ExamplesTest.examplesDir().resolveSibling("docs");
        Pattern p = Pattern.compile("<!-- scenario: ([\\w-]+) -->\\s*\\R```cow\\R(.*?)\\R```", Pattern.DOTALL);
        List<Block> out = new ArrayList<>();
        try (Stream<Path> pages = Files.list(docs)) {
            List<Path> all = new ArrayList<>(List.of(docs.resolveSibling("README.md")));
            all.addAll(pages.filter(f -> f.toString().endsWith(".md")).sorted().toList());
            for (Path page : all) {
                Matcher m = p.matcher(Files.readString(page));
                while (m.find()) {
                    out.add(new Block(page.getFileName().toString(), m.group(1), m.group(2)));
                }
            }
        }
        return out.stream();
    }

    @Test
    void theReferenceHasAnExampleForEachPartOfTheLanguage() throws Exception {
        assertThat(blocks().filter(b -> b.page().equals("scenarios.md")).map(Block::name))
                .contains("machine", "processes", "memory", "access", "arithmetic", "loops", "expect", "show");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void runsWithEveryExpectationPassing(Block block) throws Exception {
        Run run = new Run(Scenario.parse(block.toString(), block.text()), RunOptions.defaults());
        run.runToEnd();
        assertThat(run.result().failures()).isEmpty();
        run.kernel().checkInvariants();
    }
}
