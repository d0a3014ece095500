package dev.cowvm.cli;

import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every scenario command shares. */
final class Common {
    @Option(names = "--color", negatable = true,
            description = "Colour the output (default: only on a terminal, and not when NO_COLOR is set).")
    Boolean color;

    @Option(names = "--progress", description = "Progress bar on standard error: auto, always or never"
            + " (default: auto, on a terminal for runs longer than a second).", defaultValue = "auto",
            converter = ProgressModeConverter.class)
    Progress.Mode progress;

    Style style() {
        return Style.of(color);
    }

    /** The name of standard input on the command line: {@code cowvm run -}. */
    static final String STDIN = "-";
    /** Its name in messages. */
    static final String STDIN_NAME = "<stdin>";

    /**
     * Loads a scenario, or prints why it cannot be loaded (located) and returns null. What is
     * not a regular file (a named pipe, a device) and files over {@link Scenario#MAX_BYTES}
     * are refused before reading, so nothing here can block or fill the memory. {@code -}
     * is standard input.
     */
    static Scenario load(Path file, PrintWriter err) {
        return load(file, err, System.in);
    }

    /**
     * As {@link #load(Path, PrintWriter)}, with {@code stdin} read for {@code -}: at most
     * {@link Scenario#MAX_BYTES} and one byte more are read, so a stream that does not end
     * (a device, {@code yes |}) is refused like a file that is too large.
     */
    static Scenario load(Path file, PrintWriter err, InputStream stdin) {
        boolean fromStdin = file.toString().equals(STDIN);
        try {
            if (fromStdin) {
                return Scenario.parse(STDIN_NAME, Scenario.read(stdin, STDIN_NAME, Scenario.MAX_BYTES));
            }
            return Scenario.load(file);
        } catch (IOException e) {
            err.println(fileProblem(fromStdin ? Path.of(STDIN_NAME) : file, e));
        } catch (ScenarioException e) {
            err.print(e.report());
        }
        return null;
    }

    /** Null if the files name standard input at most once, else the message saying so. */
    static String stdinOnce(java.util.List<Path> files) {
        long n = files.stream().filter(f -> f.toString().equals(STDIN)).count();
        return n <= 1 ? null : "standard input (-) can be read only once, and is named " + n + " times"
                + " (a file named - is ./-)";
    }

    /** A file that cannot be read, in a line that names it: {@code f.cow: no such file}. */
    static String fileProblem(Path file, IOException e) {
        return switch (e) {
            case NoSuchFileException x -> file + ": no such file";
            case AccessDeniedException x -> file + ": permission denied";
            case FileSystemException x when x.getReason() != null -> file + ": " + x.getReason();
            default -> file + ": cannot read: " + e.getMessage();
        };
    }

    static final class ProgressModeConverter implements picocli.CommandLine.ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            try {
                return Progress.Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected auto, always or never, not '" + value + "'");
            }
        }
    }
}
