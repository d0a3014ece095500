package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of the docs whose shell blocks run, in order, through the {@code ./cowvm} launcher,
 * and print what the page says they print: exactly for an {@code output} block, number for
 * number in shape only for an {@code output-shape} block. Marked blocks:
 *
 * <pre>
 * &lt;!-- run: NAME --&gt;            before a sh block
 * &lt;!-- output: NAME --&gt;         before a text block: what it prints (stdout and stderr)
 * &lt;!-- output-shape: NAME --&gt;   the same, with numbers free
 * </pre>
 *
 * The commands run in a fresh directory holding a {@code cowvm} that runs the real launcher
 * and links to the repository's {@code docs}, {@code cowvm-riscv} and {@code target}, as from
 * the top of the repository.
 */
final class RunnablePage {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (run|output|output-shape): ([\\w-]+) -->\\s*\\R```(\\w+)\\R(.*?)\\R```", Pattern.DOTALL);
    private static final List<String> LINKED = List.of("docs", "cowvm-riscv", "target");

    /** The blocks to run, by name, in page order. */
    final Map<String, String> runs = new LinkedHashMap<>();
    private final Map<String, String[]> outputs = new LinkedHashMap<>();
    private final Path dir;

    /**
     * Reads a page and checks its marks: every sh block is marked to run, every run has its
     * output.
     *
     * @param page a path from the repository's top, like {@code docs/traces.md}
     * @param dir  an empty directory to run in
     */
    RunnablePage(String page, Path dir) throws IOException {
        this.dir = dir;
        String text = Files.readString(LauncherIT.root().resolve(page));
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("run")) {
                assertThat(m.group(3)).as(m.group(2)).isEqualTo("sh");
                runs.put(m.group(2), m.group(4));
            } else {
                outputs.put(m.group(2), new String[] {m.group(1), m.group(4)});
            }
        }
        assertThat(countOf(text, "```sh")).as(page + ": every sh block is marked to run").isEqualTo(runs.size());
        assertThat(outputs.keySet()).as(page + ": every run has its output")
                .containsExactlyElementsOf(runs.keySet());
    }

    /**
     * Runs the named blocks in page order and compares what each prints with the page.
     *
     * @return one message per block that printed something else; empty when all agree
     */
    List<String> run(List<String> names) throws Exception {
        Path root = LauncherIT.root();
        Path cowvm = dir.resolve("cowvm");
        Files.writeString(cowvm, "#!/bin/sh\nexec '" + root.resolve("cowvm") + "' \"$@\"\n");
        Files.setPosixFilePermissions(cowvm, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String link : LINKED) {
            Files.createSymbolicLink(dir.resolve(link), root.resolve(link));
        }
        List<String> failures = new ArrayList<>();
        try {
            for (var run : runs.entrySet()) {
                if (!names.contains(run.getKey())) {
                    continue;
                }
                String printed = bash(run.getValue());
                String[] expected = outputs.get(run.getKey());
                boolean shape = expected[0].equals("output-shape");
                String want = shape ? shapeOf(expected[1]) : expected[1].strip();
                String got = shape ? shapeOf(printed) : printed.strip();
                if (!want.equals(got)) {
                    failures.add("block '" + run.getKey() + "' printed:\n" + printed + "\nthe page says:\n"
                            + expected[1]);
                }
            }
        } finally {
            for (String link : LINKED) {
                Files.delete(dir.resolve(link)); // the link only, never what it points at
            }
        }
        return failures;
    }

    private String bash(String script) throws Exception {
        Path out = dir.resolve(".out");
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + script);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The text with every number replaced by '#'. */
    static String shapeOf(String text) {
        return text.strip().replaceAll("[0-9]+(\\.[0-9]+)*", "#");
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
