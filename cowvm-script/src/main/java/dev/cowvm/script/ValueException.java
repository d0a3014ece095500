package dev.cowvm.script;

/**
 * A value that cannot be read, with where in its word the problem starts, so that the
 * parser can point at it ({@code heap+4KB*3} points at {@code 4KB}).
 */
final class ValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Characters from the start of the word to the problem. */
    final int offset;

    ValueException(String message, int offset) {
        super(message);
        this.offset = offset;
    }
}
