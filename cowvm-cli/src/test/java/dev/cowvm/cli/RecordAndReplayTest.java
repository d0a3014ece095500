package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cowvm.trace.TraceFormat;
import dev.cowvm.trace.TraceReader;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real program, recorded by valgrind and replayed through the kernel: the kernel's view
 * must agree with the trace's own pages. Needs valgrind ({@code .ci/run} installs it).
 */
@RequiresTool(Tool.VALGRIND)
class RecordAndReplayTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedProgramReplaysWithExactlyItsPagesAndCopies() throws Exception {
        Path trace = dir.resolve("true.cvt");
        Run rec = Run.of("record", "--valgrind", Tool.VALGRIND.path().toString(), "-o", trace.toString(), "--", "/bin/true");
        assertThat(rec.exitCode()).as("valgrind is needed (apt-get install valgrind): " + rec.err()).isZero();
        assertThat(rec.out()).containsPattern("cowvm record: \\d+ accesses of '/bin/true' \\(exit code 0\\)");

        long records = 0;
        Set<Long> all = new HashSet<>();
        try (TraceReader r = TraceReader.open(trace, false)) {
            assertThat(r.format()).isEqualTo(TraceFormat.BINARY);
            assertThat(r.compressed()).isTrue();
            while (r.next()) {
                records++;
                all.add(r.address() >>> 12);
                all.add((r.address() + r.size() - 1) >>> 12);
            }
        }
        long forkAt = records / 2;
        Set<Long> touchedBefore = new HashSet<>();
        Set<Long> writtenBefore = new HashSet<>();
        Set<Long> writtenAfter = new HashSet<>();
        try (TraceReader r = TraceReader.open(trace, false)) {
            for (long i = 0; r.next(); i++) {
                long first = r.address() >>> 12;
                long last = (r.address() + r.size() - 1) >>> 12;
                if (i < forkAt) {
                    touchedBefore.add(first);
                    touchedBefore.add(last);
                }
                if (r.kind().writes()) {
                    Set<Long> into = i < forkAt ? writtenBefore : writtenAfter;
                    into.add(first);
                    into.add(last);
                }
            }
        }
        Set<Long> copied = new HashSet<>(writtenBefore);
        copied.retainAll(writtenAfter);
        assertThat(copied).as("the program writes again after the fork pages it wrote before").isNotEmpty();

        Run replay = Run.of("replay", trace.toString(), "--fork-at", Long.toString(forkAt), "--json");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(replay.out());
        assertThat(json.get("accesses").asLong()).isEqualTo(records);
        JsonNode parent = json.get("processes").get(0);
        JsonNode child = json.get("processes").get(1);
        assertThat(parent.get("pagesMapped").asLong()).as("pages touched").isEqualTo(all.size());
        assertThat(child.get("pagesMapped").asLong()).as("pages present at the fork").isEqualTo(touchedBefore.size());
        assertThat(json.get("stats").get("cowCopyFaults").asLong()).isEqualTo(copied.size());
        assertThat(json.get("stats").get("pagesCopied").asLong()).isEqualTo(copied.size());
        assertThat(json.get("stats").get("naiveCopyPages").asLong()).isEqualTo(writtenBefore.size());
        assertThat(parent.get("rssBytes").asLong()).isEqualTo(4096L * (writtenBefore.size() + writtenAfter.stream()
                .filter(p -> !writtenBefore.contains(p)).count()));
    }
}
