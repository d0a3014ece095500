package dev.cowvm.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.MemoryUsage;
import org.junit.jupiter.api.Test;

/**
 * The figures Linux's /proc/PID/smaps gives for a 64 MiB private anonymous region through
 * read, write, fork, partial write and exit; the kernel must give the same.
 */
class SmapsTest {
    private static final long MIB = 1 << 20;

    @Test
    void reproducesLinuxRssAndPss() {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(256 * MIB));
        Process parent = kernel.spawn().orElseThrow();
        long region = parent.map(0, 64 * MIB, Protection.RW, "anon").orElseThrow();

        parent.touch(region, 64 * MIB, Access.READ);
        assertThat(parent.memoryUsage().rss()).isZero();

        parent.touch(region, 64 * MIB, Access.WRITE);
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 64 * MIB, 64 * MIB, 0, 16384));

        Process child = kernel.fork(parent).orElseThrow();
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 32 * MIB, 0, 16384, 0));
        assertThat(child.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 32 * MIB, 0, 16384, 0));

        parent.touch(region, 32 * MIB, Access.WRITE);
        assertThat(parent.memoryUsage().pss()).isEqualTo(48 * MIB);
        assertThat(parent.memoryUsage().uss()).isEqualTo(32 * MIB);
        assertThat(child.memoryUsage().pss()).isEqualTo(48 * MIB);

        kernel.exit(child, 0);
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 64 * MIB, 64 * MIB, 0, 16384));
        kernel.checkInvariants();
    }

    @Test
    void pssOfAPageSharedByThreeIsTruncatedLikeLinux() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 4096, Protection.RW, "a").orElseThrow();
        p.touch(a, 1, Access.WRITE);
        kernel.fork(p).orElseThrow();
        kernel.fork(p).orElseThrow();
        assertThat(p.memoryUsage().pss()).isEqualTo(1365); // 4096 / 3, in Linux's fixed point
        assertThat(p.memoryUsage().sharedBytes()).isEqualTo(4096);
    }
}
