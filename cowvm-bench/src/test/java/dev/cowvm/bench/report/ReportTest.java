package dev.cowvm.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReportTest.class.getResource(name).toURI());
    }

    private static String report() throws IOException, URISyntaxException {
        Results results = new Results();
        results.readJmh(resource("fixture.json"));
        results.readLinux(resource("linux.txt"));
        return new Report(results).markdown("test");
    }

    @Test
    void forkRowsGiveTimePerPageAndPerGibAndTheRatioToLinux() throws Exception {
        // 5,000 µs for 262,144 pages: 19.1 ns a page, 5.00 ms a GiB; Linux 25,000 µs: 0.2×.
        assertThat(report()).contains("| 1 GiB | cow | 5,000 | 19.1 | 5.00 | 25,000 | 95.4 | 0.200× | – |");
    }

    @Test
    void targetsCompareEachFigureWithItsReference() throws Exception {
        String md = report();
        assertThat(md).contains("| cow fork ≤ 1/10 of Linux's fork, per resident page (at 1 GiB) | 0.200× | missed |");
        assertThat(md).contains("| copy-on-write copy fault ≤ 1.5× a bare 4 KiB copy (MemorySegment.copy, same 16 MiB footprint) | 3.00× | missed |");
        assertThat(md).contains("| reuse fault ≤ 1/4 of a copy fault | 0.333× | missed |");
        assertThat(md).contains("| zero-fill fault ≤ 1.5× a bare 4 KiB fill (MemorySegment.fill, same 16 MiB footprint) | – | not measured |");
        assertThat(md).contains("| TLB-hit 8-byte load ≤ 1.5× a plain long[] load, every working set | 0 of 1 rows within;"
                + " worst 4.00× (random, 16 KiB) | missed");
    }

    @Test
    void unmeasuredFiguresShowTheMissingMark() throws Exception {
        assertThat(report()).contains("| 4 GiB | copy | – | – | – | – | – | – | – |");
    }

    @Test
    void copyFaultRatiosUseTheSameRun() throws Exception {
        assertThat(report()).contains("| to a shared page (copy) | 900 | 300 | – | – | 2,000 | 3.00× | 0.450× |");
    }

    @Test
    void linuxProgramsCompareTheSameBinariesWithQemu() throws Exception {
        Results results = new Results();
        results.readJmh(resource("fixture.json"));
        results.readGuest(resource("guest.txt"));
        results.readQemu(resource("qemu.md"));
        String md = new Report(results).markdown("test");
        assertThat(md).contains("| hello: instructions from the first to exit_group (no environment, output to /dev/null)"
                + " | 6,875 | 6,876 (6,861 retired + 15 ecalls) | +1 | equal within a few hundred |");
        assertThat(md).contains("| forks.linux: a 64 MiB parent forks 100 children, each writes a page (s) | 1.50 | 0.300"
                + " | 0.200× | ≤ 0.5× |");
        assertThat(md).contains("| spawn.linux: 20 posix_spawns from a 1 GiB parent, the spawns alone (s) | 1.35"
                + " | 0.165; 0 pages copied, 20 vforks | 0.122× |");
        assertThat(md).contains("| static glibc hello: cowvm's instructions = qemu-riscv64's within a few hundred"
                + " | +1 (6,876 against 6,875) | met |");
        assertThat(md).contains("| fork-heavy glibc program (forks.linux): cowvm's time ≤ 0.5 × qemu-riscv64's (pages"
                + " copied: 400 of 1,649,400 an eager fork copies) | 0.200× | met |");
        assertThat(md).contains("| posix_spawn from a 1 GiB and a 1 MiB parent: 0 pages copied, about the same time"
                + " | pages copied 0, 0; the 1 GiB parent's spawns took 1.10× the 1 MiB parent's | met |");
        assertThat(md).doesNotContain("| fork-heavy program: cowvm's time");
    }

    @Test
    void mainWritesTheFileAndRejectsUnknownArguments(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.md");
        Report.main(new String[] {"--jmh", resource("fixture.json").toString(), "--out", out.toString(),
                "--title", "cowvm benchmarks, test"});
        assertThat(Files.readString(out)).startsWith("# cowvm benchmarks, test\n").contains("- jvm: OpenJDK 64-Bit Server VM 25");
        assertThatThrownBy(() -> Report.main(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
    }
}
