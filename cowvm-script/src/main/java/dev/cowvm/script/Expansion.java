package dev.cowvm.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns the lines of a scenario into the statements it runs: a plain line is one statement,
 * and a {@code repeat} block is its body once per iteration, with the loop's variable
 * written in where {@code $} asks for it.
 *
 * <pre>
 *   repeat COUNT [as NAME [from START]] {      a block: the body is the lines up to a
 *       STATEMENT                              '}' on a line of its own; blocks nest
 *   }
 *   repeat COUNT [as NAME [from START]] { STATEMENT }     the same, on one line
 * </pre>
 *
 * {@code NAME} takes the values {@code START}, {@code START+1}, ... ({@code START} is 0 by
 * default), {@code COUNT} values in all. The count and start of an inner loop may use the
 * variables of the loops around it.
 *
 * <p><b>Limits.</b> A loop expands to statements, and they count against the limits of the
 * front end ({@link Scenario.Limits}) exactly as the same statements written out would: their
 * number, and the text they expand to. An iteration that makes no statement at all (its
 * body holds only loops that run 0 times) counts as one, so the work of expanding is
 * bounded by the limit too. A loop that would go past a limit is refused before anything
 * runs, located at its outermost {@code repeat}, and expansion stops there: a scenario never
 * grows in memory past the limits. When the count is known before expanding (a literal
 * count and body), the refusal comes before a single statement is made.
 *
 * <p><b>Errors.</b> Parsing goes on after an error, so that one pass reports every problem;
 * a problem in a loop's body says the iteration ({@code (when i = 3)}), and is reported for
 * the first iteration that meets it only. A line that cannot be parsed may still make a
 * process or a region ({@code spawn shell extra}): {@link Recovery} tells the checker so, and
 * it does not report every later use of that name as unknown.
 */
final class Expansion {

    /**
     * Everything expanded from a scenario's lines.
     *
     * @param statements the statements that parsed, in the order they run
     * @param iterations for each statement, the loop variables it was made with
     *                   ({@link Bindings#NONE} outside every loop)
     * @param problems   every problem found, located
     * @param recoveries names made by lines that could not be parsed
     */
    record Result(List<Statement> statements, List<Bindings> iterations, List<Diagnostic> problems,
                  List<Recovery> recoveries) {
    }

    /**
     * What a line that could not be parsed would have made, applied before the statement
     * {@code before}: a process (forked from {@code parent}, or spawned if that is null), a
     * region of a process, or, for a loop that could not expand at all, anything: the checker
     * then stops reporting unknown names.
     */
    record Recovery(int before, String process, String parent, String region, boolean anything) {
    }

    // ------------------------------------------------------------------ the lines as a tree

    private sealed interface Node permits Plain, Block, Broken, Unlexed {
    }

    /** A line holding one statement. */
    private record Plain(int line, List<Token> tokens) implements Node {
    }

    /** A repeat: its header (from {@code repeat} to before the <code>{</code>) and its body. */
    private static final class Block implements Node {
        final int line;
        final List<Token> header;
        final List<Node> body = new ArrayList<>();
        boolean closed;

        Block(int line, List<Token> header) {
            this.line = line;
            this.header = header;
        }
    }

    /** A repeat that cannot be expanded (its header is wrong); its problem is reported. */
    private record Broken(int line) implements Node {
    }

    /** A line whose characters are wrong; its problem is reported, its words may still make a name. */
    private record Unlexed(int line, String text) implements Node {
    }

    /** A repeat's header, read with the values of the loops around it. */
    private record Header(long count, String variable, long start) {
    }

    /** A limit reached: expansion stops. */
    private static final class LimitReached extends Exception {
        private static final long serialVersionUID = 1L;

        LimitReached() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final List<String> lines;
    private final Scenario.Limits limits;
    private final Problems problems = new Problems();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Bindings> iterations = new ArrayList<>();
    private final List<Recovery> recoveries = new ArrayList<>();
    /** Statements made so far, counting each iteration that made none as one. */
    private long made;
    /** Characters of text the statements expand to so far. */
    private long text;
    /** The outermost repeat being expanded, where a limit is reported; null outside loops. */
    private Block outermost;

    private Expansion(String file, List<String> lines, Scenario.Limits limits) {
        this.file = file;
        this.lines = lines;
        this.limits = limits;
    }

    /** Expands every line; problems are in the result, never thrown. */
    static Result expand(String file, List<String> lines, Scenario.Limits limits) {
        Expansion e = new Expansion(file, lines, limits);
        List<Node> tree = e.tree();
        try {
            e.expand(tree, Bindings.NONE);
        } catch (LimitReached stop) {
            // reported where it was reached
        }
        return new Result(List.copyOf(e.statements), List.copyOf(e.iterations), e.problems.list(),
                List.copyOf(e.recoveries));
    }

