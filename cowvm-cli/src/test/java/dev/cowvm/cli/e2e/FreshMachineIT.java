package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's test command on a machine with only a JDK: the build passes, tests that need
 * a missing tool are skipped, and its last lines name each missing tool and the command
 * that installs it; under CI the same build fails.
 *
 * <p>It builds a copy of the sources, so the build running this test is not disturbed, with
 * {@code COWVM_TOOL_PATH} pointed at an empty directory: every tool is missing. To stay
 * quick it builds the modules on the way to the browser tests and the last module (which
 * prints the summary), and runs the browser tests only: {@code -pl cowvm-web,cowvm-bench
 * -am}, the poms as they are. Maven runs offline: the build running this test has already
 * fetched every plugin and library.
 */
class FreshMachineIT {
    private static final String INSTALL_CHROMIUM = "apt-get install chromium chromium-driver";

    @Test
    void testsNeedingAMissingToolAreSkippedWithANoticeAndFailUnderCi(@TempDir Path tmp) throws Exception {
        Path copy = copySources(LauncherIT.root(), tmp.resolve("cowvm"));
        Path noTools = Files.createDirectories(tmp.resolve("no-tools"));

        Build fresh = maven(copy, noTools, false);
        assertThat(fresh.code()).as(fresh.tail()).isZero();
        assertThat(fresh.out()).contains("[cowvm] skipped VisualizerIT: needs chromium and chromedriver ("
                + INSTALL_CHROMIUM + ")").contains("BUILD SUCCESS");
        int last = fresh.out().indexOf("Building cowvm-bench");
        int summary = fresh.out().indexOf("Tests skipped because a tool is missing (CI=true or"
                + " -Dcowvm.requireTools=true makes this fail):");
        assertThat(last).as("the bench module is built last").isPositive();
        assertThat(summary).as("the summary comes at the end of the build").isGreaterThan(last);
        assertThat(fresh.out().substring(summary)).contains("cowvm-web: 1 test group(s) skipped, missing chromium"
                + " and chromedriver: " + INSTALL_CHROMIUM + " (VisualizerIT)");

        for (String line : readmeSummary()) {
            assertThat(fresh.out()).as("the README shows what the build prints").contains(line);
        }

        Build ci = maven(copy, noTools, true);
        assertThat(ci.code()).as(ci.tail()).isNotZero();
        assertThat(ci.out()).contains("VisualizerIT needs chromium and chromedriver (" + INSTALL_CHROMIUM
                + "): missing tools fail the build under CI").contains("BUILD FAILURE")
                .doesNotContain("[cowvm] skipped");
    }

    /** The lines of the summary the README shows, each stripped of its indentation. */
    private static List<String> readmeSummary() throws IOException {
        String readme = Files.readString(LauncherIT.root().resolve("README.md"));
        int at = readme.indexOf("**On your machine**");
        int start = readme.indexOf("```text", at);
        int end = readme.indexOf("```", start + 7);
        assertThat(at).as("the README says what happens on a user's machine").isPositive();
        List<String> lines = readme.substring(start + 7, end).lines().map(String::strip).filter(l -> !l.isEmpty())
                .toList();
        assertThat(lines).isNotEmpty();
        return lines;
    }

    record Build(int code, String out) {
        String tail() {
            return out.substring(Math.max(0, out.length() - 6000));
        }
    }

    private static Build maven(Path dir, Path toolPath, boolean ci) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "-o", "verify", "-pl", "cowvm-web,cowvm-bench",
                "-am", "-Dtest=NONE", "-Dsurefire.failIfNoSpecifiedTests=false", "-Dit.test=VisualizerIT"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("CI"); // this test may itself run under CI
        env.remove("MAVEN_ARGS");
        if (ci) {
            env.put("CI", "true");
        }
        env.put("COWVM_TOOL_PATH", toolPath.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path log = dir.resolveSibling(ci ? "build-ci.log" : "build.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the build did not finish in 15 minutes");
        }
        return new Build(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The sources as a clone has them: everything but build output and version control. */
    private static Path copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName().toString();
                if (!dir.equals(from) && (name.equals("target") || name.equals(".git"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (file.getFileName().toString().equals(".git")) {
                    return FileVisitResult.CONTINUE; // a worktree's pointer to its repository
                }
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
        return to;
    }
}
