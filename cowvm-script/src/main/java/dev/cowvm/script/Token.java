package dev.cowvm.script;

/** A word or a quoted string of one scenario line, with the column where it starts (from 1). */
record Token(String text, boolean quoted, int column) {
    boolean is(String word) {
        return !quoted && text.equals(word);
    }
}
