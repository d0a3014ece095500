package dev.cowvm.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.MemoryUsage;
import java.util.List;
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
        assertThat(parent.memoryUsage().rssBytes()).isZero();

        parent.touch(region, 64 * MIB, Access.WRITE);
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 64 * MIB, 0, 0, 0, 64 * MIB));

        Process child = kernel.fork(parent).orElseThrow();
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 32 * MIB, 0, 64 * MIB, 0, 0));
        assertThat(child.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 32 * MIB, 0, 64 * MIB, 0, 0));

        parent.touch(region, 32 * MIB, Access.WRITE);
        assertThat(parent.memoryUsage().pssBytes()).isEqualTo(48 * MIB);
        assertThat(parent.memoryUsage().ussBytes()).isEqualTo(32 * MIB);
        assertThat(child.memoryUsage().pssBytes()).isEqualTo(48 * MIB);

        kernel.exit(child, 0);
        assertThat(parent.memoryUsage()).isEqualTo(new MemoryUsage(64 * MIB, 64 * MIB, 0, 0, 0, 64 * MIB));
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
        assertThat(p.memoryUsage().pssBytes()).isEqualTo(1365); // 4096 / 3, in Linux's fixed point
        assertThat(p.memoryUsage().sharedBytes()).isEqualTo(4096);
    }

    @Test
    void eachRegionIsCountedOnItsOwnAndTheirSumIsTheProcess() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Process p = kernel.spawn().orElseThrow();
        long a = p.map(0, 8 * 4096, Protection.RW, "a").orElseThrow();
        long b = p.map(0, 4 * 4096, Protection.RW, "b").orElseThrow();
        long c = p.map(0, 4096, Protection.R, "c").orElseThrow();
        p.touch(a, 8 * 4096, Access.WRITE);
        p.touch(b, 4096, Access.WRITE);
        p.touch(c, 4096, Access.READ);                 // the zero page: not resident
        Process child = kernel.fork(p).orElseThrow();
        child.touch(a, 2 * 4096, Access.WRITE);        // two pages of a now private to each

        List<RegionUsage> regions = p.smaps();
        assertThat(regions).extracting(r -> r.region().name()).containsExactly("a", "b", "c");
        MemoryUsage ua = regions.get(0).usage();
        assertThat(ua).isEqualTo(new MemoryUsage(8 * 4096, 2 * 4096 + 6 * 2048, 0, 6 * 4096, 0, 2 * 4096));
        assertThat(ua.ussBytes()).isEqualTo(2 * 4096);
        assertThat(regions.get(1).usage()).isEqualTo(new MemoryUsage(4096, 2048, 0, 4096, 0, 0));
        assertThat(regions.get(2).usage()).isEqualTo(MemoryUsage.NONE);
        MemoryUsage sum = regions.stream().map(RegionUsage::usage).reduce(MemoryUsage.NONE, MemoryUsage::plus);
        assertThat(sum).isEqualTo(p.memoryUsage());
        kernel.exit(child, 0);
        assertThat(child.memoryUsage()).isEqualTo(MemoryUsage.NONE);
        assertThat(child.smaps()).isEmpty();
    }

    @Test
    void theRollupTruncatesPssOnceAsLinuxDoes() {
        Kernel kernel = new Kernel(KernelConfig.defaults());
        Process p = kernel.spawn().orElseThrow();
        for (String name : List.of("a", "b", "c", "d")) {
            p.touch(p.map(0, 4096, Protection.RW, name).orElseThrow(), 1, Access.WRITE);
        }
        kernel.fork(p).orElseThrow();
        kernel.fork(p).orElseThrow();
        // 4096/3 = 1365.33 a page: each region truncates to 1365, the process's 5461.33 to 5461.
        assertThat(p.smaps()).extracting(r -> r.usage().pssBytes()).containsExactly(1365L, 1365L, 1365L, 1365L);
        assertThat(p.memoryUsage().pssBytes()).isEqualTo(5461);
    }

    @Test
    void thePartsMustAddUpToTheResidentSize() {
        assertThatThrownBy(() -> new MemoryUsage(4096, 4096, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rss 4096");
    }
}
