package dev.cowvm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Linux runner on the static glibc hello of cowvm-riscv's tests (the others need bench/riscv/build). */
class LinuxProgramsTest {
    static final Path HELLO = Path.of("../cowvm-riscv/src/test/guest/linux/hello.elf").toAbsolutePath().normalize();

    @Test
    void runsHelloAtItsHostPathAndCountsItsSystemCalls() throws Exception {
        List<String> trace = new ArrayList<>();
        LinuxPrograms.Ran r = LinuxPrograms.run(HELLO, List.of(), "/out", LinuxPrograms.config(false), trace::add);
        assertThat(r.status()).isZero();
        assertThat(r.stopped()).isNull();
        assertThat(r.stdout()).isEqualTo("hello, world\n");
        assertThat(r.syscalls()).isEqualTo(trace.size()).isPositive();
        assertThat(trace).anyMatch(line -> line.contains("readlinkat(AT_FDCWD, \"/proc/self/exe\"")
                && line.endsWith("= " + HELLO.toString().length()));
        // every line "at N (retired M)": N counts the ecalls so far, M does not
        String last = trace.getLast();
        assertThat(last).startsWith("at " + (r.instructions() + r.syscalls()) + " (retired " + r.instructions() + ")")
                .contains("exit_group(0)");
    }
}
