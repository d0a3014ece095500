package dev.cowvm.script;

import dev.cowvm.script.text.KernelText;
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
     * Parses and checks a scenario's text. A byte-order mark at its start (U+FEFF, which some
     * editors write) is skipped, so columns count from the first real character.
     *
     * @throws ScenarioException with every problem found, each located
     */
    public static Scenario parse(String file, String text) throws ScenarioException {
        List<String> lines = withoutByteOrderMark(text).lines().toList();
        List<Statement> statements = Parser.parse(file, lines);
        Checker.check(file, lines, statements);
        return new Scenario(file, lines, statements);
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
}
