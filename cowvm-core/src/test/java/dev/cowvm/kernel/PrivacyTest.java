package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import static dev.cowvm.kernel.Machines.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.ZeroPolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slide's warning: frames in the pool still hold data from processes that ended. A
 * later process that takes every frame of the machine must find none of it, unless the
 * policy is the insecure {@code none}.
 */
class PrivacyTest {
    private static final byte[] SECRET = "password=hunter2".getBytes(StandardCharsets.US_ASCII);
    private static final int FRAMES = 512;

    @ParameterizedTest
    @EnumSource(ZeroPolicy.class)
    void secretsOfEndedProcessesReachNoOneUnlessZeroingIsOff(ZeroPolicy policy) {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMemory((long) FRAMES * PAGE).withZeroPolicy(policy));
        // Several processes fill most of memory with secrets, fork, write more, and end.
        Process writer = kernel.spawn().orElseThrow();
        long buf = writer.map(0, 200L * PAGE, Protection.RW, "secrets").orElseThrow();
        for (int i = 0; i < 200; i++) {
            writer.write(buf + (long) i * PAGE + 64, SECRET);
        }
        Process child = kernel.fork(writer).orElseThrow();
        for (int i = 0; i < 200; i += 2) {
            child.write(buf + (long) i * PAGE + 128, SECRET); // copies: secrets in more frames
        }
        kernel.exit(child, 0);
        kernel.exit(writer, 0);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isZero();

        // A newcomer takes every frame it can get, and reads them all.
        Process reader = kernel.spawn().orElseThrow();
        long all = reader.map(0, (long) FRAMES * PAGE, Protection.RW, "everything").orElseThrow();
        int found = 0;
        for (int i = 0; reader.isAlive(); i++) {
            long va = all + (long) i * PAGE;
            if (!reader.touch(va, 1, Access.WRITE).isOk()) {
                break; // the pool is empty: every frame has been handed out
            }
            byte[] page = reader.read(va, PAGE).orElseThrow();
            if (page != null && contains(page, SECRET)) {
                found++;
            }
        }
        assertThat(reader.status()).isEqualTo(ProcessStatus.OOM);
        if (policy.isSecure()) {
            assertThat(found).as("pages with a leaked secret under %s", policy).isZero();
        } else {
            assertThat(found).as("under 'none' the leak must show").isGreaterThanOrEqualTo(200);
            assertThat(kernel.warnings()).singleElement().asString().contains("insecure");
        }
        kernel.checkInvariants();
    }

    private static boolean contains(byte[] page, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= page.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (page[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
