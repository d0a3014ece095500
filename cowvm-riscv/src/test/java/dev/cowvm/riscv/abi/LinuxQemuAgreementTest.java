package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our Linux programs under Debian's qemu-riscv64 and on cowvm, in the same kind of place
 * (a fresh directory with the program and args.elf, standard input /dev/null, standard
 * output a file, PATH the only variable): both must print the same bytes and exit 0.
 * qemu-riscv64 cannot execve a riscv64 file where binfmt_misc does not know them, so, as
 * the {@code record} script does, args.elf is a shell script there that runs the real one
 * under qemu-riscv64 with the same argv[0].
 */
@RequiresTool(Tool.QEMU_RISCV64)
class LinuxQemuAgreementTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"hello", "hello_pie", "system", "files", "errno", "memory", "children", "signals", "poll",
        "spawn", "cow"})
    void cowvmPrintsWhatQemuPrints(String program) throws Exception {
        String qemu = qemu(program);
        LinuxProgramsTest.Ran cowvm = LinuxProgramsTest.run(program);
        assertThat(cowvm.stdout()).isEqualTo(qemu);
        assertThat(cowvm.status()).isZero();
    }

    private String qemu(String program) throws IOException, InterruptedException {
        Path qemu = Tool.QEMU_RISCV64.path();
        Path place = Files.createDirectory(dir.resolve("place"));
        Files.copy(LinuxProgramsTest.GUEST.resolve(program + ".elf"), place.resolve(program + ".elf"));
        Path args = place.resolve("args.elf");
        Files.writeString(args, "#!/bin/sh\nunset PWD\nexec " + qemu + " -0 \"$0\" "
                + LinuxProgramsTest.GUEST.resolve("args.elf").toAbsolutePath() + " \"$@\"\n");
        Files.setPosixFilePermissions(args, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(qemu.toString(), "./" + program + ".elf").directory(place.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("qemu-riscv64 ended").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("qemu-riscv64's exit status; it printed:%n%s", printed).isZero();
        return printed;
    }
}
