package dev.cowvm.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Locale;

/**
 * The one rule for enums in cowvm's JSON, shared by the visualizer's API and the command's
 * {@code --json} and {@code --events}: lower-case labels with dashes ({@code COW_COPY} is
 * written {@code cow-copy}).
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
            gen.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }
}
