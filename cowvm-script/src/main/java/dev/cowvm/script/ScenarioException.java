package dev.cowvm.script;

import java.util.List;

/** A scenario that cannot run: every problem found, each located. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ScenarioException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "scenario error" : diagnostics.getFirst().format(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ScenarioException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    /** The problems, in the order of the file. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Every problem, formatted, one after the other. */
    public String report() {
        StringBuilder s = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            s.append(d.format()).append('\n');
        }
        return s.toString();
    }
}
