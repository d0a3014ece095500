package dev.cowvm.script;

/**
 * A problem in a scenario, located: {@code file:line:column: message}, then the line and a
 * caret under the column. Lines and columns count from 1.
 */
public record Diagnostic(String file, int line, int column, String message, String sourceLine) {

    /** The diagnostic as a compiler prints it, on three lines. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(file).append(':').append(line).append(':').append(column).append(": ").append(message);
        if (sourceLine != null) {
            String shown = printable(sourceLine);
            s.append('\n').append("  ").append(shown).append('\n').append("  ")
                    .append(" ".repeat(Math.max(0, Math.min(column - 1, shown.length())))).append('^');
        }
        return s.toString();
    }

    /** The line with control characters made visible, so a caret lines up and a terminal is safe. */
    private static String printable(String line) {
        StringBuilder s = new StringBuilder(line.length());
        int shown = 0;
        for (int i = 0; i < line.length() && shown < 200; i++, shown++) {
            char c = line.charAt(i);
            s.append(c == '\t' ? ' ' : Character.isISOControl(c) || c == '\uFFFD' ? '?' : c);
        }
        if (line.length() > 200) {
            s.append("...");
        }
        return s.toString();
    }
}
