package dev.cowvm.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Writes every enum in the visualizer's JSON by its label, the one rule of
 * {@link dev.cowvm.Labeled} ({@code COW_COPY} is written {@code cow-copy}).
 */
public final class EnumLabels extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public EnumLabels() {
        super("cowvm-enum-labels");
        addSerializer(Enum.class, new LabelSerializer());
    }

    @SuppressWarnings("rawtypes")
    private static final class LabelSerializer extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(dev.cowvm.Labeled.of(value));
        }
    }
}
