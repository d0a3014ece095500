package dev.cowvm.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measuring program must measure the right thing: the three files hold the same trace. */
class TraceThroughputTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratedFilesHoldTheSameRecords() throws Exception {
        Path text = dir.resolve("t.lackey");
        Path gz = dir.resolve("t.lackey.gz");
        Path bin = dir.resolve("t.cvt");
        TraceThroughput.generate(5000, text, gz, bin);
        try (TraceReader a = TraceReader.open(text, false);
             TraceReader b = TraceReader.open(gz, false);
             TraceReader c = TraceReader.open(bin, false)) {
            assertThat(b.compressed() && c.compressed()).isTrue();
            while (a.next()) {
                assertThat(b.next() && c.next()).isTrue();
                assertThat(new Object[] {b.kind(), b.address(), b.size()}).containsExactly(a.kind(), a.address(), a.size());
                assertThat(new Object[] {c.kind(), c.address(), c.size()}).containsExactly(a.kind(), a.address(), a.size());
            }
            assertThat(b.next() || c.next()).isFalse();
            assertThat(a.records()).isEqualTo(5000);
        }
        assertThat(Files.size(bin)).isLessThan(Files.size(gz));
    }
}
