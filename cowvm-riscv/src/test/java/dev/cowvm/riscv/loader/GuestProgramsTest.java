package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed test programs: each beside its source, and exactly what the build script makes of it. */
class GuestProgramsTest {

    @Test
    void everyProgramIsCommittedBesideItsSource() {
        for (String program : Guests.PROGRAMS) {
            String base = program.substring(0, program.length() - ".elf".length());
            assertThat(Guests.DIR.resolve(program)).as(program).isRegularFile();
            assertThat(Files.exists(Guests.DIR.resolve(base + ".c")) || Files.exists(Guests.DIR.resolve(base + ".S")))
                    .as("the source of %s", program).isTrue();
            assertThat(Guests.bytes(program)).as(program).startsWith(0x7f, 'E', 'L', 'F');
        }
    }

    @Test
    @RequiresTool({Tool.RISCV64_LINUX_GCC, Tool.RISCV64_ELF_GCC})
    void theCommittedProgramsAreWhatTheBuildScriptMakes(@TempDir Path out) throws IOException, InterruptedException {
        String path = Tool.RISCV64_LINUX_GCC.path().getParent() + File.pathSeparator
                + Tool.RISCV64_ELF_GCC.path().getParent() + File.pathSeparator + System.getenv().getOrDefault("PATH", "");
        ProcessBuilder build = new ProcessBuilder("sh", Guests.DIR.resolve("build.sh").toString(), out.toString())
                .redirectErrorStream(true);
        build.environment().put("PATH", path);
        java.lang.Process sh = build.start();
        String log = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(sh.exitValue()).as(log).isZero();
        for (String program : Guests.PROGRAMS) {
            assertThat(Files.readAllBytes(out.resolve(program)))
                    .as("%s rebuilt differs from the committed one: run %s/build.sh and commit the result"
                            + " (the compilers' versions may differ from the ones that built it)", program, Guests.DIR)
                    .isEqualTo(Guests.bytes(program));
        }
    }
}
