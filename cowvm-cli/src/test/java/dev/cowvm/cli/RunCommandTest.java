package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static java.nio.charset.StandardCharsets.UTF_8;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cowvm run}, {@code check} and {@code compare}: output, exit codes, JSON. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String example(String name) {
        return Golden.root().resolve("examples/" + name + ".cow").toString();
    }

    @Test
    void everyExampleRunsThroughTheCommand() {
        List<String> args = new ArrayList<>(List.of("run"));
        for (String n : dev.cowvm.script.Examples.NAMES) {
            args.add(example(n));
        }
        Run r = Run.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("examples/fork-bomb.cow: ok;").doesNotContain("FAILED");
    }

    @Test
    void thePoolIsTheSameNumberInTheTextTheSummaryAndTheJson() throws Exception {
        Path f = file("p.cow", "memory 64KiB\nspawn p\np map m 8KiB rw\np write m \"a\"\nshow frames\n");
        String pool = "16 frames of 4 KiB (64 KiB), numbered 1-16; frame 0 is the zero page, outside the pool";
        Run text = Run.of("run", f.toString());
        assertThat(text.out()).as("show frames").contains("pool: " + pool + "\n")
                .as("the summary").contains(" ok; 5 statements; expectations: 0 passed, 0 failed\n  pool: " + pool + "\n")
                .contains("  5-16          free, never used (zero)\n");
        JsonNode config = JSON.readTree(Run.of("run", "--json", f.toString()).out()).get("config");
        assertThat(config.get("memory").asLong()).isEqualTo(16 * 4096);
        assertThat(config.get("frames").asInt()).isEqualTo(16);
        assertThat(config.get("zeroPage").asInt()).isZero();
    }

    @Test
    void aFailedExpectationExitsWithOneAndSaysWhatWasFound() throws Exception {
        Run r = Run.of("run", file("f.cow", "spawn p\nexpect stat forks == 1\n").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("f.cow:2: expectation failed: expected stat forks == 1, found 0")
                .contains("FAILED; 2 statements; expectations: 0 passed, 1 failed");
    }

    @Test
    void aRuntimeRefusalExitsWithTwoLocated() throws Exception {
        // c dies out of memory, so the first wait reaps it and the second finds no child: only
        // the run can know (the checker refuses what it can know; see HostileFilesTest).
        Run r = Run.of("run", "--explain", file("o.cow", "memory 64KiB\nspawn p\nfork p c\nc map m 1MiB rw\nc fill m 0 1MiB 1\n"
                + "wait p c\nwait p c\n").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).as("what ran before it").contains("c died: out of memory").contains("-> p reaped c: its exit status was collected");
        assertThat(r.err()).contains("o.cow:7:1: c is not a child of p waiting to be reaped")
                .contains("  ^");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() throws Exception {
        Run r = Run.of("run", "--json", example("snapshot"));
        assertThat(r.exitCode()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(fieldNames(doc)).containsExactlyElementsOf(documented("run"));
        assertThat(fieldNames(doc.get("stats"))).containsExactlyElementsOf(documented("stats"));
        assertThat(fieldNames(doc.get("config")))
                .containsExactly("memory", "frames", "zeroPage", "zero", "forkMode", "paging");
        List<String> process = documented("process");
        assertThat(fieldNames(doc.get("processes").get(1))).as("saver has exited").containsExactlyElementsOf(process);
        assertThat(fieldNames(doc.get("processes").get(0))).as("a running process has no exit code")
                .containsExactlyElementsOf(process.stream().filter(f -> !f.equals("exitCode")).toList());
        assertThat(doc.get("processes").get(1).get("exitCode").asInt()).isZero();
        JsonNode db = doc.get("processes").get(0);
        assertThat(db.get("zeroFillFaults").asLong()).isEqualTo(256);
        assertThat(db.get("cowCopyFaults").asLong()).isEqualTo(48);
        assertThat(db.get("pagesCopied").asLong()).isEqualTo(48);
        assertThat(db.get("minorFaults").asLong()).isEqualTo(256 + 48);
        assertThat(db.get("rss").asLong()).isEqualTo(1 << 20);
        assertThat(db.get("private").asLong()).isEqualTo(1 << 20);
        assertThat(doc.get("ok").asBoolean()).isTrue();
        assertThat(doc.get("expectations").get("passed").asInt()).isEqualTo(7);
        assertThat(doc.get("stats").get("pagesCopied").asLong()).isEqualTo(48);
        assertThat(doc.get("processes").get(1).get("status").asText()).isEqualTo("exited");
    }

    @Test
    void aPlainRunEndsWithTheSummaryTheGuideShows() throws Exception {
        String doc = Files.readString(Golden.root().resolve("docs/scenarios.md"));
        Matcher shown = Pattern.compile("```text\\R(examples/snapshot\\.cow: ok;.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(shown.find()).as("docs/scenarios.md shows the end of a run").isTrue();
        Run r = Run.of("run", example("snapshot"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().replace(Golden.root() + "/", "")).endsWith(shown.group(1));
    }

    @Test
    void severalFilesGiveAnArray() throws Exception {
        Run r = Run.of("run", "--json", example("fork-exec"), example("zeroing"));
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.isArray()).isTrue();
        assertThat(doc).hasSize(2);
        assertThat(doc.get(1).get("config").get("zero").asText()).isEqualTo("none");
    }

    @Test
    void eventsAreJsonLinesEndingWithASummary() throws Exception {
        Run r = Run.of("run", "--events", example("slide"));
        assertThat(r.exitCode()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines.getLast().get("type").asText()).isEqualTo("summary");
        assertThat(lines.getLast().get("ok").asBoolean()).isTrue();
        JsonNode copy = lines.stream().filter(n -> n.get("type").asText().equals("fault")
                && n.get("kind").asText().equals("cow-copy")).findFirst().orElseThrow();
        assertThat(copy.get("line").asInt()).isEqualTo(30);
        assertThat(copy.get("oldFrame").asInt()).isEqualTo(6);
        assertThat(copy.get("newFrame").asInt()).isEqualTo(11);
        assertThat(copy.get("access").asText()).isEqualTo("write");
        assertThat(fieldNames(copy)).containsExactlyElementsOf(documented("fault"));
        assertThat(copy.get("vaHex").asText()).isEqualTo("0x" + Long.toHexString(copy.get("va").asLong()));
        JsonNode firstTouch = lines.stream().filter(n -> n.get("type").asText().equals("fault")
                && n.get("kind").asText().equals("zero-fill")).findFirst().orElseThrow();
        assertThat(firstTouch.get("oldFrame").isNull()).as("no frame before a first touch: null, not -1").isTrue();
        JsonNode map = lines.stream().filter(n -> n.get("type").asText().equals("map")).findFirst().orElseThrow();
        assertThat(map.get("startHex").asText()).isEqualTo("0x1000000000");
        Set<String> types = new LinkedHashSet<>();
        lines.forEach(n -> types.add(n.get("type").asText()));
        assertThat(types).contains("spawn", "fork", "exec", "exit", "reap", "fault", "frame-alloc", "frame-zero",
                "frame-copy", "frame-free", "map");
    }

    @Test
    void overridesApplyToEveryFile() throws Exception {
        Run r = Run.of("run", "--json", "--fork-mode", "copy", example("fork-exec"));
        assertThat(r.exitCode()).isEqualTo(1); // fork-exec expects no copies
        assertThat(JSON.readTree(r.out()).get("stats").get("pagesCopied").asLong()).isEqualTo(256);
        assertThat(Run.of("run", "--fork-mode", "lazy", example("fork-exec")).err())
                .contains("Invalid value for option '--fork-mode': unknown fork mode 'lazy'; expected cow or copy");
    }

    @Test
    void checkValidatesWithoutRunning() throws Exception {
        Run ok = Run.of("check", example("slide"), example("fork-bomb"));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("slide.cow: ok, 41 statements");
        Run bad = Run.of("check", file("b.cow", "spawn p\np map heap 64MB rw\np map buf 4KB rw\n").toString(),
                file("c.cow", "spawn p\nghost exec\np unmap heap\n").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("b.cow:2:12: unknown unit 'MB'").contains("b.cow:3:11: unknown unit 'KB'")
                .contains("c.cow:2:1: unknown process ghost").contains("c.cow:3:9: process p has no region heap");
    }

    @Test
    void checkReportsSyntaxAndMeaningInOnePass() throws Exception {
        // memory after spawn is known only to the checker, the bad unit only to the parser: both are
        // reported, in the order of the file, and a name the broken line makes is not reported again.
        Run r = Run.of("check", file("m.cow", "spawn p\nmemory 1MiB\np map heap 64MB rw\np write heap \"x\"\n"
                + "ghost exec\n").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith(dir.toString()))).extracting(l -> l.substring(
                dir.toString().length() + 1)).containsExactly(
                "m.cow:2:1: memory must come before the first statement that uses the machine",
                "m.cow:3:12: unknown unit 'MB' in '64MB' (use B, KiB, MiB, GiB or TiB); did you mean MiB?",
                "m.cow:5:1: unknown process ghost (spawn or fork it first)");
    }

    // ------------------------------------------------------------------ standard input

    @Test
    void aDashReadsTheScenarioFromStandardInput() throws Exception {
        byte[] text = "spawn p\nrepeat 3 as i { fork p w$i }\nexpect stat forks == 3\n".getBytes(UTF_8);
        Run run = Run.withInput(text, "run", "-");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("<stdin>: ok; 5 statements; expectations: 1 passed, 0 failed");
        Run check = Run.withInput(text, "check", "-");
        assertThat(check.out()).isEqualTo("<stdin>: ok, 5 statements\n");
        JsonNode json = JSON.readTree(Run.withInput(text, "run", "--json", "-").out());
        assertThat(json.get("file").asText()).isEqualTo("<stdin>");
        // Alongside files, in the order given.
        Run both = Run.withInput(text, "check", example("slide"), "-");
        assertThat(both.out()).contains("slide.cow: ok, 41 statements").endsWith("<stdin>: ok, 5 statements\n");
    }

    @Test
    void standardInputHasTheChecksOfAFile() {
        Run bad = Run.withInput("spawn p\nmemory 1MiB\np frok q\n".getBytes(UTF_8), "check", "-");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("<stdin>:2:1: memory must come before").contains(
                "<stdin>:3:3: unknown action 'frok'; did you mean 'fork'? It comes first: 'fork p q'");
        byte[] huge = new byte[dev.cowvm.script.Scenario.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        Run large = Run.withInput(huge, "run", "-");
        assertThat(large.exitCode()).isEqualTo(2);
        assertThat(large.err()).isEqualTo("<stdin>: more than 16777216 bytes; scenarios of at most 16777216 bytes"
                + " (16 MiB) are read here\n");
        Run binary = Run.withInput(new byte[] {'s', (byte) 0xff, (byte) 0xfe}, "run", "-");
        assertThat(binary.exitCode()).isEqualTo(2);
        assertThat(binary.err()).startsWith("<stdin>:1:1: not a text file: invalid UTF-8 at byte 1");
        Run twice = Run.withInput(new byte[0], "run", "-", "-");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("standard input (-) can be read only once");
        assertThat(twice.out()).isEmpty();
    }

    @Test
    void compareJsonHasSixRuns() throws Exception {
        Run r = Run.of("compare", "--json", "--runs", "3", example("copy-vs-cow"));
        JsonNode doc = JSON.readTree(r.out());
        assertThat(fieldNames(doc)).containsExactly("file", "timedRuns", "runs");
        assertThat(doc.get("timedRuns").asInt()).isEqualTo(3);
        JsonNode runs = doc.get("runs");
        assertThat(runs).hasSize(6);
        assertThat(fieldNames(runs.get(0)).subList(0, 5)).containsExactly("forkMode", "zero", "millis", "sameCountersAs",
                "file");
        assertThat(runs.get(0).get("forkMode").asText()).isEqualTo("cow");
        assertThat(runs.get(0).get("millis").asDouble()).isPositive();
        assertThat(runs.get(3).get("stats").get("pagesCopied").asLong()).isEqualTo(768);
        // This scenario frees nothing before it allocates again, so the zero policy changes no counter.
        assertThat(runs.get(0).get("sameCountersAs").isNull()).isTrue();
        assertThat(runs.get(1).get("sameCountersAs").asText()).isEqualTo("cow/on-alloc");
        assertThat(runs.get(2).get("sameCountersAs").asText()).isEqualTo("cow/on-alloc");
        assertThat(runs.get(3).get("sameCountersAs").isNull()).as("copy mode copies more").isTrue();
        assertThat(runs.get(5).get("sameCountersAs").asText()).isEqualTo("copy/on-alloc");
    }

    @Test
    void compareSaysWhichExpectationsFailedWhere() throws Exception {
        Run r = Run.of("compare", "--runs", "1", example("zeroing"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("same counters: cow/on-alloc, cow/on-free, copy/on-alloc, copy/on-free")
                .contains("same counters: cow/none, copy/none")
                .contains("cow/on-alloc, cow/on-free, copy/on-alloc, copy/on-free: " + example("zeroing")
                        + ":21: expectation failed: expected read buf == \"password=hunter2\"")
                .doesNotContain("cow/none: " + example("zeroing"))
                .contains("time: the median of 1 run of each, after one run of each to warm up the JVM");
        assertThat(Run.of("compare", "--runs", "0", example("zeroing")).err()).contains("--runs 0 is out of range");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The field names listed in docs/scenarios.md after {@code <!-- json-fields: NAME -->}. */
    private static List<String> documented(String table) throws Exception {
        String doc = Files.readString(Golden.root().resolve("docs/scenarios.md"));
        int at = doc.indexOf("<!-- json-fields: " + table + " -->");
        assertThat(at).as("docs/scenarios.md documents the %s fields", table).isPositive();
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("^\\| `(\\w+)` \\|", Pattern.MULTILINE).matcher(doc);
        m.region(at, doc.indexOf("\n\n", doc.indexOf("| ---", at) >= 0 ? doc.indexOf("|---", at) : at));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
