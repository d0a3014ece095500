package dev.cowvm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.script.RunResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON forms of a run and of kernel events, with the field names documented in
 * docs/scenarios.md. Enum values are written as lower-case labels ({@code cow-copy}, {@code segv}).
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("cowvm-labels")
                    .addSerializer(Enum.class, new LabelSerializer()));
    static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The document for one run. */
    static Map<String, Object> run(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("ok", r.ok());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("memory", r.config().memoryBytes());
        config.put("frames", r.config().frames());
        config.put("zeroPage", PhysicalMemory.ZERO_FRAME);
        config.put("zero", r.config().zeroPolicy().label());
        config.put("forkMode", r.config().forkMode().label());
        config.put("paging", r.config().pagingMode().label());
        m.put("config", config);
        m.put("statements", r.statements());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("passed", r.passed());
        e.put("failed", r.failures().size());
        m.put("expectations", e);
        m.put("failures", r.failures().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("line", f.line());
            fm.put("message", f.message());
            return fm;
        }).toList());
        m.put("stats", r.stats().asMap());
        m.put("processes", r.processes().stream().map(Json::process).toList());
        return m;
    }

    /**
     * One process at the end of a run: sizes in bytes, its own fault counters, and the exit
     * code only once it has ended (a running process has none).
     */
    static Map<String, Object> process(RunResult.ProcessSummary p) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("pid", p.pid());
        pm.put("status", p.status());
        p.exitCode().ifPresent(code -> pm.put("exitCode", code));
        MemoryUsage u = p.usage();
        pm.put("rss", u.rssBytes());
        pm.put("pss", u.pssBytes());
        pm.put("uss", u.ussBytes());
        pm.put("shared", u.sharedBytes());
        pm.put("private", u.privateBytes());
        for (Counter c : PROCESS_COUNTERS) {
            pm.put(c.label(), p.stats().get(c));
        }
        return pm;
    }

    /** The counters of each process in the JSON: its faults, as Linux's ru_minflt counts them, and its copies. */
    static final List<Counter> PROCESS_COUNTERS = List.of(Counter.MINOR_FAULTS, Counter.ZERO_PAGE_MAPS,
            Counter.ZERO_FILL_FAULTS, Counter.COW_COPY_FAULTS, Counter.COW_REUSE_FAULTS, Counter.PAGES_COPIED);

    /** Event fields that hold a user address: each is followed by the same address in hex. */
    private static final Set<String> ADDRESS_FIELDS = Set.of("va", "start", "oldBreak", "newBreak");
    /** Event fields that hold a frame number; the kernel's -1 ("none") is written as null. */
    private static final Set<String> FRAME_FIELDS = Set.of("oldFrame", "newFrame");

    /**
     * One event as a JSON line: the scenario line, the type, then the event's fields, with
     * {@code null} for "no frame" and a {@code ...Hex} string after each address.
     */
    static String event(int line, KernelEvent event) {
        return event("line", line, event);
    }

    /** An event as one JSON line whose first field, {@code key}, says when it happened. */
    static String event(String key, long when, KernelEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, when);
        m.put("type", event.type());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = MAPPER.convertValue(event, LinkedHashMap.class);
        fields.remove("type");
        fields.forEach((name, value) -> {
            if (FRAME_FIELDS.contains(name) && value instanceof Number n && n.intValue() < 0) {
                m.put(name, null);
            } else {
                m.put(name, value);
            }
            if (ADDRESS_FIELDS.contains(name) && value instanceof Number n) {
                m.put(name + "Hex", hex(n.longValue()));
            }
        });
        return write(m);
    }

    /** An address as the text views write it: {@code 0x1000000000}. */
    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object runs(List<RunResult> results) {
        return results.size() == 1 ? run(results.getFirst()) : results.stream().map(Json::run).toList();
    }

    /** Every enum by its label, the one rule of {@link dev.cowvm.Labeled}. */
    @SuppressWarnings("rawtypes")
    private static final class LabelSerializer extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(dev.cowvm.Labeled.of(value));
        }
    }
}
