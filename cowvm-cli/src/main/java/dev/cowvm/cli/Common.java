package dev.cowvm.cli;

import dev.cowvm.script.Scenario;
import dev.cowvm.script.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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

    /**
     * Loads a scenario, or prints why it cannot be loaded (located) and returns null.
     */
    static Scenario load(Path file, PrintWriter err) {
        try {
            if (Files.isDirectory(file)) {
                err.println(file + ": is a directory, not a scenario file");
                return null;
            }
            return Scenario.load(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
        } catch (ScenarioException e) {
            err.print(e.report());
        }
        return null;
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
