package dev.cowvm.cli;

import dev.cowvm.kernel.ForkMode;
import dev.cowvm.phys.ZeroPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses option values with the same words as the scenario language. */
final class Converters {
    private Converters() {
    }

    static final class ForkModeConverter implements ITypeConverter<ForkMode> {
        @Override
        public ForkMode convert(String value) {
            try {
                return ForkMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ZeroPolicyConverter implements ITypeConverter<ZeroPolicy> {
        @Override
        public ZeroPolicy convert(String value) {
            try {
                return ZeroPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
