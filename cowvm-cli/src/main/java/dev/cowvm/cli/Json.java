package dev.cowvm.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.script.RunResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        m.put("processes", r.processes().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("pid", p.pid());
            pm.put("status", p.status());
            pm.put("exitCode", p.exitCode());
            pm.put("rss", p.rss());
            pm.put("pss", p.pss());
            pm.put("uss", p.uss());
            pm.put("shared", p.shared());
            pm.put("private", p.privateBytes());
            return pm;
        }).toList());
        return m;
    }

    /** One event as a JSON line: the scenario line, the type, then the event's fields. */
    static String event(int line, KernelEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", line);
        m.put("type", event.type());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = MAPPER.convertValue(event, LinkedHashMap.class);
        fields.remove("type");
        m.putAll(fields);
        return write(m);
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
