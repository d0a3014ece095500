package dev.cowvm.script;

import dev.cowvm.Labeled;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.ZeroPolicy;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grammar of one statement: its tokens, with any loop variable already replaced (see
 * {@link Expansion}), become a {@link Statement}. The first word is a keyword, or the name of
 * a process followed by what it does. Every error names its line and column, and a word that
 * is almost a known one gets a "did you mean".
 */
final class Parser {
    static final Set<String> KEYWORDS = Set.of("memory", "zero", "fork-mode", "paging", "spawn", "fork", "wait",
            "kill", "say", "expect", "show", "repeat");
    static final Set<String> RESERVED = Set.of("frames", "stats", "stat", "at", "expect");
    /** What a process does, as the second word of its statements. */
    static final List<String> ACTION_WORDS = List.of("map", "unmap", "protect", "write", "read", "fill", "touch",
            "brk", "exec", "exit");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** The most a read may return, so that printing or comparing it stays cheap. */
    static final long MAX_READ = 16 << 20;
    private static final String ACTIONS = "map, unmap, protect, write, read, fill, touch, brk, exec or exit";
    private static final List<String> MEASURES = List.of("rss", "pss", "uss", "shared", "private", "status");

    private final String file;
    private final String source;
    private final int lineNo;
    private final List<Token> t;

    private Parser(String file, int lineNo, String source, List<Token> tokens) {
        this.file = file;
        this.lineNo = lineNo;
        this.source = source;
        this.t = tokens;
    }

