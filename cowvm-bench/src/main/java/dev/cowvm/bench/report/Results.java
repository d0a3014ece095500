package dev.cowvm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The measurements of one run: JMH's JSON results for cowvm and the bare JVM, and the lines
 * {@code linux_ref} printed for Linux. Every time is in nanoseconds per operation.
 *
 * <p>A JMH result is named by its benchmark's simple name and its parameters, in name
 * order: {@code ForkBenchmark.fork mode=cow residentMiB=16}. A Linux result by its figure
 * and keys, as printed: {@code fork mib=16 pages=4096}.
 */
final class Results {
    private final Map<String, Double> nanos = new HashMap<>();
    private final Map<String, Double> allocated = new HashMap<>();
    private final Map<String, Double> linux = new HashMap<>();
    private final Map<String, Double> footprint = new HashMap<>();
    private final Map<String, Map<String, String>> guest = new HashMap<>();
    private final Map<String, double[]> qemu = new HashMap<>();
    private final Map<String, String> about = new TreeMap<>();

    /** What the run was: JVM and kernel versions, settings. */
    Map<String, String> about() {
        return about;
    }

    /** Reads JMH's JSON ({@code -rf json}). */
    void readJmh(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        for (JsonNode r : root) {
            String name = r.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                params.put(p.getKey(), p.getValue().asText());
            }
            params.forEach((k, v) -> key.append(' ').append(k).append('=').append(v));
            JsonNode primary = r.path("primaryMetric");
            nanos.put(key.toString(), primary.path("score").asDouble() * nanosPer(primary.path("scoreUnit").asText()));
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            if (alloc.has("score")) {
                allocated.put(key.toString(), alloc.path("score").asDouble());
            }
            if (r.has("vmVersion") && !about.containsKey("jvm")) {
                // The run's settings, from its first result: every benchmark ran with them.
                about.put("jvm", r.path("vmName").asText() + " " + r.path("vmVersion").asText());
                about.put("jmh", r.path("jmhVersion").asText() + ", " + String.format(
                        "%d fork(s), %d warmup x %s, %d measurement x %s",
                        r.path("forks").asInt(), r.path("warmupIterations").asInt(), r.path("warmupTime").asText(),
                        r.path("measurementIterations").asInt(), r.path("measurementTime").asText()));
            }
        }
    }

    /** Reads {@code linux_ref}'s output. */
    void readLinux(Path text) throws IOException {
        for (String line : Files.readAllLines(text)) {
            line = line.strip();
            if (line.startsWith("# linux_ref ")) {
                about.put("linux", line.substring("# linux_ref ".length()));
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            Double ns = null;
            for (String word : line.split("\\s+")) {
                if (word.startsWith("ns=")) {
                    ns = Double.parseDouble(word.substring(3));
                } else if (!word.startsWith("runs=") && !word.startsWith("min_ns=")) {
                    key.append(key.isEmpty() ? "" : " ").append(word);
                }
            }
            if (ns == null) {
                throw new IOException(text + ": no ns= in line '" + line + "'");
            }
            linux.put(key.toString(), ns);
        }
    }

    /**
     * Reads {@code dev.cowvm.bench.Footprint}'s output: lines like
     * {@code footprint machineGiB=64 heap_bytes=1 arena_bytes=2 total_bytes=3}, kept as
     * {@code machineGiB=64 heap_bytes} and so on.
     */
    void readFootprint(Path text) throws IOException {
        for (String line : Files.readAllLines(text)) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 3 || !words[0].equals("footprint")) {
                continue;
            }
            for (int i = 2; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                footprint.put(words[1] + " " + kv[0], Double.parseDouble(kv[1]));
            }
        }
    }

    /**
     * Reads {@code dev.cowvm.bench.GuestPrograms}'s output: lines like
     * {@code guest program=sieve seconds=3.2 instructions=...}, kept by program, and
     * {@code idle processes=1000 heap_bytes_per_process=...}, kept as program {@code idle}.
     */
    void readGuest(Path text) throws IOException {
        for (String line : Files.readAllLines(text)) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !(words[0].equals("guest") || words[0].equals("idle"))) {
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            guest.put(words[0].equals("idle") ? "idle" : values.get("program"), values);
        }
    }

    /** A value GuestPrograms printed for a program (or {@code idle}), if measured. */
    OptionalDouble guest(String program, String key) {
        Map<String, String> values = guest.get(program);
        String v = values == null ? null : values.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
    }

    /**
     * Reads bench/riscv/qemu-figures' Markdown table: a row's first cell names the program
     * in its first word (before a space, a dot or a colon), then seconds and instructions.
     * The spawn rows are kept as {@code spawn-1} and {@code spawn-1024} (MiB of the parent),
     * the rows of the spawns alone as {@code spawn-alone-1} and {@code spawn-alone-1024}.
     */
    void readQemu(Path markdown) throws IOException {
        for (String line : Files.readAllLines(markdown)) {
            String[] cells = line.strip().split("\\s*\\|\\s*");
            if (cells.length < 4 || cells[1].equals("program") || cells[1].startsWith("---")) {
                continue;
            }
            String name = cells[1].split("[ .:]", 2)[0];
            if (name.equals("spawn")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("a (\\d+) MiB parent").matcher(cells[1]);
                if (!m.find()) {
                    continue;
                }
                name = (cells[1].contains(" alone") ? "spawn-alone-" : "spawn-") + m.group(1);
            }
            qemu.put(name, new double[] {number(cells[2]), number(cells[3])});
        }
    }

    private static double number(String cell) {
        String digits = cell.replace(",", "");
        return digits.matches("[0-9.]+") ? Double.parseDouble(digits) : Double.NaN;
    }

    /** qemu-riscv64's seconds for a program, if measured. */
    OptionalDouble qemuSeconds(String program) {
        double[] v = qemu.get(program);
        return v == null || Double.isNaN(v[0]) ? OptionalDouble.empty() : OptionalDouble.of(v[0]);
    }

    /** qemu-riscv64's instruction count for a program, if measured. */
    OptionalDouble qemuInstructions(String program) {
        double[] v = qemu.get(program);
        return v == null || Double.isNaN(v[1]) ? OptionalDouble.empty() : OptionalDouble.of(v[1]);
    }

    /** A footprint figure in bytes, like {@code machineGiB=64 total_bytes}, if measured. */
    OptionalDouble footprint(String key) {
        Double v = footprint.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A JMH result in nanoseconds per operation, if measured. */
    OptionalDouble ns(String key) {
        Double v = nanos.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The JMH result keys that start with {@code prefix}, in order. */
    java.util.List<String> keys(String prefix) {
        return nanos.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    /** Bytes a JMH operation allocated on the host heap, if the gc profiler ran. */
    OptionalDouble allocated(String key) {
        Double v = allocated.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** A Linux result in nanoseconds, if measured. */
    OptionalDouble linux(String key) {
        Double v = linux.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }
}