    private List<Node> tree() {
        List<Node> top = new ArrayList<>();
        Deque<Block> open = new ArrayDeque<>();
        for (int k = 0; k < lines.size() && !problems.full(); k++) {
            int number = k + 1;
            String source = lines.get(k);
            List<Node> here = open.isEmpty() ? top : open.peek().body;
            List<Token> tokens;
            try {
                tokens = Lexer.tokens(file, number, source);
            } catch (ScenarioException e) {
                e.diagnostics().forEach(problems::add);
                if (opensABlock(source)) {
                    Block broken = new Block(number, List.of());
                    here.add(broken);
                    open.push(broken);
                } else {
                    here.add(new Unlexed(number, source));
                }
                continue;
            }
            if (tokens.isEmpty()) {
                continue;
            }
            Token first = tokens.getFirst();
            if (first.is("}")) {
                if (open.isEmpty()) {
                    problem(number, first.column(), "'}' closes no repeat");
                } else {
                    if (tokens.size() > 1) {
                        problem(number, tokens.get(1).column(), "unexpected '" + tokens.get(1).text()
                                + "' after '}': a '}' that ends a repeat stands on a line of its own");
                    }
                    Block b = open.pop();
                    b.closed = !b.header.isEmpty();
                }
                continue;
            }
            if (first.is("repeat")) {
                Block b = repeat(number, tokens, here);
                if (b != null) {
                    open.push(b);
                }
                continue;
            }
            here.add(new Plain(number, tokens));
        }
        for (Block b : open) {
            if (!b.header.isEmpty()) {
                problem(b.line, b.header.getFirst().column(), "this repeat is never closed: end its body with a '}'"
                        + " on a line of its own");
            }
        }
        return top;
    }

    /**
     * A line that starts with {@code repeat}: a block opened (returned, to be filled by the
     * lines that follow), or a whole one-line repeat (added to {@code here}; null returned).
     * A header with no <code>{</code> is reported, and the lines up to a <code>}</code> are taken as its
     * body, never run: that is what the writer meant.
     */
    private Block repeat(int number, List<Token> tokens, List<Node> here) {
        int brace = -1;
        for (int i = 1; i < tokens.size() && brace < 0; i++) {
            if (tokens.get(i).is("{")) {
                brace = i;
            }
        }
        if (brace < 0) {
            problem(number, tokens.getLast().end() + 1, tokens.size() < 2 ? "a repeat needs a count: repeat COUNT as"
                    + " NAME {" : "expected '{' at the end of the repeat: repeat COUNT as NAME {");
            Block broken = new Block(number, List.of());
            here.add(broken);
            return broken;
        }
        Block b = new Block(number, List.copyOf(tokens.subList(0, brace)));
        here.add(b);
        if (brace == tokens.size() - 1) {
            return b;
        }
        if (!tokens.getLast().is("}")) {
            problem(number, tokens.get(brace + 1).column(), "a repeat's '{' ends its line and the body follows, or its"
                    + " one statement ends with '}' on the same line");
            here.set(here.size() - 1, new Broken(number));
            return null;
        }
        b.closed = true;
        List<Token> inner = tokens.subList(brace + 1, tokens.size() - 1);
        if (!inner.isEmpty()) {
            if (inner.getFirst().is("repeat")) {
                Block nested = repeat(number, List.copyOf(inner), b.body);
                if (nested != null && !nested.header.isEmpty()) {
                    problem(number, inner.getFirst().column(), "a repeat inside a one-line repeat is on one line too:"
                            + " repeat 2 as i { repeat 3 as j { STATEMENT } }");
                    b.body.set(b.body.size() - 1, new Broken(number));
                }
            } else {
                b.body.add(new Plain(number, List.copyOf(inner)));
            }
        }
        return null;
    }

    /** A line that did not lex but reads as the start of a block, so that its '}' is not an error too. */
    private static boolean opensABlock(String source) {
        String s = source.strip();
        return s.startsWith("repeat") && s.chars().filter(c -> c == '{').count() > s.chars().filter(c -> c == '}').count();
    }

    // ------------------------------------------------------------------ expanding

    private void expand(List<Node> nodes, Bindings b) throws LimitReached {
        for (Node n : nodes) {
            if (problems.full()) {
                throw new LimitReached();
            }
            switch (n) {
                case Plain p -> statement(p, b);
                case Block block when block.closed -> loop(block, b);
                case Block block -> recoverAnything();
                case Broken x -> recoverAnything();
                case Unlexed u -> recover(wordsOf(u));
            }
        }
    }

