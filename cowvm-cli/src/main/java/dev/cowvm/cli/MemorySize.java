package dev.cowvm.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a size as users write it: a whole number of bytes, or with a binary unit
 * {@code K}, {@code M}, {@code G} or {@code T} (optionally followed by {@code iB} or
 * {@code B}, in any case): {@code 4096}, {@code 64M}, {@code 1GiB}.
 */
final class MemorySize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> { }
            }
        }
        if (shift > 0) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("[0-9]{1,15}")) {
            throw new CommandLine.TypeConversionException("'" + text
                    + "' is not a size: write bytes, or a number with K, M, G or T (for example 64M)");
        }
        long n = Long.parseLong(s);
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is too large");
        }
        return n << shift;
    }
}
