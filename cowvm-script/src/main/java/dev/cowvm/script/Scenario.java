package dev.cowvm.script;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed and checked scenario: its lines, and one statement for each line that holds one.
 * Making one runs nothing; see {@link Run}.
 *
 * @param file       the name used in messages
 * @param lines      the source, one entry per line
 * @param statements the statements in order
 */
public record Scenario(String file, List<String> lines, List<Statement> statements) {
    /** Scenarios larger than this are refused before parsing: 16 MiB of text. */
    public static final int MAX_BYTES = 16 << 20;

    public Scenario {
        lines = List.copyOf(lines);
        statements = List.copyOf(statements);
    }

    /**
     * Parses and checks a scenario's text.
     *
     * @throws ScenarioException with every problem found, each located
     */
    public static Scenario parse(String file, String text) throws ScenarioException {
        List<String> lines = text.lines().toList();
        List<Statement> statements = Parser.parse(file, lines);
        Checker.check(file, lines, statements);
        return new Scenario(file, lines, statements);
    }

    /**
     * Reads, parses and checks a scenario file. A file that is not UTF-8 text, or is larger
     * than {@link #MAX_BYTES}, is refused with a message saying so.
     */
    public static Scenario load(Path path) throws IOException, ScenarioException {
        String name = path.toString();
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new ScenarioException(new Diagnostic(name, 1, 1, "the file is " + size
                    + " bytes; a scenario may have at most " + MAX_BYTES, null));
        }
        return parse(name, decode(name, Files.readAllBytes(path)));
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
        return out.flip().toString();
    }

    /** The source text of a line (from 1). */
    public String line(int number) {
        return lines.get(number - 1);
    }
}
