package dev.cowvm.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of the loop variables in one iteration: the innermost loop's variable, then
 * those of the loops around it. Immutable and shared: every statement of an iteration holds
 * the same one, so a scenario of a million expanded statements holds one small object per
 * iteration, not a copy of each variable per statement.
 */
final class Bindings {
    /** Outside every loop. */
    static final Bindings NONE = new Bindings(null, 0, null);

    private final String name;
    private final long value;
    private final Bindings outer;

    private Bindings(String name, long value, Bindings outer) {
        this.name = name;
        this.value = value;
        this.outer = outer;
    }

    /**
     * These values and one more variable, for the body of a loop; {@code name} may be null
     * for a loop without a variable ({@code repeat 3 { ... }}), which still counts as a loop.
     */
    Bindings with(String variable, long v) {
        return new Bindings(variable, v, this);
    }

    /** True outside every loop. */
    boolean isEmpty() {
        return outer == null;
    }

    /** The value of a variable, or null if no enclosing loop defines it. */
    Long value(String variable) {
        for (Bindings b = this; b.outer != null; b = b.outer) {
            if (variable.equals(b.name)) {
                return b.value;
            }
        }
        return null;
    }

    /** The message for a variable no loop defines here. */
    String unknown(String variable) {
        List<String> names = names();
        if (names.isEmpty()) {
            return "$" + variable + " is not inside a repeat: no loop variable is defined here";
        }
        String close = Suggest.closest(variable, names);
        return "no loop variable " + variable + " here" + (close != null ? "; did you mean $" + close + "?"
                : " (there " + (names.size() == 1 ? "is $" + names.getFirst() : "are $" + String.join(", $", names))
                + ")");
    }

    /** The variables defined here, outermost first. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (Bindings b = this; b.outer != null; b = b.outer) {
            if (b.name != null) {
                out.addFirst(b.name);
            }
        }
        return out;
    }

    /**
     * The iteration, as messages say it: {@code i = 3}, or {@code i = 3, j = 0} in nested
     * loops (outermost first); for loops without a variable, the iteration's number.
     */
    String describe() {
        List<String> out = new ArrayList<>();
        for (Bindings b = this; b.outer != null; b = b.outer) {
            out.addFirst(b.name != null ? b.name + " = " + b.value : "iteration " + (b.value + 1));
        }
        return String.join(", ", out);
    }

    /** What a message about a statement of this iteration ends with: {@code " (when i = 3)"}, or nothing. */
    String suffix() {
        return isEmpty() ? "" : " (when " + describe() + ")";
    }

    /**
     * The token with every interpolation replaced by its value, in decimal.
     *
     * @throws ValueException for an interpolation that has no value here, with its offset
     *         from the token's column
     */
    Token apply(Token t) {
        if (t.parts() == null) {
            return t;
        }
        StringBuilder s = new StringBuilder();
        for (Token.Part p : t.parts()) {
            if (p.literal() != null) {
                s.append(p.literal());
            } else {
                try {
                    s.append(value(p));
                } catch (ValueException e) {
                    throw new ValueException(e.getMessage(), p.column() - t.column());
                }
            }
        }
        return new Token(s.toString(), t.quoted(), t.column(), t.width(), false, null);
    }

    /**
     * An interpolation's value.
     *
     * @throws ValueException if it has none, or it is negative
     */
    long value(Token.Part p) {
        long v;
        try {
            v = p.expression().evaluate(this);
        } catch (IllegalArgumentException e) {
            throw new ValueException(p.source() + ": " + e.getMessage(), 0);
        }
        if (v < 0) {
            throw new ValueException(p.source() + " is " + v + ": a value written with $ cannot be negative", 0);
        }
        return v;
    }
}
