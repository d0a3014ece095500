package dev.cowvm.trace;

import static dev.cowvm.trace.AccessKind.INSTRUCTION;
import static dev.cowvm.trace.AccessKind.LOAD;
import static dev.cowvm.trace.AccessKind.MODIFY;
import static dev.cowvm.trace.AccessKind.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.trace.Traces.Rec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LackeyTraceReaderTest {
    private static final String VALGRIND_OUTPUT = """
            ==17023== Lackey, an example Valgrind tool
            ==17023== Command: /bin/true
            ==17023==\s
            I  0401ab70,3
             S 1fff000778,8
             L 04f6b868,8
             M 0421c7f0,4
            I  0401b770,1
            --17023-- a verbose message

             L 7fffffffeff8,16
            ==17023== Exit code:       0
            """;

    @Test
    void readsEveryKindAndSkipsValgrindsLog() throws Exception {
        TraceReader r = Traces.text(VALGRIND_OUTPUT, false);
        assertThat(r.format()).isEqualTo(TraceFormat.LACKEY);
        assertThat(r.compressed()).isFalse();
        assertThat(Traces.readAll(r)).containsExactly(
                new Rec(INSTRUCTION, 0x401ab70L, 3),
                new Rec(STORE, 0x1fff000778L, 8),
                new Rec(LOAD, 0x4f6b868L, 8),
                new Rec(MODIFY, 0x421c7f0L, 4),
                new Rec(INSTRUCTION, 0x401b770L, 1),
                new Rec(LOAD, 0x7fffffffeff8L, 16));
        assertThat(r.records()).isEqualTo(6);
        assertThat(r.skipped()).isZero();
    }

    @Test
    void acceptsWindowsLineEndsA0xPrefixTabsAndNoFinalNewline() throws Exception {
        TraceReader r = Traces.text("I\t0x1000,2\r\n  S   0X2FfF,4096 \r\nM 0000000000000000003000,1", false);
        assertThat(Traces.readAll(r)).containsExactly(
                new Rec(INSTRUCTION, 0x1000, 2), new Rec(STORE, 0x2fff, 4096), new Rec(MODIFY, 0x3000, 1));
    }

    @Test
    void readsAddressesUpTo64Bits() throws Exception {
        assertThat(Traces.readAll(Traces.text(" L ffffffffff600000,8\n", false)))
                .containsExactly(new Rec(LOAD, 0xffffffffff600000L, 8));
    }

    @Test
    void readsGzipRecognisedByContentNotName() throws Exception {
        byte[] z = Traces.gzip(VALGRIND_OUTPUT.getBytes(StandardCharsets.US_ASCII));
        TraceReader r = Traces.bytes(z, false);
        assertThat(r.compressed()).isTrue();
        assertThat(r.format()).isEqualTo(TraceFormat.LACKEY);
        assertThat(Traces.readAll(r)).hasSize(6);
    }

    @Test
    void aMalformedLineStopsAStrictReaderNamingTheLine() throws Exception {
        TraceReader r = Traces.text("I  1000,4\n L 2000,8\n X 3000,4\n", false);
        assertThat(r.next()).isTrue();
        assertThat(r.next()).isTrue();
        assertThatThrownBy(r::next).isInstanceOf(TraceException.class)
                .hasMessage("t.lackey:3: expected a record kind I, L, S or M, in: ' X 3000,4'");
    }

    @Test
    void eachKindOfDamageIsNamed() throws Exception {
        assertProblem("L2000,8", "expected a blank after 'L'");
        assertProblem("L zz,8", "expected an address in hexadecimal");
        assertProblem("L 12345678901234567,8", "the address has more than 64 bits");
        assertProblem("L 2000 8", "expected ',' and a size after the address");
        assertProblem("L 2000,", "expected a size in bytes after ','");
        assertProblem("L 2000,8 x", "unexpected text after the size");
        assertProblem("L 2000,0", "the size must be 1 to 4096 bytes");
        assertProblem("L 2000,4097", "the size must be 1 to 4096 bytes");
        assertProblem("L 2000,99999999999999999999", "the size must be 1 to 4096 bytes");
    }

    private static void assertProblem(String line, String problem) throws Exception {
        TraceReader r = Traces.text("I 1000,1\n" + line + "\n", false);
        r.next();
        assertThatThrownBy(r::next).isInstanceOf(TraceException.class)
                .satisfies(e -> {
                    TraceException t = (TraceException) e;
                    assertThat(t.where()).isEqualTo("t.lackey:2");
                    assertThat(t.problem()).startsWith(problem + ", in: '");
                });
    }

    @Test
    void aLenientReaderSkipsAndCountsMalformedLinesKeepingTheFirstFew() throws Exception {
        StringBuilder s = new StringBuilder("I 1000,4\n");
        for (int i = 0; i < 7; i++) {
            s.append("garbage ").append(i).append('\n');
        }
        s.append(" S 2000,8\n\u0001\u00ff\n");
        TraceReader r = Traces.text(s.toString(), true);
        List<Rec> recs = Traces.readAll(r);
        assertThat(recs).containsExactly(new Rec(INSTRUCTION, 0x1000, 4), new Rec(STORE, 0x2000, 8));
        assertThat(r.skipped()).isEqualTo(8);
        assertThat(r.problems()).hasSize(TraceReader.KEPT_PROBLEMS)
                .first().isEqualTo("t.lackey:2: expected a record kind I, L, S or M, in: 'garbage 0'");
    }

    @Test
    void controlBytesAreEscapedInMessages() throws Exception {
        TraceReader r = Traces.text("\u0001\u00ff\n", false);
        assertThatThrownBy(r::next).hasMessage("t.lackey:1: expected a record kind I, L, S or M, in: '\\x01\\xc3\\xbf'");
    }

    @Test
    void aLineLongerThanTheBufferIsOneMalformedLine() throws Exception {
        String huge = "L 1000,4" + "0".repeat(200_000);
        TraceReader r = Traces.text("I 1000,1\n" + huge + "\n L 2000,8\n", true);
        assertThat(Traces.readAll(r)).containsExactly(new Rec(INSTRUCTION, 0x1000, 1), new Rec(LOAD, 0x2000, 8));
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems().getFirst()).startsWith("t.lackey:2: the line is longer than 65536 bytes");
    }

    @Test
    void linesAreFoundAcrossBufferRefills() throws Exception {
        StringBuilder s = new StringBuilder();
        int n = 50_000; // about 700 KB: many refills, records cut at every position
        for (int i = 0; i < n; i++) {
            s.append(i % 3 == 0 ? "I  " : " M ").append(Integer.toHexString(0x10000 + i * 7)).append(',')
                    .append(1 + i % 64).append('\n');
        }
        List<Rec> recs = Traces.readAll(Traces.text(s.toString(), false));
        assertThat(recs).hasSize(n);
        assertThat(recs.get(n - 1)).isEqualTo(new Rec(n % 3 == 1 ? INSTRUCTION : MODIFY, 0x10000 + (n - 1) * 7L, 1 + (n - 1) % 64));
    }

    @Test
    void anEmptyTraceHasNoRecords() throws Exception {
        assertThat(Traces.readAll(Traces.text("", false))).isEmpty();
    }

    @Test
    void damagedGzipIsReportedNotThrownRaw() throws Exception {
        StringBuilder s = new StringBuilder();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 10_000; i++) {
            s.append(" L ").append(Long.toHexString(rnd.nextLong() >>> 20)).append(",8\n");
        }
        byte[] z = Traces.gzip(s.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] cut = java.util.Arrays.copyOf(z, z.length / 2);
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(cut, false))).isInstanceOf(TraceException.class)
                .hasMessageContaining("t: the gzip data ends early");
        TraceReader lenient = Traces.bytes(cut, true);
        assertThat(Traces.readAll(lenient)).isNotEmpty();
        assertThat(lenient.skipped()).isPositive();

        byte[] bad = z.clone();
        for (int i = 20; i < 60; i++) {
            bad[i] = (byte) 0xAA;
        }
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(bad, false))).isInstanceOf(TraceException.class)
                .hasMessageContaining("gzip");
    }
}