    private void loop(Block block, Bindings b) throws LimitReached {
        Header h = header(block, b);
        if (h == null) {
            recoverAnything();
            return;
        }
        boolean outer = outermost == null;
        if (outer) {
            outermost = block;
        }
        try {
            long each = Math.max(1, lowerBound(block.body));
            long least = h.count() == 0 ? 0 : saturatingTimes(h.count(), each);
            if (made + least > limits.maxStatements()) {
                String which = (block == outermost ? "this repeat" : "the repeat of line " + block.line) + " makes ";
                String allowed = "the " + count(limits.maxStatements()) + " statements allowed here";
                problem(outermost.line, outermost.header.getFirst().column(), least > limits.maxStatements()
                        ? which + "more than " + allowed + b.suffix()
                        : which + count(least) + " statements" + b.suffix() + "; with the " + count(made)
                        + " before it, that is more than " + allowed);
                throw new LimitReached();
            }
            for (long k = 0; k < h.count(); k++) {
                Bindings inside = b.with(h.variable(), h.start() + k);
                long before = made;
                expand(block.body, inside);
                if (made == before) {
                    charge(block.line, 1, 0, inside);
                }
            }
        } finally {
            if (outer) {
                outermost = null;
            }
        }
    }

    /** The header's count, variable and start, or null after reporting why it cannot be read. */
    private Header header(Block block, Bindings b) {
        List<Token> h = block.header;
        if (h.size() < 2) {
            problem(block.line, h.getFirst().end() + 1, "a repeat needs a count: repeat COUNT as NAME {");
            return null;
        }
        try {
            long count = number(block.line, h.get(1), b, "count");
            String variable = null;
            long start = 0;
            int i = 2;
            if (i < h.size() && h.get(i).is("as")) {
                if (i + 1 >= h.size()) {
                    problem(block.line, h.get(i).end() + 1, "expected the loop variable's name after 'as'");
                    return null;
                }
                Token name = h.get(i + 1);
                variable = name.text();
                if (name.quoted() || name.parts() != null || !isVariable(variable)) {
                    problem(block.line, name.column(), "'" + variable + "' cannot name a loop variable: letters,"
                            + " digits and _, starting with a letter or _");
                    return null;
                }
                if (b.value(variable) != null) {
                    problem(block.line, name.column(), variable + " is already the variable of a repeat around this"
                            + " one; give this one another name" + b.suffix());
                    return null;
                }
                i += 2;
            }
            if (i < h.size() && h.get(i).is("from")) {
                if (i + 1 >= h.size()) {
                    problem(block.line, h.get(i).end() + 1, "expected the first value after 'from'");
                    return null;
                }
                start = number(block.line, h.get(i + 1), b, "start");
                i += 2;
            }
            if (i < h.size()) {
                problem(block.line, h.get(i).column(), "unexpected '" + h.get(i).text() + "' in a repeat: repeat COUNT"
                        + " [as NAME [from START]] {");
                return null;
            }
            return new Header(count, variable, start);
        } catch (ScenarioException e) {
            e.diagnostics().forEach(problems::add);
            return null;
        }
    }

    private long number(int line, Token t, Bindings b, String what) throws ScenarioException {
        Token v = substitute(line, t, b);
        try {
            return Values.number(v.text());
        } catch (IllegalArgumentException e) {
            throw located(line, t, 0, "a repeat's " + what + " is a number: " + e.getMessage() + b.suffix());
        }
    }

