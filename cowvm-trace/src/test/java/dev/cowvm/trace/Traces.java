package dev.cowvm.trace;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Hand-made traces for the tests, in memory. */
final class Traces {
    record Rec(AccessKind kind, long address, int size) {
    }

    private Traces() {
    }

    static TraceReader text(String lackey, boolean lenient) throws IOException {
        return TraceReader.open("t.lackey", new ByteArrayInputStream(lackey.getBytes(StandardCharsets.UTF_8)), lenient);
    }

    static TraceReader bytes(byte[] data, boolean lenient) throws IOException {
        return TraceReader.open("t", new ByteArrayInputStream(data), lenient);
    }

    static List<Rec> readAll(TraceReader r) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (r) {
            while (r.next()) {
                out.add(new Rec(r.kind(), r.address(), r.size()));
            }
        }
        return out;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static byte[] binary(List<Rec> records) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (BinaryTraceWriter w = new BinaryTraceWriter(b)) {
            for (Rec r : records) {
                w.write(r.kind(), r.address(), r.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static String lackey(List<Rec> records) {
        StringBuilder s = new StringBuilder();
        for (Rec r : records) {
            s.append(r.kind() == AccessKind.INSTRUCTION ? "I  " : " " + r.kind().letter() + " ")
                    .append(String.format("%08x", r.address())).append(',').append(r.size()).append('\n');
        }
        return s.toString();
    }
}
