package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run the way a user runs it: the {@code ./cowvm} launcher at
 * the top of the repository, in a separate process, after the jar has been packaged.
 */
class LauncherIT {
    record Result(int code, String out, String err) {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }

    static Result cowvm(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return cowvm(root(), env, args);
    }

    static Result cowvm(Path root, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("cowvm").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("cowvm-out", ".txt");
        Path err = Files.createTempFile("cowvm-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cowvm " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoRunsThroughTheLauncher() throws Exception {
        Result r = cowvm(Map.of(), "demo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("examples/slide.cow: ok;");
        assertThat(r.err()).as("the jar is fresh, so nothing is rebuilt").isEmpty();
    }

    @Test
    void findsJava25EvenWhenJavaHomeAndPathPointAtAnOlderOne() throws Exception {
        Result r = cowvm(Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64",
                "PATH", "/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/bin:/bin"), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Java 2[5-9]|Java [3-9][0-9]");
    }

    /**
     * A copy of the launcher in a directory with no jar yet, and a stand-in for the Maven
     * Wrapper that prints the lines Maven prints while it builds (then puts the real jar in
     * place, or fails): what a first run shows, without a minute of building.
     */
    private static Path firstRun(Path dir, boolean buildFails) throws IOException {
        Files.copy(root().resolve("cowvm"), dir.resolve("cowvm"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(dir.resolve("cowvm-cli/src/main/java"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        Path jar = root().resolve("cowvm-cli/target/cowvm.jar");
        Path mvnw = dir.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\n"
                + "echo '[INFO] Downloading from central: https://repo.maven.apache.org/maven2/x/1/x-1.pom'\n"
                + "echo '[INFO] Building cowvm-core 0.1.0-SNAPSHOT                                 [2/3]'\n"
                + "echo '[INFO] Building cowvm-cli 0.1.0-SNAPSHOT                                  [3/3]'\n"
                + (buildFails ? "echo '[ERROR] COMPILATION ERROR : something is wrong'; exit 1\n"
                : "mkdir -p cowvm-cli/target && cp '" + jar + "' cowvm-cli/target/cowvm.jar\n"));
        mvnw.toFile().setExecutable(true);
        return dir;
    }

    @Test
    void theFirstRunSaysHowLongTheBuildTakesAndShowsItsProgress(@TempDir Path dir) throws Exception {
        Result r = cowvm(firstRun(dir, false), Map.of(), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("cowvm ");
        assertThat(r.err()).contains("cowvm: building the command-line jar (first run, or the sources changed).")
                .contains("this takes one to two minutes")
                .contains("cowvm:   downloading Maven and the build's dependencies (once, into ~/.m2)")
                .containsPattern("cowvm:   \\[2/3\\] cowvm-core \\([0-9]+s so far\\)")
                .containsPattern("cowvm:   \\[3/3\\] cowvm-cli \\([0-9]+s so far\\)")
                .containsPattern("cowvm: built in [0-9]+s\\.");
        assertThat(r.err().indexOf("[2/3]")).isLessThan(r.err().indexOf("[3/3]"));
        assertThat(cowvm(dir, Map.of(), "--version").err()).as("built once: nothing more to say").isEmpty();
    }

    @Test
    void aFailedFirstBuildShowsMavensOutputAndExitsWithTwo(@TempDir Path dir) throws Exception {
        Result r = cowvm(firstRun(dir, true), Map.of(), "--version");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("[ERROR] COMPILATION ERROR : something is wrong")
                .contains("cowvm: the build failed; the output is above.");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void whatIsNotAFileIsRefusedAtOnce() throws Exception {
        Path fifo = Files.createTempDirectory("cowvm-fifo").resolve("f.cow");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        try {
            for (List<String> args : List.of(List.of("run", "/dev/zero"), List.of("check", "/dev/urandom"),
                    List.of("serve", "--port", "0", "/dev/zero"), List.of("run", fifo.toString()),
                    List.of("replay", "/dev/urandom"), List.of("replay", fifo.toString()))) {
                long start = System.nanoTime();
                Result r = cowvm(Map.of(), args.toArray(String[]::new));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
                assertThat(r.err()).as(args.toString()).contains("not a regular file").doesNotContain("Exception")
                        .doesNotContain("\tat ");
                // The JVM itself takes about a second to start; reading /dev/zero took 13 to 25 s and
                // ended in an OutOfMemoryError, and a named pipe blocked until killed.
                assertThat(millis).as(args + " exits as soon as the JVM has started").isLessThan(10_000);
            }
        } finally {
            Files.delete(fifo);
            Files.delete(fifo.getParent());
        }
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        Result r = cowvm(Map.of(), "no-such-command");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument");
    }
}
