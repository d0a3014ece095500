package dev.cowvm.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** A Markdown table, and the number formats every table of the report shares. */
final class Table {
    /** Shown where a figure was not measured in this run. */
    static final String MISSING = "–";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (int i = 0; i < header.size(); i++) {
            sb.append(i == 0 ? "---|" : "---:|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append('\n');
    }

    /** Three significant digits at most, no exponent: 0.0123, 1.23, 12.3, 123, 12345. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format("%,.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        if (a >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3g", v);
    }

    static String number(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : MISSING;
    }

    /** {@code a / b}, as a ratio "0.42×", or the missing mark. */
    static String ratio(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() && b.isPresent() ? number(a.getAsDouble() / b.getAsDouble()) + "×" : MISSING;
    }

    /** Bytes in B, KiB, MiB or GiB. */
    static String bytes(OptionalDouble v) {
        if (v.isEmpty()) {
            return MISSING;
        }
        double b = v.getAsDouble();
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return number(b) + " " + units[u];
    }

    /** Scales a present value. */
    static OptionalDouble times(OptionalDouble v, double factor) {
        return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * factor) : v;
    }
}
