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

    public TraceException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
        this.problem = problem;
    }

    public TraceException(String where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
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