    private static boolean isVariable(String s) {
        if (s.isEmpty() || !IndexExpression.nameStart(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(c -> IndexExpression.namePart((char) c));
    }

    /**
     * The fewest statements these lines make in one pass: plain lines count one each, a
     * repeat with a written-out count its count times its body, and a repeat whose count
     * depends on a variable nothing (it may run 0 times). Saturates past the limit.
     */
    private long lowerBound(List<Node> nodes) {
        long n = 0;
        for (Node node : nodes) {
            if (node instanceof Plain) {
                n++;
            } else if (node instanceof Block b && b.closed && b.header.size() >= 2 && b.header.get(1).parts() == null) {
                try {
                    long count = Values.number(b.header.get(1).text());
                    n += count == 0 ? 0 : saturatingTimes(count, Math.max(1, lowerBound(b.body)));
                } catch (IllegalArgumentException e) {
                    // reported when the repeat is expanded
                }
            }
            if (n > limits.maxStatements()) {
                return limits.maxStatements() + 1L;
            }
        }
        return n;
    }

    private long saturatingTimes(long a, long b) {
        long cap = limits.maxStatements() + 1L;
        return a > cap / b ? cap : Math.min(cap, a * b);
    }

    // ------------------------------------------------------------------ one statement

    private void statement(Plain p, Bindings b) throws LimitReached {
        List<Token> tokens = new ArrayList<>(p.tokens().size());
        for (Token t : p.tokens()) {
            try {
                tokens.add(substitute(p.line(), t, b));
            } catch (ScenarioException e) {
                e.diagnostics().forEach(problems::add);
                charge(p.line(), 1, 0, b);
                if (declares(p.tokens())) {
                    recoverAnything();
                }
                return;
            }
        }
        long cost = 1;
        for (Token t : tokens) {
            cost += t.text().length() + 1;
        }
        charge(p.line(), 1, cost, b);
        String source = lines.get(p.line() - 1);
        try {
            statements.add(Parser.statement(file, p.line(), source, tokens));
            iterations.add(b);
        } catch (ScenarioException e) {
            for (Diagnostic d : e.diagnostics()) {
                problems.add(new Diagnostic(d.file(), d.line(), d.column(), d.message() + b.suffix(), d.sourceLine()));
            }
            recover(tokens);
        }
    }

    /** A token with the loop's values written in, or the problem located at the interpolation. */
    private Token substitute(int line, Token t, Bindings b) throws ScenarioException {
        try {
            return b.apply(t);
        } catch (ValueException e) {
            throw located(line, t, e.offset, e.getMessage() + b.suffix());
        }
    }

    private ScenarioException located(int line, Token t, int offset, String message) {
        return new ScenarioException(new Diagnostic(file, line, t.column() + offset, message, lines.get(line - 1)));
    }

    /**
     * Counts statements and text against the limits.
     *
     * @throws LimitReached after reporting it, when one is passed
     */
    private void charge(int line, long statementsMade, long characters, Bindings b) throws LimitReached {
        made += statementsMade;
        text += characters;
        boolean tooMany = made > limits.maxStatements();
        boolean tooLong = text > limits.maxText();
        if (!tooMany && !tooLong) {
            return;
        }
        String what = tooMany ? count(limits.maxStatements()) + " statements"
                : dev.cowvm.Sizes.format(limits.maxText()) + " of text";
        if (outermost != null) {
            problem(outermost.line, outermost.header.getFirst().column(), "this repeat makes more than the " + what
                    + " allowed here (the limit is passed when " + b.describe() + ")");
        } else {
            problem(line, columnOf(line), "the scenario has more than the " + what + " allowed here; "
                    + (tooMany ? "this is statement " + count(made) : "this statement passes the limit"));
        }
        throw new LimitReached();
    }

    private int columnOf(int number) {
        String line = lines.get(number - 1);
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i + 1;
    }

    // ------------------------------------------------------------------ recovery

    /** True if a statement of these words makes a name: spawn, fork or map. */
    private static boolean declares(List<Token> t) {
        return !t.isEmpty() && (t.getFirst().is("spawn") || t.getFirst().is("fork")
                || t.size() > 1 && t.get(1).is("map"));
    }

    /** What the words of a line that did not parse would have made, for the checker. */
    private void recover(List<Token> t) {
        int before = statements.size();
        if (t.size() >= 2 && t.get(0).is("spawn") && Parser.isName(t.get(1).text())) {
            recoveries.add(new Recovery(before, t.get(1).text(), null, null, false));
        } else if (t.size() >= 3 && t.get(0).is("fork") && Parser.isName(t.get(1).text())
                && Parser.isName(t.get(2).text())) {
            recoveries.add(new Recovery(before, t.get(2).text(), t.get(1).text(), null, false));
        } else if (t.size() >= 3 && t.get(1).is("map") && Parser.isName(t.get(0).text())
                && Parser.isName(t.get(2).text())) {
            recoveries.add(new Recovery(before, t.get(0).text(), null, t.get(2).text(), false));
        }
    }

    private void recoverAnything() {
        recoveries.add(new Recovery(statements.size(), null, null, null, true));
    }

    /** The words of a line that did not lex, split at spaces, up to a '#'. */
    private static List<Token> wordsOf(Unlexed u) {
        List<Token> out = new ArrayList<>();
        String s = u.text();
        int hash = s.indexOf('#');
        for (String w : (hash < 0 ? s : s.substring(0, hash)).strip().split("[ \t]+")) {
            if (!w.isEmpty()) {
                out.add(new Token(w, false, 1, w.length()));
            }
        }
        return out;
    }

    /** A number as the limits are written in the documentation: 1,000,000. */
    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private void problem(int line, int column, String message) {
        problems.add(new Diagnostic(file, line, column, message, lines.get(line - 1)));
    }
}
