package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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

/** Every {@code ./cowvm} command shown in the README, the scenario guide and the quiz guide runs and succeeds. */
class DocCommandsTest {
    record Shown(String page, String command) {
        @Override
        public String toString() {
            return page + ": " + command;
        }
    }

    static Stream<Shown> commands() throws IOException {
        List<Shown> out = new ArrayList<>();
        for (String page : List.of("README.md", "docs/scenarios.md", "docs/quiz.md")) {
            Matcher block = Pattern.compile("```sh\\R(.*?)```", Pattern.DOTALL)
                    .matcher(Files.readString(Golden.root().resolve(page)));
            while (block.find()) {
                for (String line : block.group(1).lines().toList()) {
                    String command = line.replaceAll("#.*", "").strip();
                    if (command.startsWith("./cowvm ")) {
                        out.add(new Shown(page, command));
                    }
                }
            }
        }
        return out.stream();
    }

    @Test
    void thereAreCommandsToRun() throws IOException {
        assertThat(commands().map(Shown::command)).contains("./cowvm demo", "./cowvm compare examples/copy-vs-cow.cow",
                "./cowvm run - < examples/fork-exec.cow");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void succeeds(Shown shown) throws IOException {
        List<String> args = new ArrayList<>();
        byte[] stdin = new byte[0];
        String[] words = shown.command().substring("./cowvm ".length()).split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("<") && i + 1 < words.length) {
                stdin = Files.readAllBytes(Golden.root().resolve(words[++i])); // the shell's redirection
            } else {
                args.addAll(expand(words[i]));
            }
        }
        Run r = Run.withInput(stdin, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(shown + "\n" + r.err()).isZero();
        assertThat(r.out()).isNotBlank();
    }

    /** Resolves a path (or a glob like examples/*.cow) against the repository's top directory. */
    private static List<String> expand(String word) throws IOException {
        if (word.startsWith("-") || !word.contains("/")) {
            return List.of(word);
        }
        Path root = Golden.root();
        if (!word.contains("*")) {
            return List.of(root.resolve(word).toString());
        }
        Path dir = root.resolve(word.substring(0, word.lastIndexOf('/')));
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, word.substring(word.lastIndexOf('/') + 1))) {
            files.forEach(f -> out.add(f.toString()));
        }
        out.sort(null);
        return out;
    }
}
