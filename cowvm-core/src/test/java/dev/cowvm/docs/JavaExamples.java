package dev.cowvm.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Finds the Java examples in the project's Markdown ({@code <!-- example: NAME -->} before a
 * {@code java} block, and optionally {@code <!-- output: NAME -->} before a {@code text}
 * block with what it prints), compiles them against the test class path and runs them.
 */
final class JavaExamples {
    record Example(Path file, String name, String source, String expectedOutput) {
        @Override
        public String toString() {
            return file.getFileName() + ": " + name;
        }
    }

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (example|output): ([\\w-]+) -->\\s*\\R```(\\w+)\\R(.*?)\\R```", Pattern.DOTALL);

    private JavaExamples() {
    }

    /** The repository's top directory, found from the working directory upward. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static List<Example> in(Path markdown) throws IOException {
        String text = Files.readString(markdown);
        List<Example> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        List<String[]> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        for (String[] b : blocks) {
            if (b[0].equals("example") && b[2].equals("java")) {
                String expected = null;
                for (String[] o : blocks) {
                    if (o[0].equals("output") && o[1].equals(b[1])) {
                        expected = o[3];
                    }
                }
                out.add(new Example(markdown, b[1], b[3], expected));
            }
        }
        return out;
    }

    /** Compiles and runs the example's main method; returns what it printed. */
    static String run(Example example) throws Exception {
        Matcher cls = Pattern.compile("public (?:final )?class (\\w+)").matcher(example.source());
        if (!cls.find()) {
            throw new AssertionError(example + " declares no public class");
        }
        String className = cls.group(1);
        Path dir = Files.createTempDirectory("cowvm-example");
        Path source = dir.resolve(className + ".java");
        Files.writeString(source, example.source());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "-cp",
                System.getProperty("java.class.path"), "-d", dir.toString(), source.toString());
        if (rc != 0) {
            throw new AssertionError(example + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                JavaExamples.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
