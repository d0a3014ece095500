package dev.cowvm.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.trace.Traces.Rec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayerTest {
    private static final KernelConfig SV48 = KernelConfig.defaults().withPagingMode(PagingMode.SV48).withMemory(256L << 20);

    static TraceSource source(String name, String lackey) {
        byte[] bytes = lackey.getBytes(StandardCharsets.US_ASCII);
        return new TraceSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TraceReader open() throws IOException {
                return TraceReader.open(name, new ByteArrayInputStream(bytes), false);
            }
        };
    }

    /** A program-like trace: code fetched in order, a stack, and a heap written and read at random. */
    static List<Rec> program(int n, long seed) {
        Random rnd = new Random(seed);
        List<Rec> out = new ArrayList<>();
        long pc = 0x401000;
        for (int i = 0; i < n; i++) {
            pc = rnd.nextInt(50) == 0 ? 0x401000 + rnd.nextInt(64) * 64L : pc + 1 + rnd.nextInt(6);
            out.add(new Rec(AccessKind.INSTRUCTION, pc, 1 + rnd.nextInt(8)));
            long heap = 0x4a00000 + rnd.nextInt(300) * 4096L + rnd.nextInt(4096);
            long stack = 0x7ffffff000L - rnd.nextInt(6000);
            switch (rnd.nextInt(5)) {
                case 0 -> out.add(new Rec(AccessKind.LOAD, heap, 8));
                case 1 -> out.add(new Rec(AccessKind.STORE, heap, 1 + rnd.nextInt(16)));
                case 2 -> out.add(new Rec(AccessKind.MODIFY, stack, 4));
                case 3 -> out.add(new Rec(AccessKind.STORE, stack, 8));
                default -> { }
            }
        }
        return out;
    }

    static Set<Long> pages(List<Rec> recs, boolean writesOnly) {
        Set<Long> out = new HashSet<>();
        for (Rec r : recs) {
            if (!writesOnly || r.kind().writes()) {
                out.add(r.address() & -4096L);
                out.add((r.address() + r.size() - 1) & -4096L);
            }
        }
        return out;
    }

    @Test
    void pagesTouchedAreTheDistinctPagesOfTheTrace() throws Exception {
        List<Rec> recs = program(20_000, 1);
        Map<String, Long> leaves = new HashMap<>();
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(source("p", Traces.lackey(recs))),
                kernel -> leaves.put("parent", (long) kernel.process(1).orElseThrow().mappings().size()));

        long distinct = pages(recs, false).size();
        ReplayReport.ProcessReport p = report.processes().getFirst();
        assertThat(p.pagesMapped()).isEqualTo(distinct);
        assertThat(leaves.get("parent")).as("page-table leaves").isEqualTo(distinct);
        assertThat(p.accesses()).isEqualTo(recs.size());
        assertThat(report.accesses()).isEqualTo(recs.size());
        assertThat(p.status()).isEqualTo("running");
        assertThat(report.stats().get(Counter.ZERO_FILL_FAULTS)).as("written pages")
                .isEqualTo(pages(recs, true).size());
        assertThat(p.usage().rssBytes()).isEqualTo(pages(recs, true).size() * 4096);
    }

    @Test
    void forkThenContinueCopiesExactlyTheWrittenPagesPresentAtTheFork() throws Exception {
        List<Rec> recs = program(20_000, 2);
        int at = 13_000;
        Set<Long> before = pages(recs.subList(0, at), true);
        Set<Long> after = pages(recs.subList(at, recs.size()), true);
        Set<Long> copied = new HashSet<>(before);
        copied.retainAll(after);
        assertThat(copied).as("the test means something").hasSizeGreaterThan(50);

        TraceSource t = source("p", Traces.lackey(recs));
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(t).withFork(List.of((long) at), null));

        assertThat(report.forks()).containsExactly(new ReplayReport.Fork(at, 1, 2, "forked"));
        assertThat(report.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(copied.size());
        assertThat(report.stats().get(Counter.PAGES_COPIED)).isEqualTo(copied.size());
        assertThat(report.stats().get(Counter.COW_REUSE_FAULTS)).isZero();
        assertThat(report.stats().get(Counter.NAIVE_COPY_PAGES)).isEqualTo(before.size());
        ReplayReport.ProcessReport child = report.processes().get(1);
        assertThat(child.role()).isEqualTo("child");
        assertThat(child.trace()).isNull();
        assertThat(child.accesses()).isZero();
        assertThat(child.pagesMapped()).isEqualTo(pages(recs.subList(0, at), false).size());
        assertThat(report.processes().getFirst().stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(copied.size());
    }

    @Test
    void aChildReplayingTheSameTraceCopiesEachSharedWrittenPageOnceAndTheOtherWriterReusesIt() throws Exception {
        List<Rec> recs = program(10_000, 3);
        int at = 6_000;
        Set<Long> before = pages(recs.subList(0, at), true);
        Set<Long> both = new HashSet<>(before);
        both.retainAll(pages(recs.subList(at, recs.size()), true));

        TraceSource t = source("p", Traces.lackey(recs));
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(t).withFork(List.of((long) at), t).withQuantum(7));

        assertThat(report.stats().get(Counter.COW_COPY_FAULTS)).isEqualTo(before.size());
        assertThat(report.stats().get(Counter.COW_REUSE_FAULTS)).isEqualTo(both.size());
        assertThat(report.processes().get(1).accesses()).isEqualTo(recs.size());
        assertThat(report.accesses()).isEqualTo(recs.size() * 2L);
    }

    @Test
    void anAccessAcrossAPageBoundaryTouchesBothPages() throws Exception {
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(source("x", " L 10ffc,8\n S 20fff,2\n")));
        assertThat(report.processes().getFirst().pagesMapped()).isEqualTo(4);
        assertThat(report.stats().get(Counter.ZERO_PAGE_MAPS)).isEqualTo(2);
        assertThat(report.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(2);
    }

    @Test
    void eachKindMakesItsAccess() throws Exception {
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(source("x", """
                I  10000,4
                I  10004,4
                 L 20000,8
                 M 30000,4
                 S 40000,8
                 L 40000,8
                """)));
        var stats = report.stats();
        assertThat(stats.get(Counter.ZERO_PAGE_MAPS)).as("the fetch and the load").isEqualTo(2);
        assertThat(stats.get(Counter.ZERO_FILL_FAULTS)).as("the modify and the store, each faulting once").isEqualTo(2);
        assertThat(stats.get(Counter.TLB_MISSES)).as("the second fetch and the load after the store hit").isEqualTo(4);
        assertThat(report.processes().getFirst().byKind()).containsExactly(2, 2, 1, 1);
    }

    @Test
    void regionsAreRunsOfAdjacentTouchedPages() throws Exception {
        List<List<Region>> regions = new ArrayList<>();
        Replayer.run(SV48, ReplayPlan.of(source("x", " L 10000,1\n L 12000,1\n L 30000,1\n L 11000,1\n")),
                kernel -> regions.add(kernel.process(1).orElseThrow().regions()));
        assertThat(regions.getFirst()).extracting(Region::start, Region::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x10000L, 0x13000L),
                        org.assertj.core.groups.Tuple.tuple(0x30000L, 0x31000L));
        assertThat(regions.getFirst()).allSatisfy(r -> {
            assertThat(r.name()).isEqualTo(Replayer.REGION);
            assertThat(r.protection().label()).isEqualTo("rwx");
        });
    }

    @Test
    void anAddressPastSv39IsNamedWithItsRecord() {
        KernelConfig sv39 = SV48.withPagingMode(PagingMode.SV39);
        assertThatThrownBy(() -> Replayer.run(sv39, ReplayPlan.of(source("x.lk", "I  10000,4\n S 7ff000398,8\n S 7ffff000398,8\n"))))
                .isInstanceOf(TraceException.class)
                .hasMessage("x.lk:3: address 0x7ffff000398 (8 bytes) does not fit the Sv39 user space, 0x10000 to 0x3fffffffff;"
                        + " Sv48 page tables reach it");
        assertThatThrownBy(() -> Replayer.run(SV48, ReplayPlan.of(source("x.lk", " L ffffffffff600000,8\n"))))
                .hasMessage("x.lk:1: address 0xffffffffff600000 (8 bytes) does not fit the Sv48 user space,"
                        + " 0x10000 to 0x7fffffffffff");
        assertThatThrownBy(() -> Replayer.run(SV48, ReplayPlan.of(source("x.lk", " L 7ffffffffffc,8\n"))))
                .hasMessageContaining("x.lk:1: address 0x7ffffffffffc (8 bytes) does not fit");
        assertThatThrownBy(() -> Replayer.run(SV48, ReplayPlan.of(source("x.lk", " L 8,8\n"))))
                .hasMessage("x.lk:1: address 0x8 is below 0x10000, where no process may map memory (the null-pointer guard)");
    }

    @Test
    void runningOutOfMemoryKillsTheReplayedProcessCleanly() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            s.append(" S ").append(Long.toHexString(0x100000 + i * 4096L)).append(",8\n");
        }
        KernelConfig small = SV48.withMemory(16 * 4096);
        ReplayReport report = Replayer.run(small, ReplayPlan.of(source("x", s.toString())).withFork(List.of(50L), null));
        ReplayReport.ProcessReport p = report.processes().getFirst();
        assertThat(p.status()).isEqualTo("oom");
        assertThat(p.endReason()).startsWith("out of memory: write at 0x");
        assertThat(p.usage()).isNull();
        assertThat(p.accesses()).isLessThan(16);
        assertThat(report.stats().get(Counter.OOM_KILLS)).isEqualTo(1);
        assertThat(report.forks()).containsExactly(new ReplayReport.Fork(50, 1, 0, "not-reached"));
    }

    @Test
    void forkPointsAtTheStartTheEndAndPastTheEnd() throws Exception {
        TraceSource t = source("x", " S 10000,8\n S 11000,8\n S 10000,8\n");
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(t).withFork(List.of(0L, 3L, 4L), null));
        assertThat(report.forks()).containsExactly(new ReplayReport.Fork(0, 1, 2, "forked"),
                new ReplayReport.Fork(3, 1, 3, "forked"), new ReplayReport.Fork(4, 1, 0, "not-reached"));
        assertThat(report.stats().get(Counter.COW_COPY_FAULTS)).isZero();
        assertThat(report.processes().get(2).pagesMapped()).isEqualTo(2);
    }

    @Test
    void everyForkPointMakesAChildHoldingThePagesMappedThen() throws Exception {
        List<Rec> recs = program(3000, 6);
        List<Long> points = new ArrayList<>();
        for (long n = 0; n < 3000; n += 10) {
            points.add(n);
        }
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(source("p", Traces.lackey(recs))).withFork(points, null));
        assertThat(report.forks()).hasSize(300).allSatisfy(f -> assertThat(f.outcome()).isEqualTo("forked"));
        assertThat(report.processes()).hasSize(301);
        for (int i = 0; i < 300; i++) {
            int at = (int) (long) points.get(i);
            assertThat(report.processes().get(i + 1).pagesMapped()).as("child forked at %d", at)
                    .isEqualTo(pages(recs.subList(0, at), false).size());
        }
    }

    @Test
    void copyModeCopiesEveryPresentPageAtTheFork() throws Exception {
        TraceSource t = source("x", " S 10000,8\n S 11000,8\n L 12000,8\n S 10000,8\n");
        ReplayReport report = Replayer.run(SV48.withForkMode(ForkMode.COPY), ReplayPlan.of(t).withFork(List.of(3L), null));
        assertThat(report.stats().get(Counter.PAGES_COPIED)).isEqualTo(2);
        assertThat(report.stats().get(Counter.COW_COPY_FAULTS)).isZero();
    }

    @Test
    void samplesCountDistinctPagesAndCopiesPerInterval() throws Exception {
        TraceSource t = source("x", """
                 S 10000,8
                 S 10008,8
                 S 11000,8
                 L 12000,8
                 S 10000,8
                """);
        ReplayReport report = Replayer.run(SV48, ReplayPlan.of(t).withFork(List.of(3L), null).withInterval(2));
        // Sv48: four table pages per process for these neighbouring pages
        assertThat(report.intervals()).containsExactly(
                new ReplayReport.Interval(2, 1, 0, 4 + 1),
                new ReplayReport.Interval(4, 2, 0, 4 + 2 + 4),  // the fork after access 3 adds the child's tables
                new ReplayReport.Interval(5, 1, 1, 4 + 2 + 4 + 1));
    }

    @Test
    void theKernelIsCleanAfterTheReplay() throws Exception {
        Kernel[] seen = new Kernel[1];
        Replayer.run(SV48, ReplayPlan.of(source("x", Traces.lackey(program(2000, 5)))).withFork(List.of(100L, 900L), null),
                kernel -> seen[0] = kernel);
        assertThat(seen[0].processes()).isEmpty();
        assertThat(seen[0].stats().get(Counter.FRAMES_IN_USE)).isZero();
        seen[0].checkInvariants();
        assertThat(seen[0].processes().stream().map(Process::pid)).isEmpty();
    }
}
