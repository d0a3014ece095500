package dev.cowvm.script;

/**
 * The arithmetic of an interpolation, {@code $(EXPRESSION)}: whole numbers (decimal, hex,
 * or a size such as {@code 4KiB}), loop variables, {@code + - * / %} and parentheses, with
 * the usual precedence ({@code * / %} before {@code + -}, left to right). Division rounds
 * toward zero. {@code $i} is the expression {@code i}.
 *
 * <pre>
 *   expression := term (('+' | '-') term)*
 *   term       := factor (('*' | '/' | '%') factor)*
 *   factor     := number | variable | '(' expression ')'
 * </pre>
 *
 * Every operation is exact: a result beyond a {@code long} is an error, not a wrapped
 * number, and so is a division by zero.
 */
sealed interface IndexExpression {
    /**
     * The value with these loop variables.
     *
     * @throws IllegalArgumentException for a variable no loop defines here, an overflow or a
     *         division by zero, with a message fit for the user
     */
    long evaluate(Bindings b);

    record Number(long value) implements IndexExpression {
        @Override
        public long evaluate(Bindings b) {
            return value;
        }
    }

    record Variable(String name) implements IndexExpression {
        @Override
        public long evaluate(Bindings b) {
            Long v = b.value(name);
            if (v == null) {
                throw new IllegalArgumentException(b.unknown(name));
            }
            return v;
        }
    }

    record Operation(char op, IndexExpression left, IndexExpression right) implements IndexExpression {
        @Override
        public long evaluate(Bindings b) {
            long l = left.evaluate(b);
            long r = right.evaluate(b);
            try {
                return switch (op) {
                    case '+' -> Math.addExact(l, r);
                    case '-' -> Math.subtractExact(l, r);
                    case '*' -> Math.multiplyExact(l, r);
                    case '/', '%' -> {
                        if (r == 0) {
                            throw new IllegalArgumentException("division by zero: " + l + " " + op + " 0");
                        }
                        yield op == '/' ? l / r : l % r;
                    }
                    default -> throw new AssertionError(op);
                };
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(l + " " + op + " " + r + " is too large");
            }
        }
    }

    /** True for a character that may start a loop variable's name. */
    static boolean nameStart(char c) {
        return c < 128 && (Character.isLetter(c) || c == '_');
    }

    static boolean namePart(char c) {
        return nameStart(c) || c >= '0' && c <= '9';
    }

    /**
     * Reads an expression.
     *
     * @throws ValueException with the offset of the problem in {@code text}
     */
    static IndexExpression parse(String text) {
        Reader r = new Reader(text);
        IndexExpression e = r.expression();
        r.skipSpaces();
        if (r.at < text.length()) {
            throw r.error(text.charAt(r.at) == ')' ? "unbalanced ')'" : "unexpected '" + text.charAt(r.at)
                    + "' (an expression has numbers, loop variables, + - * / % and parentheses)");
        }
        return e;
    }

    /** A recursive-descent reader over the text of one expression. */
    final class Reader {
        private final String text;
        private int at;

        private Reader(String text) {
            this.text = text;
        }

        private IndexExpression expression() {
            IndexExpression e = term();
            for (char op = peek(); op == '+' || op == '-'; op = peek()) {
                at++;
                e = new Operation(op, e, term());
            }
            return e;
        }

        private IndexExpression term() {
            IndexExpression e = factor();
            for (char op = peek(); op == '*' || op == '/' || op == '%'; op = peek()) {
                at++;
                e = new Operation(op, e, factor());
            }
            return e;
        }

        private IndexExpression factor() {
            char c = peek();
            int start = at;
            if (c == '(') {
                at++;
                IndexExpression e = expression();
                if (peek() != ')') {
                    throw error("missing ')'");
                }
                at++;
                return e;
            }
            if (nameStart(c)) {
                while (at < text.length() && namePart(text.charAt(at))) {
                    at++;
                }
                return new Variable(text.substring(start, at));
            }
            if (c >= '0' && c <= '9') {
                while (at < text.length() && Values.asciiDigit(text.charAt(at), 36)) {
                    at++;
                }
                try {
                    return new Number(Values.size(text.substring(start, at)));
                } catch (IllegalArgumentException e) {
                    throw new ValueException(e.getMessage(), start);
                }
            }
            throw error(at >= text.length() ? "the expression ends too soon: expected a number, a loop variable or '('"
                    : "expected a number, a loop variable or '(', not '" + c + "'");
        }

        private char peek() {
            skipSpaces();
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void skipSpaces() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private ValueException error(String message) {
            return new ValueException(message, Math.min(at, text.length()));
        }
    }
}
