package dev.cowvm.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The example scenarios shipped in the jar (the files of the repository's {@code examples/}). */
public final class Examples {
    /** Their names, in the order a newcomer should read them. */
    public static final List<String> NAMES = List.of("slide", "fork-exec", "snapshot", "prefork-server",
            "fork-bomb", "zeroing", "copy-vs-cow");

    private Examples() {
    }

    /** The text of an example, by name (without {@code .cow}). */
    public static String text(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("/dev/cowvm/examples/" + name + ".cow")) {
            if (in == null) {
                throw new IllegalArgumentException("no example named '" + name + "'; there are " + NAMES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An example, parsed. */
    public static Scenario scenario(String name) {
        try {
            return Scenario.parse("examples/" + name + ".cow", text(name));
        } catch (ScenarioException e) {
            throw new IllegalStateException("example " + name + " does not parse:\n" + e.report(), e);
        }
    }
}
