package dev.cowvm.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words, quoted strings and the braces of a loop. {@code #} outside a
 * string starts a comment. Strings are in double quotes with the escapes
 * {@code \" \\ \n \t \0 \$} and {@code \xHH}. <code>{</code> and <code>}</code> outside a string are
 * words of their own. A word holds no control character and no digit other than ASCII 0-9:
 * a full-width {@code ４} looks like a number but is refused, where it stands.
 *
 * <p>{@code $} starts an interpolation, in a word or a string: {@code $i} is the value of
 * the loop variable {@code i}, {@code $(i*2+1)} the value of an expression (which may hold
 * spaces). In a word, a {@code $} must start one; in a string, a {@code $} followed by
 * neither a letter, {@code _} nor {@code (} is a dollar sign, and {@code \$} always is.
 * Whether a variable exists is known only when the loop expands (see {@link Bindings}).
 */
final class Lexer {
    private Lexer() {
    }

    /** The tokens of one line, or an error naming the column of the first bad character. */
    static List<Token> tokens(String file, int lineNo, String line) throws ScenarioException {
        return new Scan(file, lineNo, line).all();
    }

    /** The state of scanning one line. */
    private static final class Scan {
        private final String file;
        private final int lineNo;
        private final String line;
        private final int n;
        private int i;

        Scan(String file, int lineNo, String line) {
            this.file = file;
            this.lineNo = lineNo;
            this.line = line;
            this.n = line.length();
        }

        List<Token> all() throws ScenarioException {
            List<Token> out = new ArrayList<>();
            while (i < n) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                } else if (c == '#') {
                    break;
                } else if (c == '"') {
                    out.add(string());
                } else if (c == '{' || c == '}') {
                    out.add(new Token(String.valueOf(c), false, i + 1, 1));
                    i++;
                } else {
                    out.add(word());
                }
            }
            return out;
        }

        private Token string() throws ScenarioException {
            int start = i++;
            Pieces s = new Pieces();
            boolean closed = false;
            while (i < n) {
                char d = line.charAt(i);
                if (d == '"') {
                    closed = true;
                    i++;
                    break;
                }
                if (d == '\\') {
                    escape(s);
                    continue;
                }
                if (d == '$' && i + 1 < n && (IndexExpression.nameStart(line.charAt(i + 1)) || line.charAt(i + 1) == '(')) {
                    interpolation(s);
                    continue;
                }
                checkChar(i, d);
                s.text.append(d);
                i++;
            }
            if (!closed) {
                throw error(start + 1, "unterminated string");
            }
            return s.token(true, start + 1, i - start, false);
        }

        private void escape(Pieces s) throws ScenarioException {
            if (i + 1 >= n) {
                i++; // a backslash that ends the line: the string is unterminated
                return;
            }
            char e = line.charAt(i + 1);
            switch (e) {
                case '"', '\\', '$' -> s.text.append(e);
                case 'n' -> s.text.append('\n');
                case 't' -> s.text.append('\t');
                case '0' -> s.text.append('\0');
                case 'x' -> {
                    if (i + 3 >= n || !isHex(line.charAt(i + 2)) || !isHex(line.charAt(i + 3))) {
                        throw error(i + 1, "\\x needs two hex digits");
                    }
                    s.text.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                    i += 2;
                }
                default -> throw error(i + 1, "unknown escape \\" + (e >= 32 && e < 127 ? String.valueOf(e) : printable(e))
                        + " (use \\\" \\\\ \\n \\t \\0 \\$ or \\xHH)");
            }
            i += 2;
        }

        private Token word() throws ScenarioException {
            int start = i;
            Pieces s = new Pieces();
            while (i < n) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t' || c == '#' || c == '"' || c == '{' || c == '}') {
                    break;
                }
                if (c == '$') {
                    if (i + 1 >= n || !IndexExpression.nameStart(line.charAt(i + 1)) && line.charAt(i + 1) != '(') {
                        throw error(i + 1, "'$' starts a loop variable ($i) or an expression ($(i+1)); a word holds"
                                + " no other '$'");
                    }
                    interpolation(s);
                    continue;
                }
                checkWordChar(i, c);
                s.text.append(c);
                i++;
            }
            return s.token(false, start + 1, i - start, true);
        }

        /** {@code $name} or {@code $(expression)}, at {@code i}. */
        private void interpolation(Pieces s) throws ScenarioException {
            int start = i;
            String expression;
            int expressionStart;
            if (line.charAt(i + 1) == '(') {
                int depth = 0;
                int j = i + 1;
                for (; j < n; j++) {
                    char c = line.charAt(j);
                    if (c == '(') {
                        depth++;
                    } else if (c == ')' && --depth == 0) {
                        break;
                    } else if (c == '"' || c == '#' || Character.isISOControl(c)) {
                        break;
                    }
                }
                if (j >= n || line.charAt(j) != ')') {
                    throw error(start + 1, "'$(' is not closed by ')' on this line");
                }
                expressionStart = i + 2;
                expression = line.substring(expressionStart, j);
                i = j + 1;
            } else {
                int j = i + 1;
                while (j < n && IndexExpression.namePart(line.charAt(j))) {
                    j++;
                }
                expressionStart = i + 1;
                expression = line.substring(expressionStart, j);
                i = j;
            }
            IndexExpression e;
            try {
                e = IndexExpression.parse(expression);
            } catch (ValueException x) {
                throw error(expressionStart + x.offset + 1, x.getMessage());
            }
            s.interpolation(e, line.substring(start, i), start + 1);
        }

        /** Outside strings, digits of other scripts are refused too (inside a string they are data). */
        private void checkWordChar(int at, char c) throws ScenarioException {
            if (c >= 128 && Character.isDigit(c)) {
                throw error(at + 1, "'" + c + "' (" + printable(c) + " " + Character.getName(c)
                        + ") is not an ASCII digit; numbers are written with 0-9 only");
            }
            checkChar(at, c);
        }

        private void checkChar(int at, char c) throws ScenarioException {
            if (Character.isISOControl(c) && c != '\t' || c == '\uFFFD') {
                throw error(at + 1, "unexpected character " + printable(c)
                        + (c == '\uFFFD' || c == 0 ? " (is this a text file?)" : ""));
            }
        }

        private ScenarioException error(int column, String message) {
            return Lexer.error(file, lineNo, column, line, message);
        }
    }

    /** The text of a token being read, in pieces once it has an interpolation. */
    private static final class Pieces {
        final StringBuilder text = new StringBuilder();
        private List<Token.Part> parts;
        private final StringBuilder written = new StringBuilder();

        void interpolation(IndexExpression e, String source, int column) {
            if (parts == null) {
                parts = new ArrayList<>();
            }
            if (!text.isEmpty()) {
                parts.add(new Token.Part(text.toString(), null, null, 0));
                written.append(text);
                text.setLength(0);
            }
            parts.add(new Token.Part(null, e, source, column));
            written.append(source);
        }

        Token token(boolean quoted, int column, int width, boolean exact) {
            if (parts == null) {
                return new Token(text.toString(), quoted, column, width, exact, null);
            }
            if (!text.isEmpty()) {
                parts.add(new Token.Part(text.toString(), null, null, 0));
                written.append(text);
            }
            return new Token(written.toString(), quoted, column, width, false, parts);
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
