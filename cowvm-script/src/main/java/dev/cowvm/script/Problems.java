package dev.cowvm.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems of a scenario, as they are found: at most {@value #MAX}, and one for each
 * place (line and column). A loop's body meets the same problem in every iteration; its
 * first is the one worth reading, and the others would bury the rest of the file.
 */
final class Problems {
    static final int MAX = 20;
    private final List<Diagnostic> list = new ArrayList<>();
    private final Set<Long> places = new HashSet<>();

    /** Adds a problem unless its place has one already or the list is full; true if added. */
    boolean add(Diagnostic d) {
        if (full() || !places.add(place(d))) {
            return false;
        }
        list.add(d);
        return true;
    }

    boolean full() {
        return list.size() >= MAX;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Diagnostic> list() {
        return List.copyOf(list);
    }

    /** The problems of both lists in the order of the file (stable within a line and column), one a place, at most {@value #MAX}. */
    static List<Diagnostic> merge(List<Diagnostic> first, List<Diagnostic> second) {
        List<Diagnostic> all = new ArrayList<>(first);
        all.addAll(second);
        all.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        Problems p = new Problems();
        all.forEach(p::add);
        return p.list();
    }

    private static long place(Diagnostic d) {
        return (long) d.line() << 32 | d.column() & 0xFFFFFFFFL;
    }
}
