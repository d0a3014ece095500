package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell block of docs/traces.md, in order, through the {@code ./cowvm} launcher,
 * and compares what it prints with the page: exactly for an {@code output} block, and
 * number for number in shape only for an {@code output-shape} block (a recording depends on
 * the machine's C library and valgrind). Marked blocks:
 *
 * <pre>
 * &lt;!-- run: NAME --&gt;            before a sh block
 * &lt;!-- output: NAME --&gt;         before a text block: what it prints
 * &lt;!-- output-shape: NAME --&gt;   the same, with numbers free
 * </pre>
 *
 * The commands run in a fresh directory holding a {@code cowvm} that runs the real launcher
 * and a link to the repository's {@code docs}, as from the top of the repository.
 */
@RequiresTool(Tool.VALGRIND)
class TracesDocIT {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (run|output|output-shape): ([\\w-]+) -->\\s*\\R```(\\w+)\\R(.*?)\\R```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyCommandOnThePageRunsAndPrintsWhatThePageSays() throws Exception {
        Path root = LauncherIT.root();
        String page = Files.readString(root.resolve("docs/traces.md"));
        Map<String, String> runs = new LinkedHashMap<>();
        Map<String, String[]> outputs = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(page);
        while (m.find()) {
            if (m.group(1).equals("run")) {
                assertThat(m.group(3)).isEqualTo("sh");
                runs.put(m.group(2), m.group(4));
            } else {
                outputs.put(m.group(2), new String[] {m.group(1), m.group(4)});
            }
        }
        assertThat(runs).as("runnable blocks").containsKeys("record", "replay", "json");
        assertThat(countOf(page, "```sh")).as("every sh block is marked to run").isEqualTo(runs.size());
        assertThat(outputs.keySet()).as("every run has its output").containsExactlyElementsOf(runs.keySet());

        Path cowvm = dir.resolve("cowvm");
        Files.writeString(cowvm, "#!/bin/sh\nexec '" + root.resolve("cowvm") + "' \"$@\"\n");
        Files.setPosixFilePermissions(cowvm, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("docs"), root.resolve("docs"));

        List<String> failures = new ArrayList<>();
        try {
            runAll(runs, outputs, failures);
        } finally {
            Files.delete(dir.resolve("docs")); // the link only, never what it points at
        }
        assertThat(failures).isEmpty();
    }

    private void runAll(Map<String, String> runs, Map<String, String[]> outputs, List<String> failures) throws Exception {
        for (var run : runs.entrySet()) {
            String printed = bash(run.getValue());
            String[] expected = outputs.get(run.getKey());
            boolean shape = expected[0].equals("output-shape");
            String want = shape ? shapeOf(expected[1]) : expected[1].strip();
            String got = shape ? shapeOf(printed) : printed.strip();
            if (!want.equals(got)) {
                failures.add("block '" + run.getKey() + "' printed:\n" + printed + "\nthe page says:\n" + expected[1]);
            }
        }
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
