package dev.cowvm.script;

import java.util.List;

/**
 * A word or a quoted string of one scenario line, with the column where it starts (from 1)
 * and how many characters of the line it spans.
 *
 * <p>A token of a loop's body may hold interpolations ({@code w$i}, {@code "worker $(i+1)"}):
 * then {@link #parts()} lists its pieces and {@link #text()} is its text as written; the
 * parser only ever sees tokens with the loop's values substituted ({@link Bindings#apply}).
 *
 * @param text   the word, or the string's content with its escapes resolved
 * @param quoted true for a string in double quotes
 * @param column where it starts in the line, from 1
 * @param width  how many characters of the line it spans (quotes included)
 * @param exact  true if {@code text} is exactly the characters of the line from
 *               {@code column}: a plain word, so that a problem inside it can be pointed at
 * @param parts  the pieces of a token with interpolations, else null
 */
record Token(String text, boolean quoted, int column, int width, boolean exact, List<Part> parts) {
    Token {
        parts = parts == null ? null : List.copyOf(parts);
    }

    /** A plain word or string, without interpolation. */
    Token(String text, boolean quoted, int column, int width) {
        this(text, quoted, column, width, !quoted, null);
    }

    boolean is(String word) {
        return !quoted && parts == null && text.equals(word);
    }

    /** The column just after the token. */
    int end() {
        return column + width;
    }

    /**
     * A piece of a token with interpolations: literal text, or an expression whose value is
     * written in its place.
     *
     * @param literal    the text, for a literal piece; else null
     * @param expression the expression, for an interpolation; else null
     * @param source     an interpolation as written: {@code $i} or {@code $(i+1)}
     * @param column     where an interpolation starts in the line, from 1
     */
    record Part(String literal, IndexExpression expression, String source, int column) {
    }
}
