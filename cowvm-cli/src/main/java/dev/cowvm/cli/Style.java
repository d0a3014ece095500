package dev.cowvm.cli;

import picocli.CommandLine.Help.Ansi;

/**
 * Colour for a terminal, plain text when piped: on when standard output is a console and
 * {@code NO_COLOR} is not set, unless {@code --color} or {@code --no-color} says otherwise.
 */
final class Style {
    private final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    static Style of(Boolean color) {
        if (color != null) {
            return new Style(color);
        }
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new Style(terminal && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM")));
    }

    String heading(String s) {
        return wrap("bold", s);
    }

    String good(String s) {
        return wrap("green", s);
    }

    String bad(String s) {
        return wrap("bold,red", s);
    }

    String note(String s) {
        return wrap("faint", s);
    }

    String code(String s) {
        return wrap("cyan", s);
    }

    private String wrap(String style, String s) {
        if (!on || s.isEmpty()) {
            return s;
        }
        return Ansi.ON.string("@|" + style + " " + s.replace("|@", "| @") + "|@");
    }
}
