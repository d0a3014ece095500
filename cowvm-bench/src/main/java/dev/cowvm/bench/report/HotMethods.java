package dev.cowvm.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a benchmark's time goes, from a JFR recording ({@code bench/run --profile}).
 *
 * <p>Only the execution samples taken inside the measured method count: JMH calls the
 * fixtures ({@code @Setup}, {@code @TearDown}) from its own loop, outside that method, so
 * a fork's re-dirtying of the parent or a fault's fork before the batch are left out,
 * which {@code jfr view hot-methods} cannot do. Prints the methods (with the line) that
 * were on top of the stack, and the methods between the top and the measured method, by
 * share of the samples.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.cowvm.bench.report.HotMethods profile.jfr ForkBenchmark.fork [rows]
 * </pre>
 */
public final class HotMethods {
    private HotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: HotMethods FILE.jfr Class.method [rows]");
        }
        String under = args[1];
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            // The frames from the top of the stack down to the measured method: what it called.
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            Set<String> methods = new HashSet<>();
            boolean inside = false;
            for (RecordedFrame f : frames) {
                methods.add(name(f));
                if (name(f).equals(under)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                continue;
            }
            samples++;
            RecordedFrame top = frames.getFirst();
            self.merge(name(top) + ":" + top.getLineNumber(), 1, Integer::sum);
            for (String m : methods) {
                inclusive.merge(m, 1, Integer::sum);
            }
        }
        System.out.printf("%d samples inside %s%n", samples, under);
        print("on top of the stack (self)", self, samples, rows);
        print("called by it, anywhere on the stack (inclusive)", inclusive, samples, rows);
    }

    /** The simple class name and the method: {@code Fork.run}. */
    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println("-- " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(en -> System.out.printf("%5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, samples), en.getKey()));
    }
}
