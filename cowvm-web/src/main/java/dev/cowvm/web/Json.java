package dev.cowvm.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.cowvm.observe.KernelEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of the API. Enums are written as lower-case labels ({@code cow-copy}), as the
 * command's {@code --json} and {@code --events} write them; null fields are left out.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new EnumLabels())
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * An event as the command's {@code --events} writes it: its type, then its fields; a
     * fault's frame that does not exist (the kernel's -1) is null.
     */
    static Map<String, Object> event(KernelEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", event.type());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = MAPPER.convertValue(event, LinkedHashMap.class);
        fields.remove("type");
        fields.forEach((name, value) -> m.put(name, (name.equals("oldFrame") || name.equals("newFrame"))
                && value instanceof Number n && n.intValue() < 0 ? null : value));
        return m;
    }

    /** Writes enums as {@code lower-case-labels}. */
    @SuppressWarnings("rawtypes")
    private static final class LabelSerializer extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }
}
