package dev.cowvm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides {@link RequiresTool}: run, skip with a notice, or (under CI) fail.
 *
 * <p>Each skip is also remembered; when the test JVM ends, one line per missing tool is
 * written to {@code target/cowvm-tool-skips/} of the module, which the last module of the
 * build prints, so the end of {@code ./mvnw verify} says what was not tested and how to
 * install it.
 */
public final class ToolCondition implements ExecutionCondition {
    private static final Map<Tool, TreeSet<String>> SKIPPED = new TreeMap<>();
    private static boolean hooked;

    /** Made by JUnit. */
    public ToolCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        RequiresTool needs = element.map(e -> e.getAnnotation(RequiresTool.class)).orElse(null);
        if (needs == null) {
            return ConditionEvaluationResult.enabled("needs no tool");
        }
        List<Tool> missing = new ArrayList<>();
        for (Tool t : needs.value()) {
            if (!t.present()) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("tools present");
        }
        String what = context.getTestClass().map(Class::getSimpleName).orElse("?")
                + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
        StringBuilder notice = new StringBuilder();
        for (Tool t : missing) {
            if (!notice.isEmpty()) {
                notice.append("; ");
            }
            notice.append("needs ").append(t.title()).append(" (").append(t.install()).append(')');
        }
        if (Tool.required()) {
            throw new AssertionError(what + " " + notice
                    + ": missing tools fail the build under CI (CI=true or -Dcowvm.requireTools=true)");
        }
        remember(missing, what);
        System.out.println("[cowvm] skipped " + what + ": " + notice);
        return ConditionEvaluationResult.disabled(notice.toString());
    }

    private static synchronized void remember(List<Tool> missing, String what) {
        for (Tool t : missing) {
            SKIPPED.computeIfAbsent(t, k -> new TreeSet<>()).add(what);
        }
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ToolCondition::writeSummary, "cowvm-tool-skips"));
        }
    }

    private static synchronized void writeSummary() {
        Path dir = Path.of("target", "cowvm-tool-skips");
        String module = Path.of("").toAbsolutePath().getFileName().toString();
        List<String> lines = new ArrayList<>();
        SKIPPED.forEach((tool, tests) -> lines.add(String.format("%s: %d test group(s) skipped, missing %s: %s (%s)",
                module, tests.size(), tool.title(), tool.install(), String.join(", ", tests))));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ProcessHandle.current().pid() + ".txt"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
