package dev.cowvm.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A parsed and checked scenario: its lines, and the statements they make, in the order
 * they run: one for each line that holds one, and a loop's body once per iteration (see
 * {@link #iteration(int)}). Making one runs nothing; see {@link Run}.
 */
public final class Scenario {
    /** Scenarios larger than this are refused before parsing: 16 MiB of text. */
    public static final int MAX_BYTES = 16 << 20;
    /** The most statements a scenario may make, its loops expanded: a million. */
    public static final int MAX_STATEMENTS = 1_000_000;

    private final String file;
    private final List<String> lines;
    private final List<Statement> statements;
    /** For each statement, the values of its loops' variables; {@link Bindings#NONE} outside loops. */
    private final List<Bindings> iterations;
    /** The text of loops' statements by line and column, for {@link #source}: each is written once and run many times. */
    private final java.util.Map<Long, Template> templates = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What a scenario may expand to: loops count as the statements and text they make, as
     * if written out.
     *
     * @param maxStatements the most statements
     * @param maxText       the most characters of text the statements, written out, may take
     */
    public record Limits(int maxStatements, long maxText) {
        /** What a scenario file may hold: {@link #MAX_STATEMENTS} statements, {@link #MAX_BYTES} of text. */
        public static final Limits FILES = new Limits(MAX_STATEMENTS, MAX_BYTES);

        public Limits {
            if (maxStatements < 1 || maxText < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxStatements + " statements, "
                        + maxText + " characters");
            }
        }
    }

    /**
     * A scenario of statements outside any loop.
     *
     * @param file       the name used in messages
     * @param lines      the source, one entry per line
     * @param statements the statements in order
     */
    public Scenario(String file, List<String> lines, List<Statement> statements) {
        this(file, lines, statements, java.util.Collections.nCopies(statements.size(), Bindings.NONE));
    }

    Scenario(String file, List<String> lines, List<Statement> statements, List<Bindings> iterations) {
        if (iterations.size() != statements.size()) {
            throw new IllegalArgumentException(statements.size() + " statements but " + iterations.size()
                    + " iterations");
        }
        this.file = file;
        this.lines = List.copyOf(lines);
        this.statements = List.copyOf(statements);
        this.iterations = List.copyOf(iterations);
    }

    /** The name used in messages. */
    public String file() {
        return file;
    }

    /** The source, one entry per line. */
    public List<String> lines() {
        return lines;
    }

    /** The statements in the order they run, loops expanded. */
    public List<Statement> statements() {
        return statements;
    }

    /**
     * Parses and checks a scenario's text within the limits of a file ({@link Limits#FILES}).
     *
     * @throws ScenarioException with every problem found, each located
     */
    public static Scenario parse(String file, String text) throws ScenarioException {
        return parse(file, text, Limits.FILES);
    }

    /**
     * Parses and checks a scenario's text. A byte-order mark at its start (U+FEFF, which some
     * editors write) is skipped, so columns count from the first real character. Syntax
     * errors and what the checker finds are reported together, in the order of the file.
     *
     * @param limits what its loops may expand to
     * @throws ScenarioException with every problem found, each located
     */
    public static Scenario parse(String file, String text, Limits limits) throws ScenarioException {
        List<String> lines = withoutByteOrderMark(text).lines().toList();
        Expansion.Result expanded = Expansion.expand(file, lines, limits);
        List<Diagnostic> problems = Problems.merge(expanded.problems(), Checker.check(file, lines, expanded));
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return new Scenario(file, lines, expanded.statements(), expanded.iterations());
    }

    /**
     * Reads, parses and checks a scenario file of at most {@link #MAX_BYTES}; see
     * {@link #read(Path, int)}.
     */
    public static Scenario load(Path path) throws IOException, ScenarioException {
        return parse(path.toString(), read(path, MAX_BYTES));
    }

    /**
     * Reads a scenario file's text, refusing at once what is not one: a directory, anything
     * that is not a regular file (a named pipe would block the reader until something writes
     * to it, {@code /dev/zero} never ends), and a file larger than {@code maxBytes}. At most
     * {@code maxBytes + 1} bytes are ever read, so a file that grows while it is read is
     * refused too.
     *
     * @throws java.nio.file.FileSystemException naming the file and the problem, for every
     *         refusal above; {@link java.nio.file.NoSuchFileException} if it does not exist
     * @throws ScenarioException if the bytes are not UTF-8 text
     */
    public static String read(Path path, int maxBytes) throws IOException, ScenarioException {
        String name = path.toString();
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new FileSystemException(name, null, "is a directory, not a scenario file");
        }
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(name, null, "not a regular file (" + kind(path)
                    + "); scenarios are read from files");
        }
        if (attributes.size() > maxBytes) {
            throw new FileSystemException(name, null, tooLarge(Long.toString(attributes.size()), maxBytes));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(maxBytes < Integer.MAX_VALUE ? maxBytes + 1 : maxBytes);
        }
        if (bytes.length > maxBytes) {
            throw new FileSystemException(name, null, tooLarge("larger than " + maxBytes, maxBytes));
        }
        return decode(name, bytes);
    }

    /**
     * Reads a scenario's text from a stream (standard input) with the same limit as a file:
     * at most {@code maxBytes + 1} bytes are read, and more than {@code maxBytes} is refused.
     *
     * @param name the name used in messages, for example {@code <stdin>}
     * @throws java.nio.file.FileSystemException naming it, if it holds more than {@code maxBytes}
     * @throws ScenarioException if the bytes are not UTF-8 text
     */
    public static String read(InputStream in, String name, int maxBytes) throws IOException, ScenarioException {
        byte[] bytes = in.readNBytes(maxBytes < Integer.MAX_VALUE ? maxBytes + 1 : maxBytes);
        if (bytes.length > maxBytes) {
            throw new FileSystemException(name, null, "more than " + maxBytes + " bytes; scenarios of at most "
                    + maxBytes + " bytes (" + dev.cowvm.Sizes.format(maxBytes) + ") are read here");
        }
        return decode(name, bytes);
    }

    private static String tooLarge(String size, int maxBytes) {
        return "the file is " + size + " bytes; scenarios of at most "
                + maxBytes + " bytes (" + dev.cowvm.Sizes.format(maxBytes) + ") are read here";
    }

    /** What a file that is not regular is, from its Unix mode where the platform has one. */
    private static String kind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /** Decodes UTF-8 strictly: a binary file gets a clear message, not a page of garbage. */
    public static String decode(String file, byte[] bytes) throws ScenarioException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ScenarioException(new Diagnostic(file, line, 1,
                    "not a text file: invalid UTF-8 at byte " + at, null));
        }
        return withoutByteOrderMark(out.flip().toString());
    }

    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The source text of a line (from 1). */
    public String line(int number) {
        return lines.get(number - 1);
    }

    /**
     * The values of the loop variables statement {@code index} (from 0) was made with, as
     * messages say them ({@code i = 3}, or {@code i = 3, j = 0} in nested loops), or null for
     * a statement outside every loop.
     */
    public String iteration(int index) {
        Bindings b = iterations.get(index);
        return b.isEmpty() ? null : b.describe();
    }

    /** What a message about statement {@code index} ends with: {@code " (when i = 3)"} in a loop, else nothing. */
    String suffix(int index) {
        return iterations.get(index).suffix();
    }

    /**
     * Statement {@code index} (from 0) as it runs: its line, stripped; for a statement of a
     * loop, the statement's own words with the loop's values written in
     * ({@code fork shell w$i} in its fourth iteration is {@code fork shell w3}).
     */
    public String source(int index) {
        Statement s = statements.get(index);
        Bindings b = iterations.get(index);
        if (b.isEmpty()) {
            return line(s.line()).strip();
        }
        Template t = templates.computeIfAbsent((long) s.line() << 32 | s.column(), k -> template(s));
        StringBuilder out = new StringBuilder(t.literals().getFirst());
        for (int i = 0; i < t.parts().size(); i++) {
            out.append(b.value(t.parts().get(i))).append(t.literals().get(i + 1));
        }
        return out.toString();
    }

    /** A statement of a loop as written: the text between its interpolations, and them. */
    private record Template(List<String> literals, List<Token.Part> parts) {
    }

    private Template template(Statement s) {
        String line = line(s.line());
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(file, s.line(), line);
        } catch (ScenarioException e) {
            throw new AssertionError("a parsed line no longer lexes: " + line, e);
        }
        List<String> literals = new java.util.ArrayList<>();
        List<Token.Part> parts = new java.util.ArrayList<>();
        int at = s.column() - 1;
        int end = at;
        for (Token t : tokens) {
            if (t.column() < s.column()) {
                continue;
            }
            if (t.is("}")) {
                break;
            }
            if (t.parts() != null) {
                for (Token.Part p : t.parts()) {
                    if (p.expression() != null) {
                        literals.add(line.substring(at, p.column() - 1));
                        parts.add(p);
                        at = p.column() - 1 + p.source().length();
                    }
                }
            }
            end = t.end() - 1;
        }
        literals.add(line.substring(at, end));
        return new Template(List.copyOf(literals), List.copyOf(parts));
    }
}
