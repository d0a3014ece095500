package dev.cowvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one rule for how cowvm's enums are written and read by people and programs: every
 * enum has a stable <em>label</em>, used in scenarios, on the command line and in JSON, and
 * is parsed back from it by {@link #parse}. By default the label is the constant's name in
 * lower case with dashes ({@code ON_ALLOC} is {@code on-alloc}); an enum whose label must
 * differ (a counter's camel-case JSON key) overrides {@link #label()}.
 */
public interface Labeled {
    /**
     * The stable label.
     *
     * @return for example {@code on-alloc}, {@code sv39}, {@code pagesCopied}
     */
    default String label() {
        return byName((Enum<?>) this);
    }

    /**
     * The label of any enum constant: its own if it is {@link Labeled}, else the default
     * rule (lower case, dashes for underscores).
     *
     * @param value an enum constant
     * @return its label
     */
    static String of(Enum<?> value) {
        return value instanceof Labeled l ? l.label() : byName(value);
    }

    /**
     * The default rule: the constant's name in lower case, with dashes for underscores.
     *
     * @param value an enum constant
     * @return for example {@code cow-copy} for {@code COW_COPY}
     */
    static String byName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant with this label.
     *
     * @param type  the enum
     * @param what  what it is called in the message, for example {@code zero policy}
     * @param label the text to read
     * @param <E>   the enum's type
     * @return the constant
     * @throws IllegalArgumentException naming the text and every label accepted
     */
    static <E extends Enum<E> & Labeled> E parse(Class<E> type, String what, String label) {
        List<String> labels = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.label().equals(label)) {
                return e;
            }
            labels.add(e.label());
        }
        throw new IllegalArgumentException("unknown " + what + " '" + label + "'; expected " + oneOf(labels));
    }

    /**
     * Every label of an enum, in declaration order.
     *
     * @param type the enum
     * @param <E>  its type
     * @return the labels
     */
    static <E extends Enum<E> & Labeled> List<String> labels(Class<E> type) {
        List<String> labels = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            labels.add(e.label());
        }
        return labels;
    }

    /** "a", "a or b", "a, b or c". */
    private static String oneOf(List<String> labels) {
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.getLast();
    }
}
