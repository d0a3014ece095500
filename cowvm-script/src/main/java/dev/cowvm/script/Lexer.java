package dev.cowvm.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words and quoted strings. {@code #} outside a string starts a comment.
 * Strings are in double quotes with the escapes {@code \" \\ \n \t \0} and {@code \xHH}.
 * A word holds no control character and no digit other than ASCII 0-9: a full-width
 * {@code ４} looks like a number but is refused, where it stands.
 */
final class Lexer {
    private Lexer() {
    }

    /** The tokens of one line, or an error naming the column of the first bad character. */
    static List<Token> tokens(String file, int lineNo, String line) throws ScenarioException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                int start = i++;
                StringBuilder s = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\') {
                        if (i + 1 >= n) {
                            break;
                        }
                        char e = line.charAt(i + 1);
                        switch (e) {
                            case '"', '\\' -> s.append(e);
                            case 'n' -> s.append('\n');
                            case 't' -> s.append('\t');
                            case '0' -> s.append('\0');
                            case 'x' -> {
                                if (i + 3 >= n || !isHex(line.charAt(i + 2)) || !isHex(line.charAt(i + 3))) {
                                    throw error(file, lineNo, i + 1, line, "\\x needs two hex digits");
                                }
                                s.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                                i += 2;
                            }
                            default -> throw error(file, lineNo, i + 1, line, "unknown escape \\" + (e >= 32 && e < 127 ? String.valueOf(e) : printable(e))
                                    + " (use \\\" \\\\ \\n \\t \\0 or \\xHH)");
                        }
                        i += 2;
                        continue;
                    }
                    checkChar(file, lineNo, i, line, d);
                    s.append(d);
                    i++;
                }
                if (!closed) {
                    throw error(file, lineNo, start + 1, line, "unterminated string");
                }
                out.add(new Token(s.toString(), true, start + 1));
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t' && line.charAt(i) != '#'
                        && line.charAt(i) != '"') {
                    checkWordChar(file, lineNo, i, line, line.charAt(i));
                    i++;
                }
                out.add(new Token(line.substring(start, i), false, start + 1));
            }
        }
        return out;
    }

    /** Outside strings, digits of other scripts are refused too (inside a string they are data). */
    private static void checkWordChar(String file, int lineNo, int i, String line, char c) throws ScenarioException {
        if (c >= 128 && Character.isDigit(c)) {
            throw error(file, lineNo, i + 1, line, "'" + c + "' (" + printable(c) + " " + Character.getName(c)
                    + ") is not an ASCII digit; numbers are written with 0-9 only");
        }
        checkChar(file, lineNo, i, line, c);
    }

    private static void checkChar(String file, int lineNo, int i, String line, char c) throws ScenarioException {
        if (Character.isISOControl(c) && c != '\t' || c == '\uFFFD') {
            throw error(file, lineNo, i + 1, line, "unexpected character " + printable(c)
                    + (c == '\uFFFD' || c == 0 ? " (is this a text file?)" : ""));
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String printable(char c) {
        return c >= 32 && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    static ScenarioException error(String file, int line, int column, String source, String message) {
        return new ScenarioException(new Diagnostic(file, line, column, message, source));
    }
}
