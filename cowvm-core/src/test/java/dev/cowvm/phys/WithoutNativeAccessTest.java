package dev.cowvm.phys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A library user who forgets {@code --enable-native-access} still gets a working machine
 * (physical memory in a mapped temporary file) and a warning that says what to do, never a
 * crash or the JVM's own warning about restricted methods.
 */
class WithoutNativeAccessTest {
    /** Run in a JVM without the flag: a fork, a copy, a 64 GiB machine. */
    public static void main(String[] args) {
        try (Kernel big = new Kernel(KernelConfig.defaults().withMemory(64L << 30))) {
            Process p = big.spawn().orElseThrow();
            long heap = p.map(0, 1 << 20, Protection.RW, "heap").orElseThrow();
            p.fill(heap, 1 << 20, (byte) 'p').orElseThrow();
            Process c = big.fork(p).orElseThrow();
            c.write(heap, "child".getBytes(StandardCharsets.US_ASCII)).orElseThrow();
            System.out.println(new String(p.read(heap, 5).orElseThrow(), StandardCharsets.US_ASCII) + " "
                    + new String(c.read(heap, 5).orElseThrow(), StandardCharsets.US_ASCII) + " copied "
                    + big.stats().get(Counter.PAGES_COPIED));
            big.checkInvariants();
            big.warnings().forEach(System.out::println);
        }
    }

    @Test
    void aMachineWorksAndSaysHowItIsHeld() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                WithoutNativeAccessTest.class.getName()).redirectErrorStream(true);
        java.lang.Process jvm = pb.start();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(out).isZero();
        assertThat(out).contains("ppppp child copied 1")
                .contains("physical memory is a mapped temporary file: native access is not enabled")
                .doesNotContain("restricted method").doesNotContain("Exception");
    }

    @Test
    void withTheFlagTheMemoryIsAnonymousAndQuiet() {
        assertThat(HostMemory.isAnonymous()).as("the tests run with --enable-native-access").isTrue();
        try (Kernel k = new Kernel(KernelConfig.defaults())) {
            assertThat(k.warnings()).isEmpty();
        }
    }
}