    static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }

    /**
     * One statement.
     *
     * @param line   its line number, from 1
     * @param source the text of that line, for messages
     * @param tokens its tokens (at least one), loop variables replaced
     * @throws ScenarioException located at the first problem
     */
    static Statement statement(String file, int line, String source, List<Token> tokens) throws ScenarioException {
        return new Parser(file, line, source, tokens).statement();
    }

    private Statement statement() throws ScenarioException {
        int number = lineNo;
        Token first = t.get(0);
        if (first.quoted()) {
            throw error(first, "a statement cannot start with a string");
        }
        if (first.is("{") || first.is("}")) {
            throw error(first, "'" + first.text() + "' belongs to a repeat: repeat COUNT as NAME { ... }");
        }
        int col = first.column();
        return switch (first.text()) {
            case "memory" -> {
                need(2, "memory SIZE");
                long bytes = size(1);
                done(2);
                yield new Statement.Memory(number, col, bytes);
            }
            case "zero" -> {
                need(2, "zero on-alloc|on-free|none");
                ZeroPolicy p = labeled(1, ZeroPolicy::parse, Labeled.labels(ZeroPolicy.class));
                done(2);
                yield new Statement.Zero(number, col, p);
            }
            case "fork-mode" -> {
                need(2, "fork-mode cow|copy");
                ForkMode m = labeled(1, ForkMode::parse, Labeled.labels(ForkMode.class));
                done(2);
                yield new Statement.SetForkMode(number, col, m);
            }
            case "paging" -> {
                need(2, "paging sv39|sv48");
                PagingMode m = labeled(1, PagingMode::parse, Labeled.labels(PagingMode.class));
                done(2);
                yield new Statement.Paging(number, col, m);
            }
            case "spawn" -> {
                need(2, "spawn NAME");
                String name = processName(1);
                done(2);
                yield new Statement.Spawn(number, col, name);
            }
            case "fork" -> {
                need(3, "fork PARENT CHILD");
                String parent = processName(1);
                String child = processName(2);
                done(3);
                yield new Statement.Fork(number, col, parent, child);
            }
            case "wait" -> {
                need(3, "wait PARENT CHILD");
                String parent = processName(1);
                String child = processName(2);
                done(3);
                yield new Statement.Wait(number, col, parent, child);
            }
            case "kill" -> {
                need(2, "kill NAME");
                String name = processName(1);
                done(2);
                yield new Statement.Kill(number, col, name);
            }
            case "say" -> {
                need(2, "say \"TEXT\"");
                if (!t.get(1).quoted()) {
                    throw error(t.get(1), "say needs a quoted string");
                }
                done(2);
                yield new Statement.Say(number, col, t.get(1).text());
            }
            case "show" -> {
                need(2, "show NAME [smaps|pmap] | show frames | show stats");
                String what = word(1);
                String view = null;
                if (!what.equals("frames") && !what.equals("stats")) {
                    processName(1);
                    if (t.size() > 2 && !Statement.Show.VIEWS.contains(view = word(2))) {
                        throw error(t.get(2), "unknown view '" + view + "'; expected smaps or pmap");
                    }
                }
                done(view == null ? 2 : 3);
                yield new Statement.Show(number, col, what, view);
            }
            case "expect" -> expect(number, col);
            case "repeat" -> throw error(first, "a repeat needs a body: repeat COUNT as NAME { STATEMENT }, or '{' at"
                    + " the end of the line and the body on the lines after it");
            default -> action(number, col);
        };
    }

    private Statement expect(int number, int col) throws ScenarioException {
        if (t.size() == 4 && !t.get(1).quoted() && Labeled.labels(Counter.class).contains(t.get(1).text())) {
            throw error(t.get(1), "a counter is compared with expect stat: write 'expect stat " + t.get(1).text() + " "
                    + t.get(2).text() + " " + t.get(3).text() + "'");
        }
        need(5, "expect stat COUNTER OP VALUE  or  expect NAME rss|pss|uss|shared|private|status OP VALUE");
        Statement.Op op = Statement.Op.of(word(3));
        if (op == null) {
            throw error(t.get(3), "unknown comparison '" + t.get(3).text() + "'; expected == != < <= > >=");
        }
        done(5);
        if (t.get(1).is("stats")) {
            throw error(t.get(1), "'stats' is the word of show; a counter is compared with 'expect stat COUNTER'");
        }
        if (t.get(1).is("stat")) {
            Counter c = labeled(2, Counter::byKey, Labeled.labels(Counter.class));
            return new Statement.ExpectStat(number, col, c, op, size(4), t.get(4).text());
        }
        String process = processName(1);
        String m = word(2);
        Statement.Metric metric;
        try {
            metric = Statement.Metric.valueOf(m.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(t.get(2), "unknown measure '" + m + "'" + (Suggest.closest(m, MEASURES) != null
                    ? Suggest.quotedHint(m, MEASURES) : "; expected rss, pss, uss, shared, private or status"));
        }
        if (metric == Statement.Metric.STATUS) {
            if (op != Statement.Op.EQ && op != Statement.Op.NE) {
                throw error(t.get(3), "a status compares only with == or !=");
            }
            ProcessStatus s = labeled(4, ProcessStatus::parse, Labeled.labels(ProcessStatus.class));
            return new Statement.ExpectProcess(number, col, process, metric, op, 0, s, t.get(4).text());
        }
        return new Statement.ExpectProcess(number, col, process, metric, op, size(4), null, t.get(4).text());
    }

    private Statement action(int number, int col) throws ScenarioException {
        String firstWord = t.get(0).text();
        String keyword = Suggest.closest(firstWord, KEYWORDS);
        if (t.size() < 2) {
            if (ACTION_WORDS.contains(firstWord)) {
                throw error(t.get(0), "'" + firstWord + "' is what a process does: write 'NAME " + firstWord + " ...'");
            }
            throw error(t.get(0), "'" + firstWord + "' alone is not a statement" + (keyword != null
                    ? "; did you mean '" + keyword + "'?" : "; a line starts with "
                    + String.join(", ", KEYWORDS.stream().sorted().toList()) + ", or a process name and an action"));
        }
        Token second = t.get(1);
        if (!second.quoted() && !ACTION_WORDS.contains(second.text())) {
            wrongOrder(firstWord, second, keyword);
        }
        String p = processName(0);
        String action = word(1);
        return switch (action) {
            case "map" -> {
                need(5, "NAME map REGION SIZE PROT [at ADDRESS]");
                String region = regionName(2);
                long length = size(3);
                Protection prot = parse(4, Protection::parse);
                Address at = null;
                if (t.size() > 5) {
                    if (!t.get(5).is("at")) {
                        throw error(t.get(5), "expected 'at ADDRESS' or the end of the line");
                    }
                    need(7, "NAME map REGION SIZE PROT at ADDRESS");
                    at = address(6);
                    if (at.region() != null) {
                        throw error(t.get(6), "map at needs a number, not a region");
                    }
                    done(7);
                }
                yield new Statement.Map(number, col, p, region, length, prot, at);
            }
            case "unmap" -> {
                need(3, "NAME unmap REGION");
                String region = regionName(2);
                done(3);
                yield new Statement.Unmap(number, col, p, region);
            }
            case "protect" -> {
                need(4, "NAME protect REGION PROT");
                String region = regionName(2);
                Protection prot = parse(3, Protection::parse);
                done(4);
                yield new Statement.Protect(number, col, p, region, prot);
            }
            case "write" -> {
                need(4, "NAME write ADDRESS \"TEXT\"|0xHEX");
                Address a = address(2);
                byte[] data = data(3);
                done(4);
                yield new Statement.Write(number, col, p, a, data);
            }
            case "read" -> {
                need(4, "NAME read ADDRESS LENGTH [expect \"TEXT\"|0xHEX]");
                Address a = address(2);
                long length = size(3);
                if (length > MAX_READ) {
                    throw error(t.get(3), "a read is limited to 16 MiB (use touch to fault in more)");
                }
                byte[] expected = null;
                if (t.size() > 4) {
                    if (!t.get(4).is("expect")) {
                        throw error(t.get(4), "expected 'expect DATA' or the end of the line");
                    }
                    need(6, "NAME read ADDRESS LENGTH expect \"TEXT\"|0xHEX");
                    expected = data(5);
                    if (expected.length != length) {
                        throw error(t.get(5), "the expected data is " + expected.length + " bytes but the read is "
                                + length);
                    }
                    done(6);
                }
                yield new Statement.Read(number, col, p, a, length, expected);
            }
            case "fill" -> {
                need(6, "NAME fill ADDRESS OFFSET LENGTH BYTE");
                Address a = address(2);
                long offset = size(3);
                long length = size(4);
                int value = parse(5, Values::byteValue);
                done(6);
                yield new Statement.Fill(number, col, p, a, offset, length, value);
            }
            case "touch" -> {
                need(6, "NAME touch ADDRESS OFFSET LENGTH read|write");
                Address a = address(2);
                long offset = size(3);
                long length = size(4);
                Access access = switch (word(5)) {
                    case "read" -> Access.READ;
                    case "write" -> Access.WRITE;
                    case "exec" -> Access.EXECUTE;
                    default -> throw error(t.get(5), "expected read, write or exec");
                };
                done(6);
                yield new Statement.Touch(number, col, p, a, offset, length, access);
            }
            case "brk" -> {
                need(3, "NAME brk +SIZE|-SIZE");
                long delta = parse(2, Values::signedSize);
                done(3);
                yield new Statement.Brk(number, col, p, delta);
            }
            case "exec" -> {
                done(2);
                yield new Statement.Exec(number, col, p);
            }
            case "exit" -> {
                int code = 0;
                if (t.size() > 2) {
                    long c = parse(2, Values::number);
                    if (c > 255) {
                        throw error(t.get(2), "an exit code is 0 to 255");
                    }
                    code = (int) c;
                }
                done(3);
                yield new Statement.Exit(number, col, p, code);
            }
            default -> {
                String first = Suggest.closest(action, KEYWORDS);
                throw error(t.get(1), "unknown action '" + action + "'" + (Suggest.closest(action, ACTION_WORDS) != null
                        ? Suggest.quotedHint(action, ACTION_WORDS) : first != null && !first.equals("repeat")
                        ? "; did you mean '" + first + "'? It comes first: '" + first + " " + p + rest(2) + "'"
                        : "; expected " + ACTIONS));
            }
        };
    }

    /**
     * A statement whose words are in an order people find natural but the language does not
     * use: {@code shell fork child} for {@code fork shell child}, {@code write shell heap "x"}
     * for {@code shell write heap "x"}, or a misspelt keyword ({@code spwan shell}). Returns
     * normally if it is none of these.
     */
    private void wrongOrder(String firstWord, Token second, String keyword) throws ScenarioException {
        String w = second.text();
        String rest = rest(2);
        if (KEYWORDS.contains(w) && !w.equals("repeat")) {
            String usage = switch (w) {
                case "fork" -> "fork PARENT CHILD";
                case "wait" -> "wait PARENT CHILD";
                case "expect" -> "expect NAME MEASURE OP VALUE";
                default -> w + " NAME";
            };
            throw error(second, w + " comes first (" + usage + "): write '" + w + " " + firstWord + rest + "'");
        }
        if (ACTION_WORDS.contains(firstWord) && isName(w)) {
            throw error(t.get(0), "a statement about a process starts with its name: write '" + w + " " + firstWord
                    + rest + "'");
        }
        if (keyword != null && Suggest.closest(w, ACTION_WORDS) == null) {
            throw error(t.get(0), "unknown statement '" + firstWord + "'; did you mean '" + keyword + "'?");
        }
    }

    /** The words from {@code from} on, as written, each after a space (strings in quotes). */
    private String rest(int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < t.size(); i++) {
            Token k = t.get(i);
            s.append(' ').append(k.quoted() ? '"' + k.text().replace("\\", "\\\\").replace("\"", "\\\"") + '"' : k.text());
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ pieces

    private void need(int count, String usage) throws ScenarioException {
        if (t.size() < count) {
            int col = t.getLast().end() + 1;
            throw new ScenarioException(new Diagnostic(file, lineNo, col, "incomplete statement; expected: " + usage,
                    source));
        }
    }

    private void done(int count) throws ScenarioException {
        if (t.size() > count) {
            throw error(t.get(count), "unexpected '" + t.get(count).text() + "' after the statement");
        }
    }

    private String word(int i) throws ScenarioException {
        if (t.get(i).quoted()) {
            throw error(t.get(i), "unexpected string \"" + t.get(i).text() + "\"");
        }
        return t.get(i).text();
    }

    private String processName(int i) throws ScenarioException {
        String name = word(i);
        if (!isName(name)) {
            throw error(t.get(i), "'" + name + "' is not a valid process name (letters, digits, _ . -)");
        }
        if (KEYWORDS.contains(name) || RESERVED.contains(name)) {
            throw error(t.get(i), "'" + name + "' is a keyword and cannot name a process");
        }
        return name;
    }

    private String regionName(int i) throws ScenarioException {
        String name = word(i);
        if (!isName(name)) {
            throw error(t.get(i), "'" + name + "' is not a valid region name (letters, digits, _ . -)");
        }
        if (RESERVED.contains(name)) {
            throw error(t.get(i), "'" + name + "' is a keyword and cannot name a region");
        }
        return name;
    }

    private long size(int i) throws ScenarioException {
        return parse(i, Values::sizeExpression);
    }

    private Address address(int i) throws ScenarioException {
        return parse(i, Values::address);
    }

    private byte[] data(int i) throws ScenarioException {
        try {
            return Values.data(t.get(i));
        } catch (IllegalArgumentException e) {
            throw error(t.get(i), e.getMessage());
        }
    }

    /** Reads token {@code i} with {@code f}; a problem inside a plain word is pointed at where it starts. */
    private <T> T parse(int i, java.util.function.Function<String, T> f) throws ScenarioException {
        try {
            return f.apply(word(i));
        } catch (ValueException e) {
            Token at = t.get(i);
            int column = at.exact() ? at.column() + Math.min(e.offset, Math.max(0, at.width() - 1)) : at.column();
            throw new ScenarioException(new Diagnostic(file, lineNo, column, e.getMessage(), source));
        } catch (IllegalArgumentException e) {
            throw error(t.get(i), e.getMessage());
        }
    }

    /** A word of a closed list (a policy, a counter, a status): an unknown one gets the closest label. */
    private <T> T labeled(int i, java.util.function.Function<String, T> f, List<String> labels)
            throws ScenarioException {
        try {
            return f.apply(word(i));
        } catch (IllegalArgumentException e) {
            String word = t.get(i).text();
            String close = Suggest.closest(word, labels);
            throw error(t.get(i), close == null ? e.getMessage()
                    : e.getMessage().replaceFirst("; expected .*", "") + "; did you mean '" + close + "'?");
        }
    }

    private ScenarioException error(Token at, String message) {
        return new ScenarioException(new Diagnostic(file, lineNo, at.column(), message, source));
    }
}
