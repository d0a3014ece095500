package dev.cowvm.riscv.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed test binaries are exactly what their sources build to: {@code build} is run
 * into a temporary directory with the cross compiler, and every {@code .elf} must equal
 * the committed file byte for byte, with none missing and none extra. So a source can
 * never change without its binary.
 */
@RequiresTool(Tool.RISCV64_LINUX_GCC)
class GuestBuildTest {
    @Test
    void committedBinariesAreWhatTheSourcesBuildTo(@TempDir Path out) throws IOException, InterruptedException {
        Path script = GuestProgramsTest.GUEST.resolve("build").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), out.toString())
                .redirectErrorStream(true);
        pb.environment().put("RISCV64_LINUX_GCC", Tool.RISCV64_LINUX_GCC.path().toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("build finished").isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        List<String> built = elfNames(out);
        List<String> committed = elfNames(GuestProgramsTest.GUEST);
        assertThat(built).as("programs built").isNotEmpty().isEqualTo(committed);
        for (String name : built) {
            assertThat(Files.readAllBytes(out.resolve(name)))
                    .as(name + " is stale: run src/test/guest/build and commit the result")
                    .isEqualTo(Files.readAllBytes(GuestProgramsTest.GUEST.resolve(name)));
        }
    }

    private static List<String> elfNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".elf")).sorted().toList();
        }
    }
}
