package dev.cowvm.trace;

import java.io.IOException;

/**
 * A trace that cannot be read or replayed as asked: a malformed record, a truncated file,
 * an address the replayed process cannot map. Says where ({@code file:line} for text,
 * {@code file: record N} for binary) and what; the message is meant for the user as it is.
 */
public final class TraceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String problem;
    private final boolean skippable;

    public TraceException(String where, String problem) {
        this(where, problem, false, null);
    }

    public TraceException(String where, String problem, Throwable cause) {
        this(where, problem, false, cause);
    }

    /**
     * @param skippable true if a lenient reader would have skipped the problem (a malformed
     *                  line, a cut-short end) instead of failing
     */
    public TraceException(String where, String problem, boolean skippable, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
        this.skippable = skippable;
    }

    /** True if reading leniently would skip this problem and go on. */
    public boolean skippable() {
        return skippable;
    }

    /** The place: a file and line, or a file and record number. */
    public String where() {
        return where;
    }

    /** What is wrong there. */
    public String problem() {
        return problem;
    }
}
