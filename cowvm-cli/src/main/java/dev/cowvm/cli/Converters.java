package dev.cowvm.cli;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.phys.ZeroPolicy;
import java.util.function.Function;
import picocli.CommandLine;

/** Option values parsed by the kernel's own parsers, their messages shown as usage errors. */
final class Converters {
    private Converters() {
    }

    private static <T> T parse(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static final class Zero implements CommandLine.ITypeConverter<ZeroPolicy> {
        @Override
        public ZeroPolicy convert(String value) {
            return parse(ZeroPolicy::parse, value);
        }
    }

    static final class Fork implements CommandLine.ITypeConverter<ForkMode> {
        @Override
        public ForkMode convert(String value) {
            return parse(ForkMode::parse, value);
        }
    }

    static final class Paging implements CommandLine.ITypeConverter<PagingMode> {
        @Override
        public PagingMode convert(String value) {
            return parse(PagingMode::parse, value);
        }
    }
}
