package dev.cowvm.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.trace.Traces.Rec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryTraceTest {
    /** Records of every kind and size class, with steps both ways and the extremes of 64 bits. */
    private static List<Rec> sample(int n, long seed) {
        Random rnd = new Random(seed);
        List<Rec> out = new ArrayList<>();
        long code = 0x401000;
        long data = 0x7ffff000;
        for (int i = 0; i < n; i++) {
            AccessKind k = AccessKind.values()[rnd.nextInt(4)];
            int size = switch (rnd.nextInt(5)) {
                case 0 -> 1 + rnd.nextInt(63);
                case 1 -> 64;
                case 2 -> 1 + rnd.nextInt(TraceReader.MAX_SIZE);
                case 3 -> TraceReader.MAX_SIZE;
                default -> 8;
            };
            long addr = switch (rnd.nextInt(6)) {
                case 0 -> rnd.nextLong();
                case 1 -> -1L;
                case 2 -> 0;
                default -> k == AccessKind.INSTRUCTION ? (code += rnd.nextInt(16)) : (data += rnd.nextInt(256) - 128);
            };
            out.add(new Rec(k, addr, size));
        }
        return out;
    }

    @Test
    void roundTripsEveryRecord() throws Exception {
        List<Rec> recs = sample(100_000, 42);
        TraceReader r = Traces.bytes(Traces.binary(recs), false);
        assertThat(r.format()).isEqualTo(TraceFormat.BINARY);
        assertThat(Traces.readAll(r)).isEqualTo(recs);
        assertThat(r.skipped()).isZero();
    }

    @Test
    void roundTripsCompressed() throws Exception {
        List<Rec> recs = sample(10_000, 7);
        TraceReader r = Traces.bytes(Traces.gzip(Traces.binary(recs)), false);
        assertThat(r.compressed()).isTrue();
        assertThat(r.format()).isEqualTo(TraceFormat.BINARY);
        assertThat(Traces.readAll(r)).isEqualTo(recs);
    }

    @Test
    void aTypicalRecordTakesAFewBytes() {
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            recs.add(new Rec(AccessKind.INSTRUCTION, 0x401000 + 4L * i, 4));
            recs.add(new Rec(AccessKind.LOAD, 0x7ffe0000 - 8L * (i % 16), 8));
        }
        assertThat(Traces.binary(recs).length).isLessThan(3 * recs.size());
    }

    @Test
    void anEmptyTraceRoundTrips() throws Exception {
        assertThat(Traces.readAll(Traces.bytes(Traces.binary(List.of()), false))).isEmpty();
    }

    @Test
    void aTraceCutShortIsAnErrorUnlessLenient() throws Exception {
        List<Rec> recs = sample(1000, 3);
        byte[] full = Traces.binary(recs);
        byte[] cut = Arrays.copyOf(full, full.length - 5); // the end mark (4 bytes) and the last byte of the last record
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(cut, false))).isInstanceOf(TraceException.class)
                .hasMessageContaining("the file is cut short");
        TraceReader lenient = Traces.bytes(cut, true);
        assertThat(Traces.readAll(lenient)).isEqualTo(recs.subList(0, 999));
        assertThat(lenient.problems()).containsExactly("t: the trace ends in the middle of record 1000: the file is cut short");

        int endMarkLength = 1 + 1 + varintLength(recs.size());
        byte[] whole = Arrays.copyOf(full, full.length - endMarkLength);
        TraceReader l2 = Traces.bytes(whole, true);
        assertThat(Traces.readAll(l2)).isEqualTo(recs);
        assertThat(l2.skipped()).isEqualTo(1);
        assertThat(l2.problems().getFirst()).isEqualTo("t: the trace ends after 1000 records without its end mark: the file is cut short");
    }

    private static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    @Test
    void aWrongCountOrTrailingBytesAreErrors() throws Exception {
        byte[] full = Traces.binary(sample(10, 1));
        byte[] wrong = full.clone();
        wrong[wrong.length - 1] = 11;
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(wrong, false)))
                .hasMessage("t: end mark: the end mark counts 11 records but the file holds 10");
        byte[] trailing = Arrays.copyOf(full, full.length + 1);
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(trailing, true)))
                .hasMessage("t: end mark: there are bytes after the end mark");
    }

    @Test
    void anUnknownVersionOrAShortHeaderIsNamed() {
        byte[] v2 = Traces.binary(List.of());
        v2[4] = 2;
        assertThatThrownBy(() -> Traces.bytes(v2, false))
                .hasMessage("t: cowvm binary trace version 2 is not supported (this cowvm reads version 1)");
        assertThatThrownBy(() -> Traces.bytes(new byte[] {'C', 'V', 'T', 'R', 1}, false))
                .hasMessage("t: the cowvm binary trace header is cut short");
    }

    @Test
    void badRecordsAreNamedByNumber() throws Exception {
        byte[] header = Arrays.copyOf(Traces.binary(List.of()), 8);
        byte[] bigSize = concat(header, new byte[] {0x40, (byte) 0x81, 0x20, 0x00});
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(bigSize, true)))
                .hasMessage("t: record 1: the size 4097 is out of range 1 to 4096");
        byte[] longVarint = concat(header, new byte[] {0x48, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
        assertThatThrownBy(() -> Traces.readAll(Traces.bytes(longVarint, false)))
                .hasMessage("t: record 1: a number in the record is longer than ten bytes: not a cowvm binary trace");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theWriterRefusesSizesTheFormatCannotHold() {
        assertThatThrownBy(() -> Traces.binary(List.of(new Rec(AccessKind.LOAD, 0, 0))))
                .hasMessage("size 0 must be 1 to 4096");
    }
}
