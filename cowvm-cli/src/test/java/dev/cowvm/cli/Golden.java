package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file under src/test/resources/golden. Run the tests with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change, then review
 * the diff.
 */
final class Golden {
    private Golden() {
    }

    static void check(String name, String actual) throws IOException {
        Path file = moduleDir().resolve("src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.writeString(file, actual);
            if (!Boolean.getBoolean("golden.update")) {
                throw new AssertionError("golden file " + file + " did not exist; written now, review and commit it");
            }
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }

    static Path moduleDir() {
        Path p = Path.of("").toAbsolutePath();
        return Files.exists(p.resolve("src/test/resources/golden")) ? p : p.resolve("cowvm-cli");
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }
}
