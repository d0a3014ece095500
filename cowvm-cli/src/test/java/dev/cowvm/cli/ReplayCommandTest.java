package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cowvm.observe.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    private static final String TRACE = """
            ==1== Lackey, an example Valgrind tool
            I  00401000,4
             S 7ffe0000,8
             L 00600ff8,16
            I  00401004,4
             M 7ffe0000,8
             S 00600000,8
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertCleanFailure(Run run) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void replaysALackeyTraceAndSaysWhichPageTableFormatItUsed() throws Exception {
        Run run = Run.of("replay", file("t.lk", TRACE).toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("t.lk: valgrind lackey text, 6 accesses replayed in all")
                .contains("Sv48 page tables (4 levels, user addresses below 0x800000000000)")
                .contains("\npool: 262144 frames of 4 KiB (1 GiB), numbered 1-262144; frame 0 is the zero page, outside the pool\n")
                .containsPattern("\\s1\\s+parent\\s+6\\s+2\\s+1\\s+2\\s+1\\s+4\\s+8\\s+8\\s+8\\s+running")
                .containsPattern("cowCopyFaults\\s+0 ")
                .containsPattern("zeroFillFaults\\s+2 ")
                .contains("every frame was back in the pool");
    }

    @Test
    void forksAndReportsCopiesAsJsonWithTheKernelsCounterNames() throws Exception {
        Path t = file("t.lk", TRACE);
        Run run = Run.of("replay", t.toString(), "--fork-at", "3", "--json", "--interval", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("pagingMode").asText()).isEqualTo("sv48");
        assertThat(json.get("format").asText()).isEqualTo("lackey");
        assertThat(json.get("accesses").asLong()).isEqualTo(6);
        assertThat(json.get("forks").get(0).get("child").asInt()).isEqualTo(2);
        assertThat(json.get("processes")).hasSize(2);
        assertThat(json.get("processes").get(1).get("trace").isNull()).isTrue();
        List<String> keys = new ArrayList<>();
        json.get("stats").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(Arrays.stream(Counter.values()).map(Counter::label).toList());
        // The stack page was written before the fork and again after it; the page at 0x600000 was
        // only read before (the zero page), so its write after the fork is a zero fill, not a copy.
        assertThat(json.get("stats").get("cowCopyFaults").asLong()).isEqualTo(1);
        assertThat(json.get("stats").get("zeroFillFaults").asLong()).isEqualTo(2);
        assertThat(json.get("intervals")).hasSize(3);
        assertThat(json.get("intervals").get(2).get("cowCopies").asLong()).isEqualTo(1);
    }

    @Test
    void aChildCanReplayTheSameTraceOrAnother() throws Exception {
        Path t = file("t.lk", TRACE);
        Path other = file("o.lk", " S 7ffe0000,8\n");
        Run same = Run.of("replay", t.toString(), "--fork-at", "3", "--child-trace", "same", "--json");
        JsonNode s = new ObjectMapper().readTree(same.out());
        assertThat(s.get("accesses").asLong()).isEqualTo(12);
        assertThat(s.get("childTrace").asText()).isEqualTo("same");
        Run run = Run.of("replay", t.toString(), "--fork-at", "3", "--child-trace", other.toString());
        assertThat(run.out()).contains("process 1 forked process 2, which replays " + other);
    }

    @Test
    void readsGzip() throws Exception {
        Path z = dir.resolve("t.trace");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(z))) {
            out.write(TRACE.getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Run.of("replay", z.toString()).out()).contains("valgrind lackey text (gzip), 6 accesses");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run run = Run.of("replay", dir.resolve("nope.lk").toString());
        assertCleanFailure(run);
        assertThat(run.err()).isEqualTo("cowvm replay: " + dir.resolve("nope.lk") + ": no such file\n");
        assertCleanFailure(Run.of("replay", dir.toString()));
    }

    @Test
    void garbageNamesItsLineAndStopsUnlessLenient() throws Exception {
        byte[] junk = new byte[3000];
        new Random(9).nextBytes(junk);
        Path g = Files.write(dir.resolve("junk.bin"), junk);
        Run run = Run.of("replay", g.toString());
        assertCleanFailure(run);
        assertThat(run.err()).startsWith("cowvm replay: " + g + ":1: ")
                .contains("--lenient skips malformed lines");

        Path mixed = file("mixed.lk", TRACE + "not a record\n L 600000,4\n");
        Run strict = Run.of("replay", mixed.toString());
        assertCleanFailure(strict);
        assertThat(strict.err()).startsWith("cowvm replay: " + mixed + ":8: expected a record kind I, L, S or M, in: 'not a record'");
        Run lenient = Run.of("replay", mixed.toString(), "--lenient");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.out()).contains("7 accesses replayed")
                .contains("process 1 skipped 1 malformed line of " + mixed + "; the first:")
                .contains(mixed + ":8: expected a record kind I, L, S or M");
    }

    @Test
    void sv39ReportsAnAddressThatDoesNotFit() throws Exception {
        Path t = file("t.lk", TRACE + " S 7fff0000a000,8\n");
        Run run = Run.of("replay", t.toString(), "--paging", "sv39");
        assertCleanFailure(run);
        assertThat(run.err()).isEqualTo("cowvm replay: " + t + ":8: address 0x7fff0000a000 (8 bytes) does not fit the"
                + " Sv39 user space, 0x10000 to 0x3fffffffff; Sv48 page tables reach it\n");
        assertThat(Run.of("replay", file("ok.lk", TRACE).toString(), "--paging", "sv39").out())
                .contains("Sv39 page tables (3 levels, user addresses below 0x4000000000)");
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        String t = file("t.lk", TRACE).toString();
        assertThat(Run.of("replay", t, "--zero", "sometimes").err()).contains("unknown zero policy 'sometimes'");
        assertThat(Run.of("replay", t, "--fork-mode", "spoon").err()).contains("unknown fork mode 'spoon'");
        assertThat(Run.of("replay", t, "--paging", "sv57").err()).contains("unknown paging mode 'sv57'");
        assertThat(Run.of("replay", t, "--memory", "12x").err()).contains("'12x' is not a size");
        assertThat(Run.of("replay", t, "--memory", "5000").err()).contains("must be a multiple of 4096");
        assertThat(Run.of("replay", t, "--fork-at", "-1").err()).contains("fork point -1 must be 0 or more");
        assertThat(Run.of("replay", t, "--fork-at", "x").err()).contains("'x' is not a long");
        assertThat(Run.of("replay", t, "--interval", "0").err()).contains("interval 0 must be 1 to 10000000");
        assertThat(Run.of("replay", t, "--child-trace", "same").err()).contains("--child-trace needs --fork-at");
        for (String[] args : List.of(new String[] {"replay", t, "--zero", "x"}, new String[] {"replay"},
                new String[] {"replay", t, "--child-trace", dir.resolve("none").toString(), "--fork-at", "1"})) {
            Run run = Run.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aTraceLargerThanMemoryEndsInAnOutOfMemoryKillNotACrash() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            s.append(" S ").append(Long.toHexString(0x10000L + i * 0x4000_0000L)).append(",8\n"); // a new 1 GiB each time
        }
        Run run = Run.of("replay", file("big.lk", s.toString()).toString(), "--memory", "1M", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(run.out()).get("processes").get(0);
        assertThat(p.get("status").asText()).isEqualTo("oom");
        assertThat(p.get("endReason").asText()).startsWith("out of memory: write at 0x");
        assertThat(p.get("rssBytes").isNull()).isTrue();
    }

    @Test
    void helpDescribesTheOptions() {
        Run run = Run.of("replay", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--fork-at", "--child-trace", "--memory", "--zero", "--fork-mode", "--paging",
                "--lenient", "--json", "docs/traces.md");
    }
}
