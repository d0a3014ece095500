package dev.cowvm.trace;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.mmu.PagingMode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Measures how fast traces are read and replayed, on a generated program-like trace (code
 * fetched in runs, a stack, a heap of a few thousand pages). Not a test: run it by hand,
 *
 * <pre>
 * ./mvnw -q -pl cowvm-trace -am test-compile
 * java -cp cowvm-core/target/classes:cowvm-trace/target/classes:cowvm-trace/target/test-classes \
 *     dev.cowvm.trace.TraceThroughput 10000000 /tmp
 * </pre>
 *
 * or give it a trace file to measure instead ({@code TraceThroughput sort.cvt}). Each figure
 * is the best of three runs after a warm-up run, in records per second. Generated files are
 * deleted afterwards.
 */
public final class TraceThroughput {
    private TraceThroughput() {
    }

    public static void main(String[] args) throws IOException {
        KernelConfig config = KernelConfig.defaults().withPagingMode(PagingMode.SV48).withMemory(1L << 30);
        if (args.length == 1 && Files.isRegularFile(Path.of(args[0]))) {
            Path p = Path.of(args[0]);
            long count = read(p, -1);
            System.out.printf("%d records, %.2f bytes each%n", count, (double) Files.size(p) / count);
            System.out.printf("read   %6.1f M records/s%n", best(() -> read(p, count)) / 1e6);
            System.out.printf("replay %6.1f M accesses/s%n", best(() -> replay(p, config, count)) / 1e6);
            return;
        }
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path dir = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir")), "cowvm-throughput");
        Path text = dir.resolve("t.lackey");
        Path textGz = dir.resolve("t.lackey.gz");
        Path bin = dir.resolve("t.cvt");
        try {
            generate(n, text, textGz, bin);
            System.out.printf("%d records; lackey %d MB, lackey.gz %d MB, cvt %d MB%n", n, Files.size(text) >> 20,
                    Files.size(textGz) >> 20, Files.size(bin) >> 20);
            for (Path p : new Path[] {text, textGz, bin}) {
                System.out.printf("read   %-10s %6.1f M records/s%n", p.getFileName(), best(() -> read(p, n)) / 1e6);
            }
            for (Path p : new Path[] {text, bin}) {
                System.out.printf("replay %-10s %6.1f M accesses/s%n", p.getFileName(),
                        best(() -> replay(p, config, n)) / 1e6);
            }
        } finally {
            for (Path p : new Path[] {text, textGz, bin}) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    interface Run {
        long run() throws IOException;
    }

    /** The best rate of three timed runs after one warm-up, in records per second. */
    private static double best(Run r) throws IOException {
        r.run();
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            long count = r.run();
            double rate = count / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, rate);
        }
        return best;
    }

    static long read(Path p, long expected) throws IOException {
        long count = 0;
        long sum = 0;
        try (TraceReader r = TraceReader.open(p, false)) {
            while (r.next()) {
                count++;
                sum += r.address() + r.size() + r.kind().ordinal();
            }
        }
        if ((expected >= 0 && count != expected) || sum == 0) {
            throw new IllegalStateException("read " + count + " records of " + expected);
        }
        return count;
    }

    static long replay(Path p, KernelConfig config, long expected) throws IOException {
        ReplayReport report = Replayer.run(config, ReplayPlan.of(TraceSource.file(p, false)));
        if (report.accesses() != expected) {
            throw new IllegalStateException("replayed " + report.accesses() + " of " + expected);
        }
        return report.accesses();
    }

    static void generate(long n, Path text, Path textGz, Path bin) throws IOException {
        Random rnd = new Random(1);
        try (Writer t = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(text), StandardCharsets.US_ASCII), 1 << 16);
             Writer z = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(textGz), 1 << 16),
                     StandardCharsets.US_ASCII), 1 << 16);
             BinaryTraceWriter b = new BinaryTraceWriter(new GZIPOutputStream(Files.newOutputStream(bin), 1 << 16))) {
            long pc = 0x401000;
            StringBuilder line = new StringBuilder(32);
            for (long i = 0; i < n; i++) {
                AccessKind k;
                long addr;
                int size;
                if (i % 3 != 2) {
                    pc = rnd.nextInt(40) == 0 ? 0x401000 + rnd.nextInt(1 << 20) : pc + 1 + rnd.nextInt(7);
                    k = AccessKind.INSTRUCTION;
                    addr = pc;
                    size = 1 + rnd.nextInt(7);
                } else {
                    k = AccessKind.values()[1 + rnd.nextInt(3)];
                    addr = rnd.nextBoolean() ? 0x7ffffffde000L + rnd.nextInt(8192) : 0x4a00000 + rnd.nextInt(4000 * 4096);
                    size = 8;
                }
                line.setLength(0);
                line.append(k == AccessKind.INSTRUCTION ? "I  " : " " + k.letter() + " ")
                        .append(Long.toHexString(addr)).append(',').append(size).append('\n');
                t.append(line);
                z.append(line);
                b.write(k, addr, size);
            }
        }
    }
}
